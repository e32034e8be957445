"""What every part of hiring's services shares: who to tell, the HR check, today and dates."""

from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import Step
from core.errors import ServiceError
from core.roles import Role
from notifications.services import notify
from staff.directory import people_with_role

from ..rules import can_manage_hiring


def hr_people():
    return list(people_with_role(Role.HR).order_by("pk")[:50])


def tell(people, *, by, subject, body="", url="", work=None):
    """Notify each person once, never the one who acted. `work`: see notifications.services.notify()."""
    seen = set()
    for person in people:
        if person is None or person.pk in seen or (by is not None and person.pk == by.pk) or not person.is_active:
            continue
        seen.add(person.pk)
        notify(recipient=person, subject=subject, body=body, url=url, work=work)


def require_hr(by):
    if not can_manage_hiring(by):
        raise ServiceError(_("Only 人事科 (HR) can do this."))


def local_today():
    return timezone.localdate()


def is_final_step(step):
    """Whether this is the last step of its round (skipped steps aside): for a headcount request, the hospital
    office meeting's approval (院办公会议批准)."""
    return not Step.objects.filter(request_id=step.request_id, round=step.round, order__gt=step.order).exclude(
        state=Step.State.SKIPPED).exists()


def check_date(day, *, label, not_before=None, not_before_label=""):
    if day is None:
        raise ServiceError(_("Enter the %(what)s.") % {"what": label})
    if day > local_today():
        raise ServiceError(_("The %(what)s cannot be in the future.") % {"what": label})
    if not_before and day < not_before:
        raise ServiceError(_("The %(what)s is before the %(other)s (%(date)s).") % {
            "what": label, "other": not_before_label, "date": not_before})
