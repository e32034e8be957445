"""Templates are versioned: a month's scorecards keep their version; editing a version in use makes the next."""

from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from appraisal import services
from appraisal.models import ScorecardTemplate
from core.errors import ServiceError

from .helpers import NOW, open_month, scorecard_of

pytestmark = pytest.mark.django_db


def current(post="system_admin"):
    return ScorecardTemplate.objects.prefetch_related("sections", "items", "bands").filter(
        post__code=post).order_by("-version").first()


def test_revise_creates_the_next_version_and_new_months_use_it(org):
    with time_machine.travel(NOW, tick=False):
        open_month()
    v1 = current()
    data = services.template_data(v1)
    data["items"][0]["max_points"] = Decimal("14.00")
    data["items"][1]["max_points"] = Decimal("11.00")
    data["items"][0]["criteria"] = "接科室电话后10分钟内响应"

    v2 = services.template_revise(template=v1, by=org.admin, data=data, change_note="响应时间改为10分钟")

    assert (v2.version, v2.post_id, v2.max_points(), v2.change_note) == (2, v1.post_id, Decimal("100.00"),
                                                                          "响应时间改为10分钟")
    assert ScorecardTemplate.objects.get(pk=v1.pk).items.order_by("section__order", "order").first().max_points == 15
    assert scorecard_of(org.employee).template == v1  # November keeps version 1
    with time_machine.travel("2026-12-01 00:05 +08:00", tick=False):
        services.scorecards_create_for_month(period=NOW.date().replace(month=12, day=1))
    december = org.employee.scorecards.get(period="2026-12-01")
    assert december.template == v2
    assert sorted(december.lines.values_list("item__max_points", flat=True))[-2:] == [Decimal("11.00"),
                                                                                       Decimal("14.00")]


def test_a_version_must_add_up_to_100_and_weights_to_100_percent(org):
    v1 = current()
    data = services.template_data(v1)
    data["items"][0]["max_points"] = Decimal("16.00")
    with pytest.raises(ServiceError) as refused:
        services.template_revise(template=v1, by=org.admin, data=data)
    assert refused.value.message == "The items must add up to 100 points; they add up to 101.00."

    data = services.template_data(v1)
    data["header"]["self_weight"] = Decimal("0.40")
    with pytest.raises(ServiceError):
        services.template_revise(template=v1, by=org.admin, data=data)
    assert ScorecardTemplate.objects.filter(post=v1.post).count() == 1


def admin_form(template):
    """The admin change form's POST data for a template, with its three inlines, unchanged."""
    data = {name: getattr(template, name) for name in ["name", "self_weight", "reviewer_weight", "score_step",
                                                       "instructions", "bonus_guidance", "deduction_guidance",
                                                       "bonus_limit", "deduction_limit", "total_note"]}
    data.update(is_active="on", change_note="")
    for prefix, rows, fields in (
        ("sections", list(template.sections.all()), ["order", "code", "name", "item_label", "description_label",
                                                     "note"]),
        ("items", list(template.items.all()), ["section", "order", "max_points", "name", "description", "criteria"]),
        ("bands", list(template.bands.all()), ["name", "min_score"]),
    ):
        data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows),
                     f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
        for index, row in enumerate(rows):
            data[f"{prefix}-{index}-id"] = row.pk
            data[f"{prefix}-{index}-template"] = template.pk
            for field in fields:
                value = getattr(row, f"{field}_id" if field == "section" else field)
                data[f"{prefix}-{index}-{field}"] = value
    return data


def test_editing_a_version_in_use_in_admin_saves_the_next_version(client, org):
    with time_machine.travel(NOW, tick=False):
        open_month()
    v1 = current()
    client.force_login(org.admin)
    data = admin_form(v1)
    data["items-0-max_points"] = "14.00"
    data["items-1-max_points"] = "11.00"
    data["change_note"] = "调整日常工作分值"

    response = client.post(reverse("admin:appraisal_scorecardtemplate_change", args=[v1.pk]), data)

    assert response.status_code == 302
    v2 = current()
    assert (v2.version, v2.change_note, v2.created_by) == (2, "调整日常工作分值", org.admin)
    assert list(v2.items.order_by("section__order", "order").values_list("max_points", flat=True)[:2]) == [
        Decimal("14.00"), Decimal("11.00")]
    assert v2.sections.count() == 3 and v2.bands.count() == 6 and v2.items.count() == 26
    assert list(ScorecardTemplate.objects.get(pk=v1.pk).items.order_by("section__order", "order")
                .values_list("max_points", flat=True)[:2]) == [Decimal("15.00"), Decimal("10.00")]
    assert scorecard_of(org.employee).template_id == v1.pk


def test_a_version_not_in_use_is_edited_in_place(client, org):
    v1 = current()
    client.force_login(org.admin)
    data = admin_form(v1)
    data["name"] = "系统管理员绩效考核表（2027）"

    response = client.post(reverse("admin:appraisal_scorecardtemplate_change", args=[v1.pk]), data)

    assert response.status_code == 302
    assert list(ScorecardTemplate.objects.filter(post=v1.post).values_list("version", "name")) == [
        (1, "系统管理员绩效考核表（2027）")]


def test_admin_refuses_items_that_do_not_add_up_to_100(client, org):
    v1 = current()
    client.force_login(org.admin)
    data = admin_form(v1)
    data["items-0-max_points"] = "20.00"

    response = client.post(reverse("admin:appraisal_scorecardtemplate_change", args=[v1.pk]), data)

    assert response.status_code == 200
    assert "The items must add up to 100 points; they add up to 105.00." in response.content.decode()
    assert ScorecardTemplate.objects.filter(post=v1.post).count() == 1


def test_admin_refuses_a_step_that_no_full_score_fits(client, org):
    """Score step 1 on a template with 2.5-point items: full points could never be given."""
    v1 = current()
    client.force_login(org.admin)
    data = admin_form(v1)
    data["score_step"] = "1"

    response = client.post(reverse("admin:appraisal_scorecardtemplate_change", args=[v1.pk]), data)

    assert response.status_code == 200
    assert "With a score step of 1, “工作效率” (2.5 points) could never be given its full points" in (
        response.content.decode())
    assert ScorecardTemplate.objects.get(pk=v1.pk).score_step == Decimal("0.01")
