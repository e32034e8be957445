"""A breach found in the duty records is offered on the person's monthly scorecard (appraisal's line-source
registry); the reviewer accepts it there (then it counts) or dismisses it; a finding dismissed in the duty roster
leaves the scorecard."""

import datetime
from decimal import Decimal

import time_machine
from django.urls import reverse

from appraisal import services as appraisal
from appraisal.models import Adjustment
from dutyroster.models import Finding
from dutyroster.services import calls
from dutyroster.services.findings import finding_dismiss
from tests.appraisal.helpers import NOW as APPRAISAL_NOW
from tests.appraisal.helpers import open_month, scorecard_of, submitted

from .conftest import NOW, assign

D = datetime.date


def late_call(org, november, types, colleague):
    assign(november, org.employee, D(2026, 11, 16), types["main"])
    call = calls.call_record(by=org.outsider, department=org.ward, summary="腕带打印不出")
    with time_machine.travel(NOW + datetime.timedelta(minutes=32), tick=False):
        calls.call_respond(call=call, by=org.employee)
    return Finding.objects.get()


def test_the_head_confirms_the_late_response_on_the_scorecard(client, org, november, types, colleague):
    finding = late_call(org, november, types, colleague)
    with time_machine.travel(APPRAISAL_NOW, tick=False):
        open_month()
        scorecard = submitted(org.employee)
        line = scorecard.adjustments.get(source="dutyroster")
        assert (line.kind, line.fact, line.points, line.status, line.evidence_id, line.evidence_date) == (
            "deduction", "报修响应超时", Decimal("2.00"), Adjustment.Status.PROPOSED, finding.pk, D(2026, 11, 16))
        assert (line.evidence_url(), line.evidence_text(), line.source_label()) == (
            reverse("duty:finding", args=[finding.pk]), f"值班考核事项 #{finding.pk}", "值班")
        assert line.basis.startswith(f"{finding.call.number} 心内科“腕带打印不出”")
        client.force_login(org.head)
        client.post(reverse("appraisal:adjustment_decide", args=[scorecard.pk, line.pk]), {"accept": "1"})
        line.refresh_from_db()
        assert (line.status, line.decided_by) == (Adjustment.Status.COUNTED, org.head)
        assert scorecard_of(org.employee).deduction_points() == Decimal("2.00")
        page = client.get(reverse("duty:finding", args=[finding.pk])).content.decode()
        assert (f'<a href="{scorecard.get_absolute_url()}" data-testid="scorecard-line">2026年11月绩效考核表</a> '
                '<span class="badge text-bg-light border">已计入</span>') in page


def test_a_dismissed_finding_leaves_the_scorecard(org, november, types, colleague):
    finding = late_call(org, november, types, colleague)
    with time_machine.travel(APPRAISAL_NOW, tick=False):
        open_month()
        scorecard = submitted(org.employee)
        finding_dismiss(finding=finding, by=org.head, reason="报修人登记时间有误")
        appraisal.evidence_lines_refresh(scorecard=scorecard, by=org.supervisor)
        assert not scorecard.adjustments.filter(source="dutyroster").exists()


def test_a_breach_found_after_the_self_assessment_reaches_the_scorecard_under_review(org, november, types,
                                                                                      colleague):
    """The self-assessment was submitted first (lines proposed then); the late call comes after: the reviewer sees
    its line without asking again, and sees it go when the head dismisses the finding."""
    open_month()
    scorecard = submitted(org.employee)
    assert scorecard.state == scorecard.State.REVIEW
    assert not scorecard.adjustments.filter(source="dutyroster").exists()
    finding = late_call(org, november, types, colleague)
    assert list(scorecard.adjustments.filter(source="dutyroster").values_list("evidence_id", "points", "status")) == [
        (finding.pk, Decimal("2.00"), Adjustment.Status.PROPOSED)]
    finding_dismiss(finding=finding, by=org.head, reason="报修人登记时间有误")
    assert not scorecard.adjustments.filter(source="dutyroster").exists()
