"""The bell on a phone (390×844) and on a desktop: its two figures sit beside the icon, never over it, inside the
screen; marking news read in place lowers the figure without a reload."""

import pytest

from notifications.services import notify

from ..authz.hospital import policy_loaded  # noqa: F401 (a fixture: the posts the base fixture needs)
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": ({"width": 390, "height": 844}, "#bell-phone"), "desktop": ({"width": 1366, "height": 900}, "#bell")}


def overlap(a, b):
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_figures_never_cover_the_bell(live_server, page, policy_loaded, org, viewport):
    size, bell = VIEWPORTS[viewport]
    for n in range(12):
        notify(recipient=org.head, subject=f"待您审批{n}", work=org.employee.profile if n % 2 else org.it)
        notify(recipient=org.head, subject=f"消息{n}")
    for n in range(110):
        notify(recipient=org.head, subject=f"更多消息{n}")  # three digits
    page.set_viewport_size(size)
    sign_in(page, live_server, org.head.username)

    icon = page.locator(f"{bell} svg").bounding_box()
    figures = [page.locator(f"{bell} .bell-figure").nth(i).bounding_box() for i in range(2)]

    # Twelve notices about two pieces of work count as two.
    assert [page.locator(f"{bell} .bell-figure").nth(i).inner_text() for i in range(2)] == ["待办 2", "新消息 122"]
    assert not any(overlap(icon, figure) for figure in figures)
    assert not overlap(*figures)
    assert all(figure["x"] + figure["width"] <= size["width"] for figure in figures)


def test_marking_news_read_in_place_lowers_the_figure(live_server, page, policy_loaded, org):
    news = notify(recipient=org.head, subject="请假已批准")
    notify(recipient=org.head, subject="账号已开通")
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, org.head.username)
    page.goto(live_server.url + "/notifications/?tab=news")
    page.evaluate("window.xinkeStayedOnPage = true")

    page.locator(f"#notification-{news.pk} button[hx-post]").click()
    page.locator(f"#notification-{news.pk}:not(.notification-unread)").wait_for()

    assert page.locator("#bell-phone .bell-figure").inner_text() == "新消息 1"
    assert page.evaluate("window.xinkeStayedOnPage") is True
