"""Posts and their descriptions (岗位说明书), seeded by migration staff/0002 from staff/seed_data/posts.json."""

from django.urls import reverse

from staff.models import Post, StaffProfile
from tests.factories import StaffProfileFactory, UserFactory
from tests.html import find_all

SECURITY_ADMIN_DUTY = "负责医院信息化运维过程中日常安全检查、危害安全事件处理。"


def pre_line_texts(response):
    return [text for tag, _attrs, text in find_all(response, "class", "pre-line")]


def test_post_list_in_the_departments_order(client, org):
    client.force_login(org.employee)

    response = client.get(reverse("staff:post_list"))

    assert response.status_code == 200
    assert [post.name for post in response.context["posts"]] == [
        "科长", "副科长", "系统管理员", "安全管理员", "数据库管理员", "网络管理员"]
    links = [attrs["href"] for tag, attrs, _text in find_all(response, "href") if attrs["href"].startswith("/staff/posts/")]
    assert links == ["/staff/posts/", "/staff/posts/head/", "/staff/posts/deputy_head/", "/staff/posts/system_admin/",
                     "/staff/posts/security_admin/", "/staff/posts/database_admin/", "/staff/posts/network_admin/"]


def test_security_admin_post_shows_the_seeded_duties(client, org):
    client.force_login(org.outsider)

    response = client.get(reverse("staff:post_detail", args=["security_admin"]))

    assert response.status_code == 200
    assert response.context["post"] == Post.objects.get(name="安全管理员")
    duties = [duty.content for duty in response.context["duties"]]
    assert len(duties) == 4
    assert duties[1] == SECURITY_ADMIN_DUTY
    texts = pre_line_texts(response)
    assert texts.count(SECURITY_ADMIN_DUTY) == 1
    assert texts.count("执行能力、管理能力、控制能力") == 1  # the first duty's measures
    assert [(r.kind, r.name) for r in response.context["requirements"]][:2] == [
        ("qualification", "学历"), ("qualification", "职业经验")]
    [title] = [text for tag, _attrs, text in find_all(response, "class", "h3 mb-3") if tag == "h1"]
    assert "安全管理员" in title


def test_post_holders_are_its_active_staff(client, org):
    departed = StaffProfileFactory(user=UserFactory(username="1199", name="离职者"), department=org.it,
                                   post=org.post, status=StaffProfile.Status.DEPARTED)
    client.force_login(org.employee)

    response = client.get(reverse("staff:post_detail", args=["system_admin"]))

    assert [holder.user.username for holder in response.context["holders"]] == ["1101"]
    assert departed.user.name not in response.content.decode()


def test_unknown_post_is_404(client, org):
    client.force_login(org.employee)

    assert client.get(reverse("staff:post_detail", args=["no_such_post"])).status_code == 404


def test_posts_need_sign_in(client, org):
    response = client.get(reverse("staff:post_detail", args=["security_admin"]))

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/staff/posts/security_admin/"


def test_post_list_shows_the_people_in_post_against_the_headcount(client, org):
    """岗位设置 各1人: 在岗 / 编制 per post; a post beyond its headcount says by how many."""
    StaffProfileFactory(user=UserFactory(username="1105", name="额外"), department=org.it, post=org.post)
    StaffProfileFactory(user=UserFactory(username="1106", name="离职"), department=org.it, post=org.post,
                        status=StaffProfile.Status.DEPARTED)
    client.force_login(org.employee)

    response = client.get(reverse("staff:post_list"))

    assert [(post.name, post.staffing.filled, post.staffing.headcount, post.staffing.over)
            for post in response.context["posts"]] == [
        ("科长", 1, 1, 0), ("副科长", 1, 1, 0), ("系统管理员", 2, 1, 1), ("安全管理员", 0, 1, 0),
        ("数据库管理员", 0, 1, 0), ("网络管理员", 0, 1, 0)]
    assert "在岗 2 / 编制 1 · 超编1人" in response.content.decode()  # the page is in Chinese here


def test_post_detail_shows_the_staffing(client, org):
    client.force_login(org.outsider)

    response = client.get(reverse("staff:post_detail", args=["system_admin"]))

    assert (response.context["post"].staffing.filled, response.context["post"].staffing.allowed) == (1, 1)
    assert "在岗 1 / 编制 1" in response.content.decode()
