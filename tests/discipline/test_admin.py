"""The schedules in Django admin: pages load and save, a revision in use is read-only, clone → change → compare →
publish, and bad rules are refused with a message."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from discipline.models import Incident, Revision, Rule
from tests.admin_forms import form_data
from tests.factories import UserFactory

from .conftest import day


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def admin_client(english, org):
    english.force_login(org.admin)
    return english


@pytest.fixture
def draft(org, fines_revision):
    from discipline.services import revision_clone

    return revision_clone(revision=fines_revision, by=org.admin)


@pytest.mark.parametrize("name", ["schedule", "revision", "rule"])
def test_the_schedule_pages_load_for_an_admin(admin_client, name):
    response = admin_client.get(reverse(f"admin:discipline_{name}_changelist"))

    assert response.status_code == 200


def test_the_revision_list_counts_rules_and_filters(admin_client, fines_revision):
    response = admin_client.get(reverse("admin:discipline_revision_changelist"), {"state": "published", "q": "F2"})

    revisions = list(response.context["cl"].result_list)
    assert [(revision.number, revision.rule_total) for revision in revisions] == [(8, 23)]


def test_the_rule_list_searches_the_text(admin_client):
    response = admin_client.get(reverse("admin:discipline_rule_changelist"), {"q": "依次加倍"})

    assert sorted(rule.code for rule in response.context["cl"].result_list) == ["Q1", "Q2", "Q3", "Q6", "Q7b"]


def test_incidents_can_be_looked_up_but_not_changed_in_admin(client, org, record):
    incident = record("F10", day(11, 5))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get(reverse("admin:discipline_incident_changelist")).status_code == 200
    response = client.get(reverse("admin:discipline_incident_change", args=[incident.pk]))
    assert (response.status_code, response.context["has_change_permission"]) == (200, False)


@pytest.mark.parametrize("judged", [False, True], ids=["published", "incidents judged by it"])
def test_a_published_revision_is_shown_read_only_with_a_message(admin_client, org, record, fines_revision, judged):
    if judged:
        record("F10", day(11, 5))

    response = admin_client.get(reverse("admin:discipline_revision_change", args=[fines_revision.pk]))

    assert response.status_code == 200
    assert messages_of(response) == [
        "信息科考核办法和相关规定, revision 8 is published, so it cannot be changed. Clone it into a draft, change the "
        "draft and publish it."]
    assert response.context["adminform"].form.fields == {}
    [rules] = response.context["inline_admin_formsets"]
    assert (rules.has_change_permission, rules.has_add_permission, rules.has_delete_permission) == (False, False, False)


def test_editing_a_rule_of_a_published_revision_is_refused_and_nothing_changes(admin_client, org, fines_revision):
    rule = fines_revision.rules.get(code="F10")
    url = reverse("admin:discipline_rule_change", args=[rule.pk])

    response = admin_client.post(url, {"revision": fines_revision.pk, "code": "F10", "order": 100, "text": "改",
                                       "category": "duty", "effect": "fine", "amount": "500",
                                       "escalation": "none", "escalation_period": "month"})

    assert (response.status_code, response.url) == (302, url)
    assert messages_of(response)[-1].startswith("信息科考核办法和相关规定, revision 8 is published, so it cannot")
    assert Rule.objects.get(pk=rule.pk).amount == Decimal("50")


def test_the_model_refuses_a_change_to_a_rule_of_a_published_revision(org, fines_revision):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    rule = fines_revision.rules.get(code="F10")
    rule.amount = Decimal("500")

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        rule.full_clean()

    assert refused.value.messages == [
        "信息科考核办法和相关规定, revision 8 is published, so its rules cannot be changed. Clone it into a draft, "
        "change the draft and publish it."]


def test_clone_asks_then_makes_a_draft_with_every_rule(admin_client, fines_revision):
    url = reverse("admin:discipline_revision_clone", args=[fines_revision.pk])
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(url)

    draft = Revision.objects.get(state=Revision.State.DRAFT)
    assert response.url == reverse("admin:discipline_revision_change", args=[draft.pk])
    assert (draft.schedule, draft.number, draft.effective_from) == (fines_revision.schedule, 9, None)
    assert sorted(draft.rules.values_list("code", "amount")) == sorted(fines_revision.rules.values_list("code", "amount"))


def test_a_second_draft_is_refused(admin_client, draft, fines_revision):
    response = admin_client.post(reverse("admin:discipline_revision_clone", args=[fines_revision.pk]))

    assert messages_of(response)[-1] == (
        "信息科考核办法和相关规定 already has a draft (revision 9): change or delete it first.")
    assert Revision.objects.filter(state=Revision.State.DRAFT).count() == 1


def test_the_draft_is_edited_with_its_rules_inline_compared_and_published(admin_client, draft, fines_revision):
    change = reverse("admin:discipline_revision_change", args=[draft.pk])
    data = form_data(admin_client.get(change))
    prefix = next(key.rsplit("-", 1)[0] for key, value in data.items() if key.endswith("-code") and value == "F2")
    data[f"{prefix}-amount"] = "30"
    data["note"] = "迟到罚款调整为30元"

    saved = admin_client.post(change, data)

    assert saved.status_code == 302, saved.context["adminform"].form.errors if saved.context else saved
    assert draft.rules.get(code="F2").amount == Decimal("30")

    diff = admin_client.get(reverse("admin:discipline_revision_diff", args=[draft.pk]))
    assert [(change.code, change.kind, [(f.label, f.old, f.new) for f in change.fields])
            for change in diff.context["changes"]] == [("F2", "changed", [("amount", "20", "30")])]
    assert diff.context["base"] == fines_revision

    published = admin_client.post(reverse("admin:discipline_revision_publish", args=[draft.pk]),
                                  {"effective_from": "2026-12-01"})

    draft.refresh_from_db()
    assert published.url == change
    assert (draft.state, str(draft.effective_from), draft.published_by.username) == ("published", "2026-12-01", "9100")


def test_publishing_with_a_date_on_which_incidents_were_judged_is_refused(admin_client, org, record, draft):
    record("F10", day(11, 20))

    response = admin_client.post(reverse("admin:discipline_revision_publish", args=[draft.pk]),
                                 {"effective_from": "2026-11-15"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"effective_from": [
        "Incidents up to 2026-11-20 were already judged by the revision then in force; choose an effective date "
        "after it."]}
    draft.refresh_from_db()
    assert (draft.state, draft.effective_from) == ("draft", None)


def test_publishing_before_the_revision_in_force_is_refused(admin_client, draft):
    response = admin_client.post(reverse("admin:discipline_revision_publish", args=[draft.pk]),
                                 {"effective_from": "2022-01-01"})

    assert response.context["form"].errors == {"effective_from": [
        "The effective date must be after 2022-11-12, when revision 8 took effect."]}


def test_a_new_rule_without_an_amount_is_refused_with_a_message(admin_client, draft):
    response = admin_client.post(reverse("admin:discipline_rule_add"), {
        "revision": draft.pk, "code": "F23", "order": 230, "text": "新增条款", "category": "conduct",
        "effect": "fine", "escalation": "doubling", "escalation_period": "month"})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"amount": [
        "This kind of rule needs an amount greater than zero."]}
    assert not Rule.objects.filter(code="F23").exists()


@pytest.mark.parametrize(("changes", "errors"), [
    ({"code": "Q2"}, {"code": ["The code Q2 is already used by 医院信息科考核办法."]}),
    ({"effect": "deduction"}, {"effect": ["A schedule in Money in yuan (罚款) cannot hold this kind of rule."]}),
    ({"at_least": "5"}, {"measure": ["Thresholds need a measured value (minutes, hours, items or yuan)."]}),
    ({"measure": "minutes", "at_least": "10", "at_most": "5"}, {"at_most": [
        "The upper threshold must be above the lower one."]}),
    ({"effect": "record", "escalation": "doubling"}, {"escalation": [
        "Only fines and point deductions can double on each repeat."], "amount": [
        "This kind of rule has no amount; leave it empty."]}),
    ({"per_item": "on"}, {"per_item": ["An amount per item needs the number of items as its measured value."]}),
])
def test_rule_validation_messages(admin_client, draft, changes, errors):
    data = {"revision": draft.pk, "code": "F23", "order": 230, "text": "新增条款", "category": "conduct",
            "effect": "fine", "amount": "100", "escalation": "none", "escalation_period": "month", **changes}

    response = admin_client.post(reverse("admin:discipline_rule_add"), data)

    assert response.context["adminform"].form.errors == errors
    assert Rule.objects.filter(revision=draft).count() == 23


def test_staff_without_the_permission_cannot_publish(client, draft):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(reverse("admin:discipline_revision_publish", args=[draft.pk])).status_code == 403
    assert Incident.objects.count() == 0
