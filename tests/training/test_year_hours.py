"""The stored yearly hours (YearHours) always equal the sum the ledger computes, after every way hours change: QR
sign-in, the organiser's ticks, a session's hours, date, kind or cancellation, external training credited, self-study
confirmed, deletions, a record made directly (admin, import, demo), the repair command and the migration's fill."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings, strategies as st

from training import selectors
from training.models import Attendance, ExternalTraining, Requirement, SelfStudy, YearHours
from training.services import external, hours, sessions

from .helpers import at, attended, schedule
from .test_external import FIELDS, PDF, approve_all, vp  # noqa: F401  (vp: a fixture)


def stored():
    return {(pk, year): total for pk, year, total in YearHours.objects.exclude(hours=0)
            .values_list("person_id", "year", "hours")}


def computed():
    """What the ledger sums, for every person and year with hours."""
    totals = {}
    for year in (2025, 2026, 2027):
        for pk, parts in selectors.hours_by_person(None, year).items():
            if sum(parts.values()):
                totals[pk, year] = sum(parts.values())
    return totals


def check(expected):
    assert stored() == computed() == expected


def test_attendance_sessions_and_deletions(org):
    first = attended(org, datetime.date(2026, 3, 10), hours="4")
    check({(org.employee.pk, 2026): 4})
    second = schedule(org, datetime.date(2026, 5, 10), people=[org.employee, org.supervisor], hours="3")
    sessions.attendance_mark(session=second, person=org.supervisor, by=org.head, status="present",
                             now=at(datetime.date(2026, 5, 10), 15))
    sessions.attendance_mark(session=second, person=org.employee, by=org.head, status="late",
                             now=at(datetime.date(2026, 5, 10), 15))
    check({(org.employee.pk, 2026): 7, (org.supervisor.pk, 2026): 3})
    sessions.attendance_mark(session=second, person=org.employee, by=org.head, status="excused",
                             now=at(datetime.date(2026, 5, 10), 15))
    check({(org.employee.pk, 2026): 4, (org.supervisor.pk, 2026): 3})
    # The session's hours, kind and date change: every attendee's year follows, also into another year.
    values = {"title": second.title, "ends_at": second.ends_at, "place": second.place, "form": second.form,
              "trainer": org.supervisor}
    sessions.session_update(session=second, by=org.head, starts_at=second.starts_at, hours=Decimal("5"),
                            requirement=Requirement.ELECTIVE, **values)
    check({(org.employee.pk, 2026): 4, (org.supervisor.pk, 2026): 5})
    moved = at(datetime.date(2025, 12, 31), 22)
    sessions.session_update(session=second, by=org.head, starts_at=moved, hours=Decimal("5"),
                            requirement=Requirement.ELECTIVE, **{**values, "ends_at": moved + datetime.timedelta(hours=1)})
    check({(org.employee.pk, 2026): 4, (org.supervisor.pk, 2025): 5})
    Attendance.objects.get(session=first, person=org.employee).delete()
    check({(org.supervisor.pk, 2025): 5})
    second.delete()  # its attendance goes with it
    check({})


def test_a_cancelled_session_and_a_closed_one(org):
    session = schedule(org, datetime.date(2026, 11, 20), people=[org.employee])
    sessions.attendance_mark(session=session, person=org.employee, by=org.head, status="present",
                             now=at(datetime.date(2026, 11, 20), 15))
    session.state = session.State.CANCELLED  # as the admin or a repair would: the service refuses it once attended
    session.save()
    check({})
    session.state = session.State.HELD
    session.save()
    check({(org.employee.pk, 2026): 2})


def test_external_training_and_self_study(org, vp):  # noqa: F811
    record = approve_all(external.external_request(person=org.employee, by=org.employee, **FIELDS))
    record = external.external_report(record=record, by=org.employee, report="总结", hours=Decimal("16"),
                                      certificate=SimpleUploadedFile("证书.pdf", PDF))
    check({})
    external.external_confirm(record=record, by=org.supervisor, accept=True, hours=Decimal("12"))
    check({(org.employee.pk, 2026): 12})
    study = hours.self_study_record(person=org.employee, by=org.employee, studied_on=datetime.date(2025, 12, 1),
                                    title="Oracle 性能调优", hours=Decimal("2"))
    check({(org.employee.pk, 2026): 12})
    hours.self_study_decide(record=study, by=org.head, accept=True)
    check({(org.employee.pk, 2026): 12, (org.employee.pk, 2025): 2})
    # Made directly (the demo, an import): counted too.
    SelfStudy.objects.create(person=org.supervisor, department=org.it, studied_on=datetime.date(2026, 2, 1),
                             title="自学", hours=Decimal("1.5"), state=SelfStudy.State.CONFIRMED)
    ExternalTraining.objects.filter(pk=record.pk).get().delete()
    check({(org.employee.pk, 2025): 2, (org.supervisor.pk, 2026): Decimal("1.5")})


def test_the_repair_command_and_the_migration_fill_the_same_totals(org):
    attended(org, datetime.date(2026, 3, 10), hours="4")
    attended(org, datetime.date(2026, 4, 10), person=org.supervisor, hours="2.5")
    expected = {(org.employee.pk, 2026): 4, (org.supervisor.pk, 2026): Decimal("2.5")}
    YearHours.objects.filter(person=org.employee).update(hours=99)  # a bulk change that sent no signal
    YearHours.objects.create(person=org.head, year=2024, hours=3)
    call_command("recount_training_hours", stdout=open("/dev/null", "w"))
    check(expected)
    call_command("recount_training_hours", stdout=open("/dev/null", "w"))  # again: nothing changes
    check(expected)
    YearHours.objects.all().delete()
    importlib.import_module("training.migrations.0005_year_hours").fill(apps, None)
    check(expected)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["present", "late", "absent", "excused"]), st.integers(0, 2),
                          st.sampled_from(["1", "2.5", "4"])), min_size=1, max_size=6))
def test_any_sequence_of_ticks_and_hour_changes_keeps_the_totals(org, steps):
    people = [org.employee, org.supervisor, org.head]
    session = schedule(org, datetime.date(2026, 6, 1), people=people)
    for status, index, new_hours in steps:
        sessions.attendance_mark(session=session, person=people[index], by=org.head, status=status,
                                 now=at(datetime.date(2026, 6, 1), 15))
        session.refresh_from_db()
        sessions.session_update(session=session, by=org.head, title=session.title, starts_at=session.starts_at,
                                ends_at=session.ends_at, place=session.place, hours=Decimal(new_hours),
                                form=session.form, requirement=session.requirement, trainer=org.supervisor)
        assert stored() == computed()


def test_the_page_orders_and_filters_by_the_stored_totals(client, org):
    attended(org, datetime.date(2026, 4, 1), person=org.supervisor, hours="18")
    attended(org, datetime.date(2026, 4, 2), hours="14")
    client.force_login(org.head)

    def shown(**params):
        rows = client.get(reverse("training:hours"), params).context["rows"]
        return [(row.person.username, row.total) for row in rows]

    assert shown(order="hours") == [("1100", 0), ("9100", 0), ("1101", 14), ("1102", 18)]
    assert shown(order="hours", behind="1") == [("1100", 0), ("9100", 0), ("1101", 14)]
    assert shown(behind="1") == [("1100", 0), ("1101", 14), ("9100", 0)]
    ledger = selectors.with_people(selectors.department_ledger(org.it, 2026, behind_only=True))
    assert shown(order="hours", behind="1") == [(row.person.username, row.total) for row in ledger]
