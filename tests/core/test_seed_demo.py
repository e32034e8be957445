"""seed_demo builds the demo hospital once; running it again changes nothing."""

from io import StringIO

from django.core.management import call_command

from authz.policy import OWNER_DEPARTMENTS
from staff.demo import DEMO_PASSWORD, DEPARTMENTS, PEOPLE
from hiring.demo import HIRED
from staff.models import Department, Post, StaffProfile, User
from core.roles import Role


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return (User.objects.count(), StaffProfile.objects.count(), Department.objects.count(), Post.objects.count())


def test_seed_demo_twice_creates_everything_once(db):
    first_output = seed()
    after_first = counts()

    second_output = seed()

    departed = 1  # 钱峰 1011, who left in offboarding's demo (offboarding/demo.py)
    assert after_first == (len(PEOPLE) + len(HIRED) + departed, len(PEOPLE) + len(HIRED) + departed,
                           len(DEPARTMENTS), 6)
    assert counts() == after_first
    owners = len(OWNER_DEPARTMENTS)  # created by the authz migration (authz/policy.py), before any demo
    assert first_output.splitlines()[0] == f"staff: {len(PEOPLE) + len(DEPARTMENTS) - owners} created"
    assert second_output.splitlines()[0] == "staff: 0 created"


def test_demo_head_of_it(db):
    seed()

    it = Department.objects.select_related("head", "deputy").get(code="it")

    assert (it.name, it.head.username, it.head.name, it.deputy.username) == ("信息科", "1001", "王建国", "1002")
    assert list(it.head.groups.values_list("name", flat=True)) == [Role.DEPARTMENT_HEAD.value]
    assert User.objects.get(username="1001").profile.department == it


def test_demo_passwords_and_first_sign_in(db):
    seed()

    newcomer = User.objects.get(username="1008")

    assert newcomer.must_change_password is True
    assert newcomer.check_password(DEMO_PASSWORD) is True
    assert sorted(User.objects.filter(must_change_password=True).values_list("username", flat=True)) == ["1008"]
    assert sorted(User.objects.filter(is_staff=True).values_list("username", flat=True)) == ["1003"]


def test_demo_people_have_valid_records(db):
    from staff.idnumbers import validate_id_number

    seed()

    for profile in StaffProfile.objects.select_related("user"):
        validate_id_number(profile.id_number)  # raises when a demo number is not valid
    departed = 1  # 钱峰 1011, who left in offboarding's demo (offboarding/demo.py)
    assert StaffProfile.objects.exclude(id_number="").values("id_number").distinct().count() == (
        len(PEOPLE) + len(HIRED) + departed)
    assert Post.objects.filter(department__code="it").count() == 6
    assert StaffProfile.objects.get(user__username="1004").post.name == "安全管理员"


def test_demo_newcomer_must_change_password_at_sign_in(client, db):
    seed()

    response = client.post("/accounts/login/", {"login": "1008", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    response = client.get("/")

    assert response.status_code == 302
    assert response.url == "/accounts/password/change/"
