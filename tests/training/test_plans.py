"""The annual plan: drawn up by the head, its items checked, one open revision at a time, a revision of the plan in
force copies its items and keeps the old one until approved; the pages and the Excel export."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from audit.models import AuditEntry
from core.errors import ServiceError
from training.models import AudienceKind, Plan, PlanItem
from training.services import plans

from .helpers import add_item, approved_plan, draft_plan, page_text


def test_the_head_draws_up_the_plan(org):
    plan = draft_plan(org, items=2)
    assert (plan.state, plan.revision, plan.drawn_up_by, plan.planned_hours()) == ("draft", 1, org.head,
                                                                                   Decimal("8"))
    assert list(plan.items.values_list("order", "title")) == [(1, "HIS系统运维（1）"), (2, "HIS系统运维（2）")]
    assert AuditEntry.objects.filter(action="training.plan.item_add").count() == 2


@pytest.mark.parametrize("role", ["employee", "hr", "outsider"])
def test_only_the_department_s_leaders_draw_it_up(org, role):
    with pytest.raises(ServiceError) as refused:
        plans.plan_create(by=org.by_role(role), department=org.it, year=2026, title="计划")
    assert refused.value.message == "只有科室负责人可以制定本科室的培训计划。"


def test_one_open_plan_a_year(org):
    draft_plan(org)
    with pytest.raises(ServiceError) as refused:
        plans.plan_create(by=org.supervisor, department=org.it, year=2026, title="另一份")
    assert refused.value.message == "2026年的计划正在制定或审批中。"


@pytest.mark.parametrize(("overrides", "message"), [
    ({"planned_from": datetime.date(2026, 5, 1), "planned_until": datetime.date(2026, 4, 1)}, "计划结束日期早于开始日期。"),
    ({"planned_until": datetime.date(2027, 1, 31)}, "项目须安排在2026年内。"),
    ({"audience_kind": AudienceKind.POSTS}, "请选择培训对象的岗位。"),
    ({"title": "  "}, "请填写培训内容。"),
])
def test_items_are_checked(org, overrides, message):
    plan = draft_plan(org, items=0)
    with pytest.raises(ServiceError) as refused:
        add_item(org, plan, **overrides)
    assert refused.value.message == message
    assert PlanItem.objects.count() == 0


def test_a_revision_copies_the_items_and_keeps_the_plan_in_force(org):
    plan = approved_plan(org, items=1)
    item = plan.items.get()
    item.audience_people.set([org.employee])
    revision = plans.plan_revise(plan=plan, by=org.head, reason="增加等保2.0培训")
    assert (revision.revision, revision.previous, revision.state, revision.change_reason) == (
        2, plan, "draft", "增加等保2.0培训")
    copy = revision.items.get()
    assert (copy.origin, copy.title, list(copy.audience_people.all())) == (item, item.title, [org.employee])
    plan.refresh_from_db()
    assert plan.state == "approved"
    with pytest.raises(ServiceError) as refused:
        plans.plan_revise(plan=plan, by=org.head, reason="again")
    assert refused.value.message == "已有修订版正在制定中。"


def test_a_revision_needs_its_reason(org):
    plan = approved_plan(org)
    with pytest.raises(ServiceError) as refused:
        plans.plan_revise(plan=plan, by=org.head, reason=" ")
    assert refused.value.message == "请说明修订已批准计划的理由。"


def test_an_approved_plan_is_not_edited(org):
    plan = approved_plan(org)
    with pytest.raises(ServiceError) as refused:
        add_item(org, plan)
    assert refused.value.message == "只有科室负责人可以修改草稿状态的计划。"


def test_a_draft_is_discarded(org):
    plan = draft_plan(org, items=2)
    plans.plan_discard(plan=plan, by=org.head)
    assert (Plan.objects.count(), PlanItem.objects.count()) == (0, 0)
    assert AuditEntry.objects.get(action="training.plan.discard").before["items"] == 2


def test_the_plan_page_and_its_export(client, org):
    plan = approved_plan(org, items=2)
    client.force_login(org.employee)
    page = client.get(reverse("training:plan_detail", args=[plan.pk]))
    assert "已批准，执行中" in page_text(page)
    response = client.get(reverse("training:plan_export", args=[plan.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "2026年度培训计划（第1版）"
    assert [cell.value for cell in sheet[3]] == [1, "HIS系统运维（1）", "技能培训", "内部培训", "必修",
                                                 "2026-01-01 – 2026-12-31", "信息科会议室", "本科室全体人员", "鲍勃", 4, None]


def test_drawing_up_through_the_pages(client, org):
    client.force_login(org.head)
    response = client.post(reverse("training:plan_new"), {"year": "2026", "title": "2026年度信息科培训计划",
                                                           "goals": "", "evaluation": ""})
    plan = Plan.objects.get()
    assert response.url == reverse("training:plan_detail", args=[plan.pk])
    response = client.post(reverse("training:plan_item_new", args=[plan.pk]), {
        "title": "数据库备份与恢复演练", "content_kind": "skills", "form": "internal", "requirement": "required",
        "planned_from": "2026-04-01", "planned_until": "2026-04-30", "place": "机房", "audience_kind": "posts",
        "audience_posts": [org.post.pk], "trainer": org.supervisor.pk, "planned_hours": "2"})
    assert response.status_code == 302
    item = plan.items.get()
    assert (item.title, list(item.audience_posts.all()), item.planned_hours) == ("数据库备份与恢复演练", [org.post], 2)
    client.force_login(org.employee)
    assert client.get(reverse("training:plan_detail", args=[plan.pk])).status_code == 404  # a draft
