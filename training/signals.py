"""Two listeners.

A new hire's probation gets the induction exam (新进人员培训及考核) as soon as the probation is recorded.

Hiring does not know training (a lower layer); training listens for the probation being created and queues the
assignment through the outbox, so it happens after the hire's transaction commits and survives a broker outage.
The hourly beat task `training.tasks.assign_induction_exams` catches any that were missed.

The stored yearly hours (models.YearHours) follow every save and deletion of what they count: attendance, a
session (its hours, date, required or elective, cancelled), external training, self-study. Listening here rather than
in each service also covers the admin, imports, the demo and tests that create records directly. Before the change
the (person, year) pairs the record counted for are read from the database, after it again; both are summed anew
in the same transaction. Bulk writes send no signal: the services only bulk-create attendance rows "expected" and
bulk-update "expected" to "absent", which earn no hours; a bulk load runs `manage.py recount_training_hours`.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone
from django.dispatch import receiver

from outbox.services import enqueue

from .hiring import Probation
from .models import Attendance, ExternalTraining, SelfStudy, Session
from .services.hours import year_hours_recount


@receiver(post_save, sender=Probation, dispatch_uid="training.induction_on_probation")
def give_induction_exam(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.state == Probation.State.ACTIVE and instance.induction_passed_on is None:
        enqueue("training.tasks.assign_induction", instance.pk)


def _counted_for(sender, pk):
    """The (person id, year) pairs a stored record's hours count for, as the database has them now."""
    if pk is None:
        return set()
    if sender is Session:
        rows = Attendance.objects.filter(session=pk).values_list("person_id", "session__starts_at")
    elif sender is Attendance:
        rows = Attendance.objects.filter(pk=pk).values_list("person_id", "session__starts_at")
    elif sender is ExternalTraining:
        return set(ExternalTraining.objects.filter(pk=pk).values_list("person_id", "ends_on__year"))
    else:
        return set(SelfStudy.objects.filter(pk=pk).values_list("person_id", "studied_on__year"))
    return {(person_id, timezone.localtime(starts_at).year) for person_id, starts_at in rows}


COUNTED = (Attendance, Session, ExternalTraining, SelfStudy)


def _before(sender, instance, raw=False, **kwargs):
    if sender in COUNTED and not raw:
        instance._hours_counted_for = _counted_for(sender, instance.pk)


def _after_save(sender, instance, raw=False, **kwargs):
    if sender in COUNTED and not raw:
        year_hours_recount(getattr(instance, "_hours_counted_for", set()) | _counted_for(sender, instance.pk))


def _after_delete(sender, instance, **kwargs):
    if sender in COUNTED:
        year_hours_recount(getattr(instance, "_hours_counted_for", set()))


for model in COUNTED:
    uid = f"training.year_hours.{model.__name__}"
    pre_save.connect(_before, sender=model, dispatch_uid=f"{uid}.pre_save")
    pre_delete.connect(_before, sender=model, dispatch_uid=f"{uid}.pre_delete")
    post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}.post_save")
    post_delete.connect(_after_delete, sender=model, dispatch_uid=f"{uid}.post_delete")
