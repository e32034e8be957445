"""External training (外派培训): asked for with its cost, organiser and dates, approved through the engine (the
request type "training.external": the department head, then the vice president in charge of IT — chain rules in
Django admin); afterwards the certificate, and the hours credited once a leader of the department confirms them.

The record's state is the approval's outcome while undecided (synchronised only in `external_decided`, the engine's
finished hook), then goes on: REPORTED once the certificate is handed in, CONFIRMED when the hours are credited."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import optional_text, require, required_text
from approvals.models import ApprovalRequest
from approvals.services import request_withdraw, submit_for_approval
from audit.services import audit_record

from .. import rules
from ..models import ExternalTraining, Plan, Requirement
from .common import number, tell

State = ExternalTraining.State
FIELDS = ("title", "organiser", "place", "starts_on", "ends_on", "cost", "hours", "requirement", "reason",
          "plan_item")


def _snapshot(record):
    return {"title": record.title, "organiser": record.organiser, "period": record.period_text(),
            "cost": record.cost, "hours": record.hours, "state": record.state}


def _lock(record):
    return ExternalTraining.objects.select_for_update(of=("self",)).select_related("person", "department").get(
        pk=record.pk)


def _check(values, department):
    values["title"] = required_text(values.get("title"), _("Say what the training is."), limit=200)
    values["organiser"] = required_text(values.get("organiser"), _("Say who organises it."), limit=200)
    values["place"] = required_text(values.get("place"), _("Say where it takes place."), limit=100)
    values["reason"] = required_text(values.get("reason"), _("Say why the work needs it."))
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    require(starts_on is not None and ends_on is not None and ends_on >= starts_on,
            _("The training ends before it starts."))
    require((ends_on - starts_on).days <= 366, _("External training lasts at most a year."))
    require(values.get("cost") is not None and values["cost"] >= 0, _("The cost cannot be negative."))
    require(values.get("hours") is not None and values["hours"] > 0, _("Give the hours it earns."))
    require(values.get("requirement") in Requirement.values, _("Choose required or elective."))
    item = values.get("plan_item")
    require(item is None or (item.plan.department_id == department.pk and item.plan.state == Plan.State.APPROVED),
            _("Choose an item of the department's plan in force."))
    return values


@transaction.atomic
def external_request(*, person, by, **values):
    """The person asks to attend; the request goes before the chain at once."""
    require(by.pk == person.pk, _("External training is asked for by the person who attends."))
    profile = getattr(person, "profile", None)
    require(profile is not None and profile.is_active_staff(), _("Only current staff record training."))
    values = _check(values, profile.department)
    record = ExternalTraining.objects.create(person=person, department=profile.department,
                                             **{name: values[name] for name in FIELDS if name in values})
    submit_for_approval(subject=record, by=by, action="training.external.create", after=_snapshot(record),
                        department=record.department)
    return record


@transaction.atomic
def external_update(*, record, by, **values):
    """A request returned for changes is corrected and submitted again."""
    record = _lock(record)
    require(by.pk == record.person_id, _("Only the person who asked changes the request."))
    require(record.is_editable(), _("This request is not waiting for changes."))
    before = _snapshot(record)
    values = _check(values, record.department)
    for name in FIELDS:
        if name in values:
            setattr(record, name, values[name])
    record.save()
    submit_for_approval(subject=record, by=by, action="training.external.update", before=before,
                        after=_snapshot(record), department=record.department)
    return record


@transaction.atomic
def external_withdraw(*, record, by):
    record = _lock(record)
    require(record.approval_id is not None and record.state == State.DRAFT,
            _("Only a request not decided yet can be withdrawn."))
    request_withdraw(request=record.approval, by=by)
    record.refresh_from_db()
    return record


def external_decided(record, *, outcome, by):
    """The `finished` hook: the request takes the approval's outcome."""
    record = _lock(record)
    if record.state != State.DRAFT:
        return
    state = {ApprovalRequest.State.APPROVED: State.APPROVED, ApprovalRequest.State.REJECTED: State.REJECTED,
             ApprovalRequest.State.WITHDRAWN: State.WITHDRAWN}.get(outcome)
    if state is None:
        return
    before = _snapshot(record)
    record.state = state
    record.save(update_fields=["state", "updated_at"])
    audit_record(actor=by, action=f"training.external.{state}", obj=record, before=before, after=_snapshot(record))


@transaction.atomic
def external_report(*, record, by, certificate, report, hours, today=None):
    """Back from the training: the certificate (培训证书) and what was learnt; a leader then confirms the hours."""
    today = today or timezone.localdate()
    record = _lock(record)
    require(by.pk == record.person_id, _("The person who attended hands in the certificate."))
    require(record.state == State.APPROVED, _("Only approved external training is reported."))
    require(record.starts_on <= today, _("The certificate is handed in once the training has taken place."))
    require(certificate is not None, _("Attach the certificate."))
    require(hours is not None and Decimal("0.5") <= hours <= Decimal("200"), _("Give 0.5 to 200 hours."))
    before = _snapshot(record)
    record.report = required_text(report, _("Say briefly what was learnt."))
    record.hours = hours
    record.certificate_name = certificate.name[:200]
    record.certificate.save(certificate.name, certificate, save=False)
    record.state, record.reported_at = State.REPORTED, timezone.now()
    record.save()
    audit_record(actor=by, action="training.external.report", obj=record, before=before,
                 after={**_snapshot(record), "certificate": record.certificate_name})
    tell(record.department.leaders(), subject=_("To confirm: %(name)s's external training, %(hours)s hours") % {
        "name": record.person.display_name, "hours": number(hours)}, body=record.title,
        url=record.get_absolute_url(), skip=by)
    return record


@transaction.atomic
def external_confirm(*, record, by, accept, hours=None, note=""):
    """A leader of the department credits the hours (perhaps fewer than claimed), or sends the report back."""
    record = _lock(record)
    require(rules.can_confirm_external(by, record), _("Only the department's leaders confirm external training."))
    require(record.state == State.REPORTED, _("Nothing is waiting for confirmation."))
    note = optional_text(note, 300)
    before = _snapshot(record)
    if accept:
        hours = record.hours if hours is None else hours
        require(Decimal("0.5") <= hours <= record.hours, _("Credit 0.5 to %(max)s hours.") % {
            "max": number(record.hours)})
        record.state, record.hours_credited = State.CONFIRMED, hours
        record.confirmed_by, record.confirmed_at = by, timezone.now()
        record.save(update_fields=["state", "hours_credited", "confirmed_by", "confirmed_at", "updated_at"])
        subject = _("External training confirmed: %(hours)s hours credited") % {"hours": number(hours)}
    else:
        require(note, _("Please give a reason."))
        record.state = State.APPROVED
        record.save(update_fields=["state", "updated_at"])
        subject = _("External training: the certificate was sent back")
    audit_record(actor=by, action="training.external.confirm", obj=record, before=before,
                 after={**_snapshot(record), "credited": record.hours_credited, "note": note})
    tell([record.person], subject=subject, body=note, url=record.get_absolute_url())
    return record

