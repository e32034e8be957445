"""The scorecard page: every figure explains itself; acknowledge, disagree, reopen; who may see it."""

from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from appraisal.models import Adjustment, ScoreLine

from ..html import by_testid, find_all
from .helpers import NOW, locked, reviewed, scorecard_of

pytestmark = pytest.mark.django_db


def test_the_sample_row_explains_itself_as_150_plus_350(client, org, november):
    scorecard = scorecard_of(org.supervisor)
    line = ScoreLine.objects.get(scorecard=scorecard, item__description="三级甲等医院工作落实管理。")
    line.self_score = line.reviewer_score = Decimal("5")
    line.save()
    client.force_login(org.head)

    response = client.get(scorecard.get_absolute_url())

    assert by_testid(response, f"item-score-{line.item_id}") == "5.00"
    assert by_testid(response, f"why-item-{line.item_id}") == "self 5.0 × 30% = 1.50; reviewer 5.0 × 70% = 3.50; 1.50 + 3.50 = 5.00"
    assert by_testid(response, "total") == "5.00"
    assert by_testid(response, "grade") == "—"


def test_the_totals_explain_themselves(client, org, november):
    with time_machine.travel(NOW, tick=False):
        scorecard = reviewed(org.employee, org.supervisor)
    Adjustment.objects.create(scorecard=scorecard, kind="bonus", fact="夜间抢修", points=Decimal("2"))
    Adjustment.objects.create(scorecard=scorecard, kind="deduction", fact="被临床投诉1次", points=Decimal("3"))
    client.force_login(org.employee)

    response = client.get(scorecard.get_absolute_url())

    assert [by_testid(response, key) for key in ("section-performance", "section-ability", "section-attitude",
                                                   "total", "bonus", "deductions", "final", "grade")] == [
        "70.00", "20.00", "10.00", "100.00", "+2.00", "−3.00", "99.00", "优秀"]
    assert by_testid(response, "why-final") == "Total 100.00 + bonus 2.00 − deductions 3.00 = 99.00"
    assert by_testid(response, "why-grade").startswith("99.00 is at least 90.00 and below 100.00: 优秀.")
    assert by_testid(response, "why-adjustments") == "+2.00 夜间抢修 −3.00 被临床投诉1次"
    assert by_testid(response, "why-total").startswith("工作业绩 70.00 + 工作能力 20.00 + 工作态度 10.00 = 100.00")
    assert by_testid(response, "why-section-attitude").startswith("工作态度 adds up its 11 items: 1.00 + 0.50 + ")


def test_the_person_acknowledges_and_it_locks(client, org, november):
    with time_machine.travel(NOW, tick=False):
        scorecard = reviewed(org.employee, org.supervisor)
    client.force_login(org.employee)
    page = client.get(scorecard.get_absolute_url())
    assert by_testid(page, "acknowledge") == "Acknowledge and lock"

    with time_machine.travel(NOW, tick=False):
        response = client.post(reverse("appraisal:acknowledge", args=[scorecard.pk]), follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Thank you: your scorecard is confirmed and locked."]
    assert by_testid(response, "state") == "Confirmed and locked (已确认)"
    assert by_testid(response, "reviewer-confirmation") == "Reviewer (复评人签字确认): 鲍勃 · 2026-11-25 10:00"
    assert by_testid(response, "person-confirmation") == "Person appraised (被考核人签字确认): 艾丽 · 2026-11-25 10:00"
    assert find_all(response, "data-testid", "acknowledge") == []


def test_the_person_disagrees_with_a_reason(client, org, november):
    with time_machine.travel(NOW, tick=False):
        scorecard = reviewed(org.employee, org.supervisor)
    client.force_login(org.employee)

    client.post(reverse("appraisal:dispute", args=[scorecard.pk]), {"reason": "第2项已完成"})

    assert scorecard_of(org.employee).state == "review"


def test_only_the_head_sees_the_reopen_form_and_reopens(client, org, november):
    with time_machine.travel(NOW, tick=False):
        scorecard = locked(org.employee, org.supervisor)
    for role in ("employee", "supervisor", "hr"):
        client.force_login(org.by_role(role))
        assert find_all(client.get(scorecard.get_absolute_url()), "data-testid", "reopen") == []
    client.force_login(org.head)
    assert by_testid(client.get(scorecard.get_absolute_url()), "reopen") == "Reopen the scorecard"

    response = client.post(reverse("appraisal:reopen", args=[scorecard.pk]),
                           {"reason": "补录周末加班", "to_state": "review"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["The scorecard was reopened."]
    assert by_testid(response, "history").endswith("Reopened by the head 2026-11-25 10:00 查理 补录周末加班")


def test_a_reopen_without_a_reason_is_refused(client, org, november):
    with time_machine.travel(NOW, tick=False):
        scorecard = locked(org.employee, org.supervisor)
    client.force_login(org.head)

    response = client.post(reverse("appraisal:reopen", args=[scorecard.pk]), {"reason": "", "to_state": "review"},
                           follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Give the reason for reopening."]
    assert scorecard_of(org.employee).state == "locked"


@pytest.mark.parametrize("role, status", [("employee", 200), ("supervisor", 200), ("head", 200), ("hr", 200),
                                          ("outsider", 404), ("admin", 404)])
def test_who_sees_a_scorecard(client, org, november, role, status):
    client.force_login(org.by_role(role))

    assert client.get(scorecard_of(org.employee).get_absolute_url()).status_code == status


def test_staff_do_not_see_a_colleagues_scorecard(client, org, november):
    client.force_login(org.employee)

    assert client.get(scorecard_of(org.supervisor).get_absolute_url()).status_code == 404
    assert client.get(reverse("appraisal:detail", args=[99999])).status_code == 404
