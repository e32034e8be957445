"""The home page tells time clearly: ages (“2 小时前”), deadlines (“还剩 2 天”, in red “已逾期 3 天”), overdue first."""

import datetime

import pytest
import time_machine
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from core import home as home_registry
from tests.html import find_all

NOW = timezone.make_aware(datetime.datetime(2026, 12, 4, 10, 0))
D = datetime.date


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def render(source, **context):
    return Template("{% load xinke %}" + source).render(Context(context)).strip()


@pytest.mark.parametrize(("moment", "text"), [
    (NOW - datetime.timedelta(seconds=20), "刚刚"),
    (NOW - datetime.timedelta(minutes=5), "5 分钟前"),
    (NOW - datetime.timedelta(hours=2, minutes=40), "2 小时前"),
    (NOW - datetime.timedelta(days=3, hours=5), "3 天前"),
    (D(2026, 11, 1), "1 个月前"),
])
def test_ages(moment, text):
    assert render("{{ moment|ago }}", moment=moment) == text


@pytest.mark.parametrize(("deadline", "text", "red"), [
    (D(2026, 12, 6), "还剩 2 天", False),
    (D(2026, 12, 4), "今天到期", False),
    (D(2026, 12, 1), "已逾期 3 天", True),
    (NOW + datetime.timedelta(hours=5), "还剩 5 小时", False),
    (NOW - datetime.timedelta(hours=3), "已逾期 3 小时", True),
    (NOW + datetime.timedelta(days=2, hours=1), "还剩 2 天", False),
])
def test_deadlines(deadline, text, red):
    [(_tag, attrs, shown)] = find_all(render("{% due deadline %}", deadline=deadline), "data-testid", "due")
    assert shown == text
    assert ("text-danger" in attrs["class"]) is red


def test_a_provisional_deadline_is_marked():
    assert "暂算" in render("{% due deadline True %}", deadline=D(2027, 1, 6))


def test_overdue_work_comes_first_then_the_oldest(client, org, monkeypatch):
    def item(title, since_days, due=None):
        return home_registry.WorkItem(title=title, url=f"/{title}/", kind="测试",
                                      since=NOW - datetime.timedelta(days=since_days), due=due)

    items = [item("new", 1), item("old", 9, due=D(2026, 12, 10)), item("late", 2, due=D(2026, 12, 3)),
             item("later", 3, due=NOW - datetime.timedelta(days=4))]
    monkeypatch.setattr(home_registry, "_pending", [lambda user: items])
    client.force_login(org.employee)
    page = client.get(reverse("home"))
    rows = [text for _tag, _attrs, text in find_all(page, "data-testid", "pending-item")]
    assert rows == ["测试later 已逾期 4 天 3 天前", "测试late 已逾期 1 天 2 天前", "测试old 还剩 6 天 1 周前",
                    "测试new 1 天前"]


def test_a_moment_to_come_has_no_age():
    assert render("{{ moment|ago }}", moment=NOW + datetime.timedelta(hours=1)) == ""
