"""人员授权审批制度 (七): 被审批人 → 科室负责人 → 分管院长审批 → 纸质同意书 → 信息科办理 → 资料反馈审批科室.

The worked case: 艾琳 (心内科 nurse) asks for 护士工作站. Her head, the approving department (护理部) and the VP
approve; the consent form prints with the approvals and the signature lines; IT cannot carry it out before it
records that the signed form arrived; once done, both departments hear. An admin may relax the form (AuthzPolicy).
"""

import subprocess

import pytest
from django.urls import reverse

from authz import services
from authz.consent import consent_pdf
from authz.models import AuthzPolicy, Grant
from core.errors import ServiceError

from .hospital import approve_until_it, submitted


def refused(call, **kwargs):
    with pytest.raises(ServiceError) as error:
        call(**kwargs)
    return error.value.message


def pdf_text(content, tmp_path):
    path = tmp_path / "consent.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def at_it(hospital):
    """艾琳's request with every approval given: it waits for the signed form and IT."""
    account_request = submitted(hospital.nurse)
    approve_until_it(account_request, consent=False)
    return account_request


def test_it_cannot_carry_out_before_the_signed_form_is_received(hospital, at_it):
    message = refused(services.account_request_execute, account_request=at_it, by=hospital.it, account_id="ailin",
                      password_delivered=True)

    assert message == ("The signed consent form (授权同意书) has not been received yet: print it from this page, have "
                       "it signed, and record its receipt before carrying the request out.")
    assert Grant.objects.count() == 0


def test_it_records_the_form_then_carries_out(hospital, at_it):
    services.consent_received(account_request=at_it, by=hospital.it2)
    services.account_request_execute(account_request=at_it, by=hospital.it, account_id="ailin",
                                     password_delivered=True)

    at_it.refresh_from_db()
    assert (at_it.consent_received_by, at_it.executed_by) == (hospital.it2, hospital.it)
    assert at_it.consent_received_at <= at_it.executed_at
    assert list(Grant.objects.values_list("user__username", "permission_set__name")) == [("4100", "病区护士")]


def test_the_form_comes_after_every_approval_and_only_from_it(hospital):
    waiting = submitted(hospital.nurse)

    assert refused(services.consent_received, account_request=waiting, by=hospital.it) == (
        "The consent form is signed once every approval is given; this request is still waiting for approval.")
    approve_until_it(waiting, consent=False)
    assert refused(services.consent_received, account_request=waiting, by=hospital.ward_head) == (
        "Only IT staff record the signed consent form.")
    services.consent_received(account_request=waiting, by=hospital.it)
    assert refused(services.consent_received, account_request=waiting, by=hospital.it2) == (
        "The signed consent form was already recorded by 艾丽.")


def test_an_admin_may_relax_the_signed_form(hospital, at_it):
    policy = AuthzPolicy.current()
    policy.signed_consent_required = False
    policy.save()

    services.account_request_execute(account_request=at_it, by=hospital.it, account_id="ailin",
                                     password_delivered=True)

    assert Grant.objects.count() == 1


def test_the_consent_form_pdf(hospital, at_it, tmp_path):
    at_it.reason = '需书写护理记录 <b>&amp; <link href="http://evil">点我</link> <img src="x"/>'
    at_it.save(update_fields=["reason"])

    text = pdf_text(consent_pdf(at_it), tmp_path)

    for expected in ("信息系统授权同意书", "依据：医院信息系统授权审批制度（七）", "艾琳（工号 4100）", "心内科",
                     "护士工作站", "护理部", "病区护士", "新用户", f"SQ-{at_it.pk}",
                     '需书写护理记录 <b>&amp; <link href="http://evil">点我</link> <img src="x"/>',
                     "罗主任", "何主任", "郑院长", "被审批人", "科室负责人", "分管院长（审批同意）", "信息科办理",
                     "有关资料已反馈审批科室（护理部）"):
        assert expected in text, expected
    fonts = subprocess.run(["pdffonts", str(tmp_path / "consent.pdf")], capture_output=True,
                           text=True).stdout.splitlines()[2:]
    assert [(line.split()[0].split("+")[-1], line.split()[-5:-2]) for line in fonts] == [
        ("WenQuanYiMicroHei-0", ["yes", "yes", "yes"])]  # one font, embedded


def test_both_departments_hear_when_it_is_done(hospital, at_it):
    from notifications.models import Notification

    services.consent_received(account_request=at_it, by=hospital.it)
    services.account_request_execute(account_request=at_it, by=hospital.it, account_id="ailin",
                                     password_delivered=True)

    done = set(Notification.objects.filter(subject__startswith="Done:").values_list("recipient__username", flat=True))
    assert done == {"4900", "3200"}  # 心内科 (the applicant's) and 护理部 (资料反馈审批科室)


# The pages ------------------------------------------------------------------------------------------------------

def test_the_request_page_offers_the_form_and_it_records_receipt(client, hospital, at_it):
    client.force_login(hospital.it)

    page = client.get(at_it.get_absolute_url()).content.decode()
    pdf = client.get(reverse("authz:request_consent", args=[at_it.pk]))
    response = client.post(reverse("authz:request_consent_received", args=[at_it.pk]))

    assert "Print the consent form (PDF)" in page and "IT: the signed form is received" in page
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert pdf["Content-Disposition"] == f"inline; filename=\"{at_it.pk}.pdf\"; filename*=utf-8''%E6%8E%88%E6%9D%83%E5%90%8C%E6%84%8F%E4%B9%A6-{at_it.pk}.pdf"
    assert [str(m) for m in client.get(response.url).context["messages"]] == [
        "The signed consent form is recorded; the request can now be carried out."]


def test_no_consent_form_before_the_approvals(client, hospital):
    waiting = submitted(hospital.nurse)
    client.force_login(hospital.nurse)

    assert client.get(reverse("authz:request_consent", args=[waiting.pk])).status_code == 404
    assert "Print the consent form" not in client.get(waiting.get_absolute_url()).content.decode()


def test_the_applicant_prints_it_but_cannot_record_receipt(client, hospital, at_it):
    client.force_login(hospital.nurse)

    page = client.get(at_it.get_absolute_url()).content.decode()
    client.post(reverse("authz:request_consent_received", args=[at_it.pk]))

    assert "Print the consent form (PDF)" in page and "IT: the signed form is received" not in page
    at_it.refresh_from_db()
    assert at_it.consent_received_at is None


def test_a_long_reason_moves_the_whole_signature_block_to_the_next_page(hospital, at_it, tmp_path):
    at_it.reason = "需书写护理记录。\n夜班需要查看医嘱与执行单。\n" + "理由很长，" * 200
    at_it.save(update_fields=["reason"])
    path = tmp_path / "consent.pdf"
    path.write_bytes(consent_pdf(at_it))

    pages = [subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                            capture_output=True, text=True, check=True).stdout for page in (1, 2)]

    assert "需书写护理记录。\n" in pages[0] and "签字确认" not in pages[0]
    assert all(part in pages[1] for part in ("签字确认", "分管院长（审批同意）", "信息科办理", "信息科收到后方可办理"))
    assert [f"授权同意书 SQ-{at_it.pk} · 第 {page} 页" in text for page, text in enumerate(pages, start=1)] == [
        True, True]
