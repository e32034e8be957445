"""The home page ("my work"): greeting, its sections, notifications, and the menu by role."""

import pytest
from django.urls import reverse

from core import home as home_registry
from notifications.services import notify
from tests.conftest import ROLES
from tests.html import find_all, text_by_id, values


def h1_text(response):
    return [text for tag, _attrs, text in find_all(response, "class") if tag == "h1"]


def test_home_shows_the_persons_name_and_the_sections(client, org):
    client.force_login(org.employee)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    [greeting] = h1_text(response)
    assert "艾丽" in greeting
    assert values(response, "aria-labelledby") == ["pending-title", "requests-title", "notifications-title"]
    assert response.context["profile"] == org.employee.profile
    assert response.context["pending"] == []
    assert response.context["my_requests"] == []


def test_home_lists_work_from_the_registered_providers(client, org, monkeypatch):
    item = home_registry.WorkItem(title="请审批：鲍勃的请假", url="/somewhere/", kind="leave")
    monkeypatch.setattr(home_registry, "_pending", [lambda user: [item] if user == org.head else []])
    client.force_login(org.head)

    response = client.get(reverse("home"))

    assert response.context["pending"] == [item]
    assert [attrs["href"] for tag, attrs, text in find_all(response, "href", "/somewhere/")] == ["/somewhere/"]
    assert [text for tag, attrs, text in find_all(response, "href", "/somewhere/")] == ["请审批：鲍勃的请假"]


def test_notifications_appear_on_home(client, org):
    first = notify(recipient=org.employee, subject="机房巡检提醒", body="今晚 22:00")
    second = notify(recipient=org.employee, subject="培训通知")
    notify(recipient=org.outsider, subject="别人的通知")
    client.force_login(org.employee)

    response = client.get(reverse("home"))

    assert [n.pk for n in response.context["notifications"]] == [second.pk, first.pk]
    assert text_by_id(response, f"notification-{first.pk}").startswith("机房巡检提醒")
    assert text_by_id(response, f"notification-{second.pk}").startswith("培训通知")
    assert "别人的通知" not in response.content.decode()
    assert find_all(response, "data-testid", "bell-news")[0][1]["data-count"] == "2"


# Handovers (离岗交接): HR, department leaders and IT staff (the admin is one); not the 心内科 nurse
# HR's lists sit in the Staff menu; the audit log and Django admin in the person's own menu.
# Imports (roster, posts, catalogue): HR and admins. Training and the duty roster: everyone on the staff.
NAV_BY_ROLE = {"employee": ["training", "duty", "offboarding"], "supervisor": ["training", "duty", "offboarding"],
               "head": ["training", "duty", "offboarding"], "hr": ["hr", "imports", "training", "duty", "offboarding"],
               "outsider": ["training", "duty"], "admin": ["imports", "training", "duty", "offboarding", "audit", "admin"]}


@pytest.mark.parametrize("role", ROLES)
def test_menu_by_role(client, org, role):
    client.force_login(org.by_role(role))

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert values(response, "data-nav") == NAV_BY_ROLE.get(role, [])


def test_signed_out_visitor_is_sent_to_sign_in(client, org):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/"
