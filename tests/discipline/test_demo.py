"""seed_demo: six months of believable discipline history, once."""

from io import StringIO

from django.core.management import call_command

from discipline.models import Incident
from discipline.selectors import department_statement
from staff.models import Department, StaffProfile


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def own():
    """The discipline demo's incidents, not the deductions, absences and lateness the leave demo adds (they follow
    the date), nor the duty roster's findings."""
    from leave.models import Absence, Lateness, LeaveRequest

    return Incident.objects.exclude(source=Incident.Source.DUTY_ROSTER).exclude(pk__in=LeaveRequest.deductions.through.objects.values("incident_id")).exclude(
        pk__in=Absence.objects.exclude(incident=None).values("incident_id")).exclude(
        pk__in=Lateness.incidents.through.objects.values("incident_id"))


def test_seed_demo_twice_creates_the_history_once(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    first = seed()
    count = own().count()

    second = seed()

    assert "discipline: 32 created" in first.splitlines()
    assert "discipline: 0 created" in second.splitlines()
    assert own().count() == count == 32


def test_the_demo_history_has_escalation_an_appeal_reduced_one_cancelled_and_open_work(db):
    seed()
    states = list(own().values_list("state", flat=True))

    assert own().filter(sequence__gt=1, escalation_factor__gt=1).count() >= 4
    assert (states.count("reduced"), states.count("cancelled"), states.count("appealed"), states.count("proposed")) == (
        1, 1, 1, 1)
    assert len({(date.year, date.month) for date in own().values_list("occurred_on", flat=True)}) == 6
    assert set(own().values_list("person__username", flat=True)) == {
        "1002", "1003", "1004", "1005", "1006", "1007", "1008"}


def test_the_demo_months_produce_statements(db):
    seed()
    it = Department.objects.get(code="it")
    latest = Incident.objects.latest("occurred_on").occurred_on

    statement = department_statement(it, latest.year, latest.month)

    members = StaffProfile.objects.filter(department=it, status__in=StaffProfile.ACTIVE_STATUSES).count()
    assert statement.totals.incidents > 0
    assert len(statement.people) == members
    assert {"1001", "1002", "1003", "1004", "1005", "1006", "1007", "1008"} <= {
        row.person.username for row in statement.people}
