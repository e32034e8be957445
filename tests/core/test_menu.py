"""The page shell's menus come from what the apps register (core.menu): whom an entry shows for, its place, a
dropdown nobody may open, live counts, role flags, and one computation a minute per person."""

import datetime

import pytest
from django.urls import reverse

from core import menu
from core.roles import Role
from offboarding.models import Handover
from staff.models import Department
from tests.factories import DepartmentFactory, StaffProfileFactory, UserFactory
from core.menu import ACCOUNT, Divider, Header, Link, Menu
from tests.conftest import ROLES
from tests.html import by_testid, find_all


@pytest.fixture
def registry(monkeypatch):
    """A registry of the test's own (the apps' registrations are put back afterwards)."""
    monkeypatch.setattr(menu, "_menus", {})
    monkeypatch.setattr(menu, "_items", {})
    monkeypatch.setattr(menu, "_flags", {})
    menu.register_menu(Menu(ACCOUNT, "", order=1000))
    return menu


def is_head(user):
    return user.username == "1100"


def test_entries_show_for_whom_their_predicate_says_in_their_order(registry, org):
    registry.register_menu(Menu("tools", "工具", order=20, app_name="tools"))
    registry.register_menu(Menu("home", "首页", order=10, url="home", url_name="home"))
    registry.register_items("tools", Link("乙", "home", order=20, query="?b=1"), Header("组", order=5),
                            Divider(order=15, show=is_head), Link("甲", "home", order=10, nav="a"))

    for_head = registry.for_user(org.head)
    for_employee = registry.for_user(org.employee)

    assert [m["label"] for m in for_head["nav_menus"]] == ["首页", "工具"]
    assert [(e["kind"], e["label"], e.get("href")) for e in for_head["nav_menus"][1]["entries"]] == [
        ("header", "组", None), ("link", "甲", "/"), ("divider", "", None), ("link", "乙", "/?b=1")]
    assert [e["kind"] for e in for_employee["nav_menus"][1]["entries"]] == ["header", "link", "link"]


def test_a_dropdown_with_nothing_for_the_person_is_left_out(registry, org):
    registry.register_menu(Menu("heads", "负责人", order=10))
    registry.register_items("heads", Link("只给负责人", "home", show=is_head))

    assert [m["label"] for m in registry.for_user(org.employee)["nav_menus"]] == []
    assert [m["label"] for m in registry.for_user(org.head)["nav_menus"]] == ["负责人"]


def test_items_for_a_menu_nobody_registered_are_an_error(registry, org):
    registry.register_items("nowhere", Link("孤儿", "home"))

    with pytest.raises(Exception, match="nowhere"):
        registry.for_user(org.employee)


def test_flags_and_the_account_menu(registry, org):
    registry.register_flag("nav_is_head", is_head)
    registry.register_items(ACCOUNT, Link("日志", "home", order=10, show=is_head, nav="log"))

    assert registry.for_user(org.head)["nav_is_head"] is True
    assert registry.for_user(org.employee)["nav_is_head"] is False
    assert [e["nav"] for e in registry.for_user(org.head)["nav_account"]] == ["log"]
    assert registry.for_user(org.employee)["nav_account"] == []


def test_what_a_person_sees_is_computed_once_and_counts_are_live(registry, org):
    asked, counts = [], iter([3, 4])
    registry.register_menu(Menu("inbox", "审批", order=10, url="home", badge=lambda user: next(counts),
                                badge_testid="count"))
    registry.register_items(ACCOUNT, Link("x", "home", show=lambda user: asked.append(user) or True))

    first = registry.for_user(org.employee)
    second = registry.for_user(org.employee)

    assert len(asked) == 1  # the predicates ran once; the second page read the cache
    assert (first["nav_menus"][0]["badge"], second["nav_menus"][0]["badge"]) == (3, 4)


def active_links(response, dropdowns_only=False):
    return [text for tag, attrs, text in find_all(response, "class")
            if {"nav-link", "active"} <= set(attrs["class"].split())
            and (not dropdowns_only or "dropdown-toggle" in attrs["class"])]


def test_the_menu_of_the_apps_marks_the_current_app(client, org):
    client.force_login(org.head)

    # The leave list has tabs of its own (nav-links too): only the menus' dropdowns are compared there.
    assert active_links(client.get(reverse("leave:list")), dropdowns_only=True) == ["请假"]
    assert active_links(client.get(reverse("home"))) == ["我的工作"]


# What each person of the base fixture finds in the menus: (menu, number of entries; 0 for a one-link menu).
IT_MENUS = [("我的工作", 0), ("审批", 0), ("帐号与权限", 11), ("人员", 3), ("请假", 4), ("培训", 5), ("值班", 13),
            ("违纪考核", 4), ("月度绩效", 1), ("离岗交接", 0)]
LEADER_MENUS = [("我的工作", 0), ("审批", 0), ("帐号与权限", 11), ("人员", 3), ("请假", 9), ("培训", 9), ("值班", 13),
                ("违纪考核", 6), ("月度绩效", 4), ("招聘", 4), ("离岗交接", 0)]
MENUS_BY_ROLE = {
    "employee": IT_MENUS,
    "supervisor": LEADER_MENUS,
    "head": LEADER_MENUS,
    "hr": [("我的工作", 0), ("审批", 0), ("帐号与权限", 7), ("人员", 10), ("请假", 9), ("培训", 7), ("值班", 5),
           ("违纪考核", 5), ("月度绩效", 4), ("招聘", 4), ("离岗交接", 0)],
    # A nurse of 心内科: her accounts, the duty board and fault reports, the training sessions she is on.
    "outsider": [("我的工作", 0), ("审批", 0), ("帐号与权限", 6), ("人员", 3), ("培训", 1), ("值班", 4)],
    "admin": [("我的工作", 0), ("审批", 0), ("帐号与权限", 11), ("人员", 5), ("请假", 4), ("培训", 5), ("值班", 13),
              ("违纪考核", 4), ("月度绩效", 1), ("离岗交接", 0)],
}
BRAND_BY_ROLE = {"employee": "信息科", "supervisor": "信息科", "head": "信息科", "hr": "人事科", "outsider": "心内科",
                 "admin": "信息科"}
ACCOUNT_BY_ROLE = {"admin": ["audit", "admin"]}


@pytest.mark.parametrize("role", ROLES)
def test_the_apps_menus_for_every_role(org, role):
    shown = menu.for_user(org.by_role(role))

    assert [(str(m["label"]), len(m["entries"])) for m in shown["nav_menus"]] == MENUS_BY_ROLE[role]
    assert [entry["nav"] for entry in shown["nav_account"]] == ACCOUNT_BY_ROLE.get(role, [])
    assert shown["nav_brand"] == BRAND_BY_ROLE[role]


@pytest.fixture
def medical_head(org):
    """The head of 医务科 (an administrative department), owner of a subsystem, as 3001 冯志远 in the demo."""
    medical = DepartmentFactory(code="medical", name="医务科", kind=Department.Kind.FUNCTIONAL)
    head = StaffProfileFactory(user=UserFactory(username="3100", name="冯主任",
                                                roles=[Role.DEPARTMENT_HEAD, Role.SYSTEM_OWNER]),
                               department=medical).user
    medical.head = head
    medical.save()
    return head


# Issue 13: approvals, accounts and permissions (with the access review he leads), his staff, the duty board and
# fault reports, the training he attends; none of the IT department's own leave, discipline, scorecards or duty.
# 招聘 shows for every department head: 用人计划 is raised by the using department, whichever it is
# (hiring.rules.can_request_headcount).
MEDICAL_HEAD_MENUS = [("我的工作", 0), ("审批", 0), ("帐号与权限", 7), ("人员", 3), ("培训", 1), ("值班", 4),
                      ("招聘", 4)]


def test_a_clinical_or_administrative_head_sees_only_the_menus_with_work_for_him(client, medical_head):
    shown = menu.for_user(medical_head)

    assert [(str(m["label"]), len(m["entries"])) for m in shown["nav_menus"]] == MEDICAL_HEAD_MENUS
    assert [str(e["label"]) for e in shown["nav_menus"][2]["entries"]] == [
        "申请帐号或权限", "帐号与权限申请", "授权登记册", "信息系统", "注销", "关键活动审批", "权限复核"]
    client.force_login(medical_head)
    assert by_testid(client.get(reverse("home")), "brand") == "医务科"


def test_a_handover_of_his_department_brings_the_handover_menu(org, medical_head):
    medical = medical_head.profile.department
    leaving = StaffProfileFactory(department=medical).user
    Handover.objects.create(person=leaving, department=medical, kind=Handover.Kind.DEPARTURE,
                            effective_on=datetime.date(2026, 12, 31), successor=medical_head, started_by=org.hr)

    assert [str(m["label"]) for m in menu.for_user(medical_head)["nav_menus"]][-1] == "离岗交接"


def test_the_brand_of_a_person_without_a_profile_is_the_it_department(client, org):
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(superuser)

    assert by_testid(client.get(reverse("home")), "brand") == "信息科"
