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
    """Three days of entries: HR changes 艾丽's profile, the head records an incident, HR adds a department."""
    made = []
    for day, actor, action, obj in [(2, org.hr, "staff.profile.update", org.employee.profile),
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
    ({"action": "staff."}, [2, 0]),  # the action's start
    ({"since": "2026-11-03"}, [2, 1]),
    ({"until": "2026-11-03"}, [1, 0]),
    ({"since": "2026-11-03", "until": "2026-11-03", "action": "discipline"}, [1]),
], ids=["person", "object", "action", "since", "until", "all together"])
def test_the_filters(auditor, week, query, expected):
    assert shown(auditor.get(reverse("audit:log"), query)) == [week[index] for index in expected]


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
