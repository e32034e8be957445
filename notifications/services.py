"""Every change to notifications goes through here.

Domains call notify() for news, notify(..., work=obj) for work waiting for the recipient (待您处理), and
work_done(obj) from the service that finishes that work, whoever does it.
"""

from django.utils import timezone

from outbox.services import enqueue

from .models import Notification

Outcome = Notification.Outcome


def notify(*, recipient, subject, body="", url="", work=None, push=True):
    """Record an in-app notification and queue its e-mail copy and its robot push (notifications.push) after the
    transaction commits.

    work: the object whose work this announces (an approval step, a scorecard…). The notification then waits
    until work_done(work) is called; an earlier notice of the same work to the same person (the first one of a
    reminder) stops counting, so each piece of work counts once.
    push=False keeps it off the robots (the reports about a failing robot).
    """
    if work is not None:
        Notification.objects.waiting().about([work]).filter(recipient=recipient).update(
            done_at=timezone.now(), outcome=Outcome.REPEATED)
    notification = Notification.objects.create(
        recipient=recipient, subject=subject[:200], body=body, url=url, work=work,
        kind=Notification.Kind.NEWS if work is None else Notification.Kind.WORK)
    if recipient.email:
        enqueue("notifications.tasks.email_notification", notification.pk)
    if push:
        from .push import push_queue

        push_queue(notification)
    return notification


def notify_each(people, *, subject, body="", url="", work=None, push=True, skip=()):
    """notify() each of `people` once (a person listed twice, as leader and applicant, is told once), except those
    in `skip` (typically the person who acted). Returns the notifications in the order the people came."""
    skipped = {person.pk for person in skip if person is not None}
    told = []
    for person in people:
        if person is None or person.pk in skipped:
            continue
        skipped.add(person.pk)
        told.append(notify(recipient=person, subject=subject, body=body, url=url, work=work, push=push))
    return told


def work_done(*works, outcome=Outcome.DONE, recipients=None):
    """The work announced about these objects is over (decided, done, passed on, withdrawn): its notifications stop
    waiting, for everyone told or only for `recipients`. Idempotent; returns how many stopped waiting."""
    works = [work for work in works if work is not None]
    if not works:
        return 0
    waiting = Notification.objects.waiting().about(works)
    if recipients is not None:
        waiting = waiting.filter(recipient__in=[person.pk for person in recipients if person is not None])
    return waiting.update(done_at=timezone.now(), outcome=outcome)


def notification_mark_read(*, notification, by):
    if notification.recipient_id != by.pk:
        raise PermissionError("not the recipient")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user):
    """Mark all unread news read (work waits until it is done, read or not)."""
    return Notification.objects.unread_for(user).news().update(read_at=timezone.now())
