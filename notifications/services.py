"""Every change to notifications goes through here."""

from django.utils import timezone

from outbox.services import enqueue

from .models import Notification


def notify(*, recipient, subject, body="", url=""):
    """Record an in-app notification and queue its e-mail copy after the transaction commits."""
    notification = Notification.objects.create(recipient=recipient, subject=subject, body=body, url=url)
    if recipient.email:
        enqueue("notifications.tasks.email_notification", notification.pk)
    return notification


def notification_mark_read(*, notification, by):
    if notification.recipient_id != by.pk:
        raise PermissionError("not the recipient")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user):
    return Notification.objects.unread_for(user).update(read_at=timezone.now())
