from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification


@shared_task
def email_notification(notification_id):
    """Send a notification's e-mail copy once: a second run finds it already sent."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",)).select_related("recipient").filter(pk=notification_id).first()
        )
        if notification is None or notification.emailed_at is not None or not notification.recipient.email:
            return False
        body = notification.body
        if notification.url:
            body = f"{body}\n\n{settings.SITE_URL}{notification.url}"
        send_mail(notification.subject, body, None, [notification.recipient.email])
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


@shared_task
def push_send(delivery_id):
    """Send one robot push if it is due. Idempotent: a push already sent or being sent is left alone; one that
    has to wait (the robot's rate, a retry's backoff) is sent by push_due."""
    from .push import delivery_send

    delivery = delivery_send(delivery_id)
    return delivery.state if delivery is not None else None


@shared_task
def push_due():
    """Beat task: send the pushes whose time has come."""
    from .push import push_due as send_due

    return send_due()
