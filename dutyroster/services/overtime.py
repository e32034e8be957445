"""Overtime (加班): recorded by the person with its start and end; the bonus is proposed per the points rule
(加班一次(2小时2分)加2分) for the head to confirm, and refused by itself during a main duty (值主班除外)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import ServiceError, require, required_text
from discipline import services as discipline
from discipline.models import Incident
from staff.rules import is_it_staff

from ..models import Assignment, DutyPolicy, Finding, Overtime
from . import findings

MAX_HOURS = 24


@transaction.atomic
def overtime_record(*, by, starts_at, ends_at, work):
    require(is_it_staff(by), _("Overtime is recorded by the IT department's staff."))
    require(ends_at > starts_at, _("The overtime ends before it starts."))
    require(ends_at <= timezone.now(), _("Record overtime once it is over."))
    require(ends_at - starts_at <= datetime.timedelta(hours=MAX_HOURS),
            _("One record covers at most %(hours)d hours.") % {"hours": MAX_HOURS})
    require(timezone.now() - ends_at <= datetime.timedelta(days=31), _("Overtime is recorded within a month."))
    work = required_text(work, _("Say what work was done."))
    require(not Overtime.objects.filter(person=by, starts_at__lt=ends_at, ends_at__gt=starts_at).exclude(
        state=Overtime.State.CANCELLED).exists(), _("This overlaps overtime you already recorded."))
    main = (Assignment.objects.published().filter(person=by, duty_type__no_overtime_bonus=True)
            .overlapping(starts_at, ends_at).select_related("duty_type").first())
    overtime = Overtime(person=by, starts_at=starts_at, ends_at=ends_at, work=work, main_duty=main,
                        state=Overtime.State.NO_BONUS)
    if main is not None:
        overtime.no_bonus_reason = _("During %(duty)s: no overtime bonus (值主班除外).") % {"duty": main}
    overtime.save()
    audit_record(actor=by, action="dutyroster.overtime.record", obj=overtime, after={
        "from": starts_at, "until": ends_at, "hours": overtime.hours(), "main_duty": getattr(main, "pk", None)})
    if main is None:
        policy = DutyPolicy.current()
        local = timezone.localtime(starts_at)
        facts = _("Overtime %(from)s – %(until)s (%(hours)s hours): %(work)s") % {
            "from": f"{local:%Y-%m-%d %H:%M}", "until": f"{timezone.localtime(ends_at):%H:%M}",
            "hours": f"{overtime.hours().normalize():f}", "work": work}
        try:
            finding = findings.finding_record(key=f"overtime:{overtime.pk}", kind=Finding.Kind.OVERTIME, person=by,
                                              occurred_on=local.date(), facts=facts, rule_code=policy.overtime_rule,
                                              measured_value=overtime.hours(), overtime=overtime, by=by, strict=True)
        except ServiceError as refused:
            overtime.no_bonus_reason = refused.message[:300]
            overtime.save(update_fields=["no_bonus_reason"])
        else:
            if finding.incident_id:
                overtime.state = Overtime.State.PROPOSED
                overtime.save(update_fields=["state"])
    return overtime


@transaction.atomic
def overtime_withdraw(*, overtime, by, reason):
    """The person takes a record back while its bonus is still only proposed."""
    overtime = Overtime.objects.select_for_update().get(pk=overtime.pk)
    require(by.pk == overtime.person_id, _("Only the person withdraws their overtime."))
    require(overtime.state != Overtime.State.CANCELLED, _("This overtime was already withdrawn."))
    reason = required_text(reason, _("Please give a reason."), limit=300)
    finding = Finding.objects.filter(overtime=overtime).select_related("incident").first()
    if finding is not None and finding.incident_id:
        require(finding.incident.state in (Incident.State.PROPOSED, Incident.State.CANCELLED),
                _("The bonus was confirmed already: ask the head to cancel it."))
        discipline.incident_void(incident=finding.incident, by=by, reason=reason)
        finding.state, finding.dismiss_reason = Finding.State.DISMISSED, reason[:300]
        finding.decided_by, finding.decided_at = by, timezone.now()
        finding.save(update_fields=["state", "dismiss_reason", "decided_by", "decided_at"])
    before = {"state": overtime.state}
    overtime.state = Overtime.State.CANCELLED
    overtime.save(update_fields=["state"])
    audit_record(actor=by, action="dutyroster.overtime.withdraw", obj=overtime, before=before,
                 after={"state": overtime.state, "reason": reason})
    return overtime
