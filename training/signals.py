"""A new hire's probation gets the induction exam (新进人员培训及考核) as soon as the probation is recorded.

Hiring does not know training (a lower layer); training listens for the probation being created and queues the
assignment through the outbox, so it happens after the hire's transaction commits and survives a broker outage.
The hourly beat task `training.tasks.assign_induction_exams` catches any that were missed.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from outbox.services import enqueue

from .hiring import Probation


@receiver(post_save, sender=Probation, dispatch_uid="training.induction_on_probation")
def give_induction_exam(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.state == Probation.State.ACTIVE and instance.induction_passed_on is None:
        enqueue("training.tasks.assign_induction", instance.pk)
