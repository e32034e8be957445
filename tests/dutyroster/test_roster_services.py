"""Rosters: opened and drafted from rotations by the head, edited cell by cell, conflicts refused or flagged
(approved leave, probation and induction, posts, rest after a 24-hour duty, overlaps), published, and changed
afterwards only with a reason — every change audited and told."""

import datetime
from collections import Counter

import pytest

from audit.models import AuditEntry
from core.errors import ServiceError
from dutyroster.models import Assignment, AssignmentChange, Roster, Rotation, RotationMember
from dutyroster.selectors import roster_grid
from dutyroster.services import roster as services
from leave import services as leave_services
from leave.models import Half, LeaveType
from notifications.models import Notification
from hiring.models import Probation
from tests.leave.conftest import decide_all

from .conftest import assign

D = datetime.date


@pytest.fixture
def rotation(org, types, colleague, third):
    rotation = Rotation.objects.create(department=org.it, duty_type=types["main"], name="主班轮转",
                                       anchor_on=D(2026, 12, 1))
    for order, person in enumerate([org.employee, colleague, third], start=1):
        RotationMember.objects.create(rotation=rotation, person=person, order=order)
    return rotation


def leave_for(person, day, org):
    cover = org.supervisor if person != org.supervisor else org.employee
    leave = leave_services.leave_apply(
        person=person, by=person, leave_type=LeaveType.objects.get(code="personal"), starts_on=day,
        start_half=Half.MORNING, ends_on=day, end_half=Half.AFTERNOON, reason="家中有事", cover=cover)
    return decide_all(leave)


def test_the_head_opens_a_month_once(org):
    roster = services.roster_open(department=org.it, month=D(2026, 12, 15), by=org.head)
    again = services.roster_open(department=org.it, month=D(2026, 12, 1), by=org.head)
    assert (roster.pk, roster.month, roster.state) == (again.pk, D(2026, 12, 1), Roster.State.DRAFT)
    assert AuditEntry.objects.filter(action="dutyroster.roster.open").count() == 1


def test_only_the_head_or_deputy_plans(org):
    with pytest.raises(ServiceError, match="只有信息科的科主任或副主任"):
        services.roster_open(department=org.it, month=D(2026, 12, 1), by=org.employee)
    assert Roster.objects.count() == 0


def test_drafting_fills_the_month_from_the_rotation(org, december, rotation, colleague, third):
    draft = services.roster_draft(roster=december, by=org.head)
    assert (draft.duties, draft.conflicts, draft.unknown_year) == (31, 0, None)
    first = december.assignments.order_by("day")[:4]
    assert [(a.day.day, a.person.username) for a in first] == [(1, "1101"), (2, "1103"), (3, "1104"), (4, "1101")]
    duty = first[0]
    assert (duty.starts_at.isoformat(), duty.ends_at.isoformat()) == ("2026-12-01T00:00:00+00:00",
                                                                      "2026-12-02T00:00:00+00:00")
    assert duty.rotation == rotation


def test_drafting_again_replaces_the_rotations_cells_only(org, december, rotation, types, colleague):
    assign(december, colleague, D(2026, 12, 7), types["day"])
    services.roster_draft(roster=december, by=org.head)
    services.roster_draft(roster=december, by=org.head)
    assert december.assignments.filter(duty_type=types["main"]).count() == 31
    assert december.assignments.filter(duty_type=types["day"]).count() == 1


def test_a_published_roster_is_not_drafted_again(org, november, rotation):
    with pytest.raises(ServiceError, match="值班表已发布"):
        services.roster_draft(roster=november, by=org.head)


def test_approved_leave_is_skipped_for_the_next_in_order(org, december, rotation, colleague):
    leave_for(colleague, D(2026, 12, 2), org)
    draft = services.roster_draft(roster=december, by=org.head)
    assert (draft.duties, draft.conflicts) == (31, 0)
    first = december.assignments.order_by("day")[:6]
    # 1104 takes 范文's turn on the 2nd, 范文 comes back next (the 3rd), then the order as planned.
    assert [(a.day.day, a.person.username) for a in first] == [
        (1, "1101"), (2, "1104"), (3, "1103"), (4, "1101"), (5, "1103"), (6, "1104")]
    counts = Counter(december.assignments.values_list("person__username", flat=True))
    assert counts == {"1101": 11, "1103": 10, "1104": 10}


def test_pending_leave_stays_a_warning_and_is_not_skipped(org, december, rotation, colleague):
    leave_services.leave_apply(
        person=colleague, by=colleague, leave_type=LeaveType.objects.get(code="personal"), starts_on=D(2026, 12, 2),
        start_half=Half.MORNING, ends_on=D(2026, 12, 2), end_half=Half.AFTERNOON, reason="家中有事",
        cover=org.supervisor)
    draft = services.roster_draft(roster=december, by=org.head)
    assert draft.conflicts == 0
    assert december.assignments.get(day=D(2026, 12, 2)).person == colleague
    grid = roster_grid(december)
    assert grid.conflicts == []


def test_two_rotations_that_would_collide_take_the_next_in_order(org, december, types, colleague, third):
    people = [org.employee, colleague, third, org.supervisor]
    for code in ("main", "day"):  # both in one order from one day: everyone would have 值主班 and 值白班 at once
        rotation = Rotation.objects.create(department=org.it, duty_type=types[code], name=code,
                                           anchor_on=D(2026, 12, 1))
        for order, person in enumerate(people, start=1):
            RotationMember.objects.create(rotation=rotation, person=person, order=order)
    draft = services.roster_draft(roster=december, by=org.head)
    assert (draft.duties, draft.conflicts) == (62, 0)
    assert roster_grid(december).conflicts == []
    for code in ("main", "day"):
        counts = Counter(december.assignments.filter(duty_type=types[code]).values_list("person__username",
                                                                                      flat=True))
        assert len(counts) == 4 and max(counts.values()) - min(counts.values()) <= 1, (code, counts)


def test_a_day_nobody_can_take_still_reports_its_conflict(org, december, rotation, colleague, third):
    # The 2nd: 范文 and 1104 on approved leave, 1101 resting after the 1st's 24-hour duty.
    leave_for(colleague, D(2026, 12, 2), org)
    leave_for(third, D(2026, 12, 2), org)
    draft = services.roster_draft(roster=december, by=org.head)
    assert draft.conflicts == 1
    grid = roster_grid(december)
    assert [(a.day.day, a.person.username, c.kind) for a, c in grid.conflicts] == [(2, "1103", "leave")]
    with pytest.raises(ServiceError, match="发布前请先解决这些冲突：12-02 范文 值主班：请假已批准"):
        services.roster_publish(roster=december, by=org.head)
    assert Roster.objects.get(pk=december.pk).state == Roster.State.DRAFT


def test_the_head_fixes_the_conflict_and_publishes(org, december, rotation, colleague, third):
    leave_for(colleague, D(2026, 12, 2), org)
    leave_for(third, D(2026, 12, 2), org)
    services.roster_draft(roster=december, by=org.head)
    conflicted = december.assignments.get(day=D(2026, 12, 2))
    # 1104 had the 1st… no: 1101 the 1st and 1104 the 3rd; 1104 may not take the 2nd (rest after the 24-hour duty
    # of the 3rd is after; the 1st's rest ends on the 3rd) — the head picks someone free.
    with pytest.raises(ServiceError, match="艾丽不能在2026-12-02担任值主班"):
        services.assignment_reassign(assignment=conflicted, person=org.employee, by=org.head)
    services.assignment_reassign(assignment=conflicted, person=org.supervisor, by=org.head)
    roster = services.roster_publish(roster=december, by=org.head)
    assert roster.state == Roster.State.PUBLISHED
    assert Notification.objects.filter(recipient=org.supervisor, subject__startswith="2026-12值班表已发布").count() == 1
    assert AssignmentChange.objects.count() == 0  # changes before publication are drafts, not roster changes


def test_the_cell_refuses_a_conflict_with_approved_leave(org, december, types):
    leave_for(org.employee, D(2026, 12, 3), org)
    with pytest.raises(ServiceError, match="请假已批准"):
        services.cell_set(roster=december, person=org.employee, day=D(2026, 12, 3), duty_types=[types["day"]],
                          by=org.head)
    assert Assignment.objects.count() == 0


def test_rest_after_a_24_hour_duty(org, december, types):
    services.cell_set(roster=december, person=org.employee, day=D(2026, 12, 3), duty_types=[types["main"]],
                      by=org.head)
    with pytest.raises(ServiceError, match="值主班（12-03）后24小时内应休息"):
        services.cell_set(roster=december, person=org.employee, day=D(2026, 12, 4), duty_types=[types["day"]],
                          by=org.head)
    services.cell_set(roster=december, person=org.employee, day=D(2026, 12, 5), duty_types=[types["day"]],
                      by=org.head)
    assert list(december.assignments.values_list("day", flat=True).order_by("day")) == [D(2026, 12, 3),
                                                                                       D(2026, 12, 5)]


def test_overlapping_duties_are_refused(org, december, types):
    services.cell_set(roster=december, person=org.employee, day=D(2026, 12, 3), duty_types=[types["day"]],
                      by=org.head)
    with pytest.raises(ServiceError, match="与12-03的值白班时间重叠"):
        services.cell_set(roster=december, person=org.employee, day=D(2026, 12, 3),
                          duty_types=[types["day"], types["day_aux"]], by=org.head)


def test_posts_that_may_not_take_a_duty(org, december, types):
    with pytest.raises(ServiceError, match="系统管理员不可担任总值班"):
        services.cell_set(roster=december, person=org.employee, day=D(2026, 12, 3), duty_types=[types["general"]],
                          by=org.head)
    services.cell_set(roster=december, person=org.supervisor, day=D(2026, 12, 3), duty_types=[types["general"]],
                      by=org.head)


def probation(person, induction=None):
    return Probation.objects.create(profile=person.profile, starts_on=D(2026, 11, 1), ends_on=D(2027, 1, 31),
                                    original_ends_on=D(2027, 1, 31), induction_passed_on=induction)


def test_missing_induction_and_probation(org, december, types, colleague):
    probation(colleague)
    with pytest.raises(ServiceError, match="尚未通过岗前培训考核"):
        services.cell_set(roster=december, person=colleague, day=D(2026, 12, 3), duty_types=[types["day"]],
                          by=org.head)
    Probation.objects.filter(profile=colleague.profile).update(induction_passed_on=D(2026, 11, 10))
    services.cell_set(roster=december, person=colleague, day=D(2026, 12, 3), duty_types=[types["day"]], by=org.head)
    types["main"].allows_probation = False
    types["main"].save()
    with pytest.raises(ServiceError, match="试用期至2027-01-31：试用期内不担任值主班"):
        services.cell_set(roster=december, person=colleague, day=D(2026, 12, 10), duty_types=[types["main"]],
                          by=org.head)


def test_only_members_of_the_department_are_put_on_duty(org, december, types):
    with pytest.raises(ServiceError, match="艾琳不是信息科的人员"):
        services.cell_set(roster=december, person=org.outsider, day=D(2026, 12, 3), duty_types=[types["day"]],
                          by=org.head)


def test_a_published_roster_changes_only_with_a_reason(org, november, types, colleague):
    duty = assign(november, org.employee, D(2026, 11, 20), types["main"])
    with pytest.raises(ServiceError, match="请填写变更原因"):
        services.assignment_reassign(assignment=duty, person=colleague, by=org.head)
    services.assignment_reassign(assignment=duty, person=colleague, by=org.head, reason="艾丽外出培训")
    duty.refresh_from_db()
    change = AssignmentChange.objects.get()
    assert (duty.person, duty.sequence) == (colleague, 1)
    assert (change.kind, change.person_before, change.person_after, change.reason, change.by) == (
        AssignmentChange.Kind.REASSIGNED, org.employee, colleague, "艾丽外出培训", org.head)
    assert list(Notification.objects.filter(recipient__in=[org.employee, colleague]).order_by("recipient__username")
                .values_list("recipient__username", "subject")) == [
        ("1101", "值班已交给范文：2026-11-20 值主班 · 范文"), ("1103", "新的值班：2026-11-20 值主班 · 范文")]
    entry = AuditEntry.objects.get(action="dutyroster.assignment.reassign")
    assert (entry.before["person"], entry.after["person"], entry.after["reason"]) == ("1101", "1103", "艾丽外出培训")


def test_removing_and_adding_after_publication(org, november, types):
    assign(november, org.employee, D(2026, 11, 20), types["day"])
    new, removed = services.cell_set(roster=november, person=org.employee, day=D(2026, 11, 20),
                                     duty_types=[types["day_aux"]], by=org.head, reason="调整白班")
    assert ([a.duty_type.code for a in new], [a.duty_type.code for a in removed]) == (["day_aux"], ["day"])
    assert list(AssignmentChange.objects.order_by("pk").values_list("kind", "duty_type__code")) == [
        ("removed", "day"), ("added", "day_aux")]
    assert Notification.objects.filter(recipient=org.employee).count() == 2


def test_nothing_changed_is_said(org, december, types):
    with pytest.raises(ServiceError, match="没有任何变化"):
        services.cell_set(roster=december, person=org.employee, day=D(2026, 12, 3), duty_types=[], by=org.head)


def test_a_date_outside_the_month_is_refused(org, december, types):
    with pytest.raises(ServiceError, match="不在此值班表的月份内"):
        services.cell_set(roster=december, person=org.employee, day=D(2027, 1, 1), duty_types=[types["day"]],
                          by=org.head)


def test_rotations_are_saved_with_their_order(org, types, colleague, third):
    rotation = Rotation(department=org.it, duty_type=types["main"], name="主班", anchor_on=D(2026, 12, 1))
    services.rotation_save(rotation=rotation, members=[third, org.employee], by=org.head)
    assert list(rotation.members.values_list("person__username", "order")) == [("1104", 1), ("1101", 2)]
    with pytest.raises(ServiceError, match="轮班名单中有人重复"):
        services.rotation_save(rotation=rotation, members=[third, third], by=org.head)
    with pytest.raises(ServiceError, match="不是信息科的人员：艾琳"):
        services.rotation_save(rotation=rotation, members=[org.outsider], by=org.head)
    with pytest.raises(ServiceError):
        services.rotation_save(rotation=rotation, members=[third], by=org.employee)
