"""Patrols of the responsibility areas: a visit recorded on a phone, confirmed in the app by the visited
department's head or head nurse (签名确认), a week without a confirmed visit proposed as F15 after the grace."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from core.errors import ServiceError
from dutyroster.models import Finding, PatrolArea, PatrolVisit
from dutyroster.services import patrols as services
from tests.factories import StaffProfileFactory, UserFactory

from .conftest import NOW, at

D = datetime.date


@pytest.fixture
def head_nurse(org):
    return StaffProfileFactory(user=UserFactory(username="4103", name="护士长"), department=org.ward).user


@pytest.fixture
def area(org, head_nurse):
    area = PatrolArea.objects.create(name="内科片区", person=org.employee, starts_on=D(2026, 11, 2))
    area.departments.set([org.ward])
    area.confirmers.set([head_nurse])
    return area


def test_a_visit_is_confirmed_by_the_head_nurse(org, area, head_nurse):
    visit = services.visit_record(area=area, by=org.employee, department=org.ward, visited_at=NOW,
                                  work="护士站电脑巡检")
    with pytest.raises(ServiceError, match="巡查人本人不能确认"):
        services.visit_confirm(visit=visit, by=org.employee, confirmed=True)
    with pytest.raises(ServiceError, match="巡查由被巡查科室的科主任或护士长确认"):
        services.visit_confirm(visit=visit, by=org.head, confirmed=True)
    visit = services.visit_confirm(visit=visit, by=head_nurse, confirmed=True, note="服务及时")
    assert (visit.state, visit.confirmed_by, visit.confirm_note) == (PatrolVisit.State.CONFIRMED, head_nurse, "服务及时")


def test_a_visit_not_as_recorded_needs_a_reason(org, area, head_nurse):
    visit = services.visit_record(area=area, by=org.employee, department=org.ward, visited_at=NOW, work="巡检")
    with pytest.raises(ServiceError, match="请填写不予确认的原因"):
        services.visit_confirm(visit=visit, by=head_nurse, confirmed=False)
    assert services.visit_confirm(visit=visit, by=head_nurse, confirmed=False, note="当天未见人").state == \
        PatrolVisit.State.REJECTED


def test_only_the_areas_departments_and_person(org, area):
    with pytest.raises(ServiceError, match="信息科不属于内科片区"):
        services.visit_record(area=area, by=org.employee, department=org.it, visited_at=NOW, work="x")
    with pytest.raises(ServiceError, match="只有片区负责人可以登记巡查"):
        services.visit_record(area=area, by=org.head, department=org.ward, visited_at=NOW, work="x")


def test_a_week_without_a_confirmed_visit_is_proposed_as_f15(org, area, head_nurse):
    # Week of 2 November: confirmed. Week of 9 November: recorded, never confirmed.
    PatrolVisit.objects.create(area=area, department=org.ward, person=org.employee, visited_at=at(D(2026, 11, 4)),
                               work="巡检", state=PatrolVisit.State.CONFIRMED, confirmed_by=head_nurse)
    PatrolVisit.objects.create(area=area, department=org.ward, person=org.employee, visited_at=at(D(2026, 11, 11)),
                               work="巡检")
    assert services.propose_missed_weeks() == 0  # the week of the 9th is still in its 7 days of grace
    with time_machine.travel(at(D(2026, 11, 23), 2), tick=False):
        assert services.propose_missed_weeks() == 1
        assert services.propose_missed_weeks() == 0
    finding = Finding.objects.get()
    assert (finding.kind, finding.person, finding.rule_code, finding.occurred_on, finding.incident.amount) == (
        Finding.Kind.PATROL_MISSED, org.employee, "F15", D(2026, 11, 15), Decimal("20.00"))
    assert finding.facts == "内科片区：11-09至11-15这一周经确认的巡查0次，应1次（责任区域人员每周下科室巡查，有记录、签字）。"
