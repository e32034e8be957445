"""The audit log page (search by person or object, action, dates) and its chain check with the anchor to keep.
Who may open them: tests/permission_matrix.py (audit:log, audit:verify)."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import audit_record, parse_anchors
from tests.html import by_testid, find_all

SHANGHAI = timezone.get_fixed_timezone(8 * 60)


@pytest.fixture
def auditor(client, org, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the Chinese: tests/core/test_translations.py
    client.force_login(org.admin)
    return client


@pytest.fixture
def week(org):
    """Three days of entries: HR names 艾丽's interim supervisor, the head records an incident, HR adds a department."""
    made = []
    for day, actor, action, obj in [(2, org.hr, "staff.supervisor.interim", org.employee.profile),
                                    (3, org.head, "discipline.incident.record", org.employee),
                                    (4, org.hr, "staff.department.create", org.ward)]:
        with time_machine.travel(datetime.datetime(2026, 11, day, 10, 0, tzinfo=SHANGHAI), tick=False):
            made.append(audit_record(actor=actor, action=action, obj=obj).pk)
    return made


def shown(response):
    assert response.status_code == 200
    return [entry.pk for entry in response.context["page"].object_list]


def test_the_log_lists_the_newest_first(auditor, week):
    assert shown(auditor.get(reverse("audit:log"))) == week[::-1]


@pytest.mark.parametrize(("query", "expected"), [
    ({"q": "多拉"}, [2, 0]),  # the actor's name
    ({"q": "心内"}, [2]),  # the object's name
    ({"q": "interim supervisor"}, [0]),  # the action's label (audit.labels)
    ({"q": "incident.rec"}, [1]),  # the action's code
    ({"action": "app:staff"}, [2, 0]),  # every action of an app
    ({"action": "staff.department.create"}, [2]),  # one action
    ({"since": "2026-11-03"}, [2, 1]),
    ({"until": "2026-11-03"}, [1, 0]),
    ({"since": "2026-11-03", "until": "2026-11-03", "action": "app:discipline"}, [1]),
], ids=["person", "object", "action label", "action code", "app", "action", "since", "until", "all together"])
def test_the_filters(auditor, week, query, expected):
    assert shown(auditor.get(reverse("audit:log"), query)) == [week[index] for index in expected]


def test_each_action_shows_its_label_and_an_unknown_one_its_code(auditor, week, org):
    audit_record(actor=None, action="staff.profile.update", obj=org.employee.profile)  # no app registered it

    response = auditor.get(reverse("audit:log"))

    assert [text for _tag, _attrs, text in find_all(response, "data-label", "Action")] == [
        "staff.profile.update", "department created", "recorded an incident", "interim supervisor named"]
    assert [attrs["title"] for _tag, attrs, _text in find_all(response, "data-label", "Action")] == [
        "staff.profile.update", "staff.department.create", "discipline.incident.record", "staff.supervisor.interim"]


def test_before_and_after_read_as_the_fields_and_choices_people_see(auditor, org):
    audit_record(actor=org.hr, action="staff.profile.update", obj=org.employee.profile,
                 before={"status": "probation", "phone": None, "note": "<b>试用</b>"},
                 after={"status": "regular", "confirmed": True, "sets": ["甲", "乙"], "removed": [],
                        "at": "2026-11-25T00:00:00Z", "said": "2026-11-25T00:00 was the day"})

    response = auditor.get(reverse("audit:log"))

    assert (by_testid(response, "before"), by_testid(response, "after")) == (  # a line each, run together here
        "Phone: —" "Employment status: On probation" "note: <b>试用</b>",  # the model's fields first, in its order
        "Employment status: Regular" "at: 2026-11-25 08:00" "confirmed: yes" "removed: —"
        "said: 2026-11-25T00:00 was the day" "sets: 甲、乙")
    assert "<b>试用</b>" not in response.content.decode()  # recorded text is escaped


def test_a_side_with_nothing_recorded_shows_a_dash(auditor, week):
    response = auditor.get(reverse("audit:log"))

    assert [text for _tag, _attrs, text in find_all(response, "data-testid", "before")] == ["—", "—", "—"]


def test_the_action_filter_offers_the_labels_by_app(auditor, week):
    options = find_all(auditor.get(reverse("audit:log")), "value")
    texts = {attrs["value"]: text for tag, attrs, text in options if tag == "option"}

    assert texts[""] == "All actions"
    assert texts["app:discipline"] == "All: Discipline (考核)"
    assert texts["discipline.incident.appeal"] == "appealed the incident"
    assert texts["admin.add"] == "Added in Django admin"


def test_an_unknown_action_shows_nothing_and_says_why(auditor, week):
    response = auditor.get(reverse("audit:log"), {"action": "staff."})

    assert shown(response) == []
    assert find_all(response, "class", "col-12 text-danger small")[0][2] == (
        "Some filters are not valid: nothing is shown.")


def test_an_impossible_date_shows_nothing_and_says_why(auditor, week):
    response = auditor.get(reverse("audit:log"), {"since": "2026-02-30"})

    assert shown(response) == []
    assert list(response.context["form"].errors) == ["since"]
    assert find_all(response, "class", "col-12 text-danger small")[0][2] == (
        "Some filters are not valid: nothing is shown.")


def test_the_check_shows_the_anchor_to_keep(auditor, week):
    response = auditor.post(reverse("audit:verify"))

    assert response.status_code == 200
    assert by_testid(response, "chain-status") == "Intact: 3 entries checked"
    assert parse_anchors(by_testid(response, "anchor")) == {3: AuditEntry.objects.get(pk=week[-1]).hash}


def test_a_broken_chain_is_named_and_no_anchor_is_offered(auditor, week):
    AuditEntry.objects.filter(pk=week[1]).update(actor_label="别人")

    response = auditor.post(reverse("audit:verify"))

    assert by_testid(response, "chain-status") == f"Broken at entry #{week[1]}"
    assert "anchor" not in response.content.decode()
