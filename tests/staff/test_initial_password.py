"""Imported people have no usable password: HR or an administrator hands one over, shown once, changed at first
sign-in. Audited without the password."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from core.errors import ServiceError
from staff import services
from staff.models import StaffProfile, User
from tests.factories import StaffProfileFactory


@pytest.fixture
def imported(org):
    user = User.objects.create(username="5001", name="张三", password="!unusable", must_change_password=True)
    StaffProfileFactory(user=user, department=org.ward)
    return user


def test_hr_hands_over_an_initial_password_shown_once(client, org, imported):
    client.force_login(org.hr)
    profile_page = client.get(reverse("staff:profile", args=["5001"])).content.decode()
    assert 'data-testid="no-password"' in profile_page

    response = client.post(reverse("staff:initial_password", args=["5001"]))

    password = response.context["password"]
    imported.refresh_from_db()
    assert (len(password), imported.check_password(password), imported.must_change_password) == (12, True, True)
    entry = AuditEntry.objects.get(action="staff.account.initial_password")
    assert (entry.actor, entry.object_id, entry.after) == (org.hr, str(imported.pk), {"first": True})
    assert password not in str(entry.after) and response["Cache-Control"] == "no-store"


def test_the_new_person_signs_in_and_must_change_it(client, org, imported):
    password = services.initial_password_issue(user=imported, by=org.admin)
    client.logout()

    client.post(reverse("account_login"), {"login": "5001", "password": password})
    response = client.get(reverse("home"))

    assert (response.status_code, response.url) == (302, reverse("account_change_password"))


@pytest.mark.parametrize("role", ["employee", "supervisor", "head", "outsider"])
def test_others_cannot(client, org, imported, role):
    client.force_login(org.by_role(role))

    assert client.post(reverse("staff:initial_password", args=["5001"])).status_code == 404
    imported.refresh_from_db()
    assert imported.has_usable_password() is False


def test_not_for_oneself_nor_for_someone_who_left(org, imported):
    with pytest.raises(ServiceError):
        services.initial_password_issue(user=org.hr, by=org.hr)
    StaffProfile.objects.filter(user=imported).update(status=StaffProfile.Status.DEPARTED)
    with pytest.raises(ServiceError) as refused:
        services.initial_password_issue(user=imported, by=org.hr)
    assert refused.value.message == "张三已离职或账号已停用，不再发放口令。"


def test_hr_prints_a_departments_slips_once(client, org, imported):
    client.force_login(org.hr)
    listing = client.get(reverse("staff:password_slips"))
    assert [(d.name, d.waiting) for d in listing.context["page"].object_list] == [("心内科", 1)]

    response = client.post(reverse("staff:password_slips"), {"department": org.ward.pk})

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response.content.startswith(b"%PDF")
    imported.refresh_from_db()
    assert imported.has_usable_password() is True
    again = client.post(reverse("staff:password_slips"), {"department": org.ward.pk}, follow=True)
    assert [str(m) for m in again.context["messages"]] == ["心内科的人员都已有密码。"]


def test_the_slip_carries_the_password_in_text(org, imported, tmp_path):
    import subprocess

    from staff.slips import slips_pdf

    path = tmp_path / "slips.pdf"
    path.write_bytes(slips_pdf([("5001", "张三<b>", "心内科", "Abc23456xyzQ")]))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout

    assert "Abc23456xyzQ" in text and "张三<b>" in text and "5001" in text
