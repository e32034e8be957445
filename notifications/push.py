"""Pushes to WeCom/DingTalk robots: where a person's notifications go, and every change to channels and pushes.

A notification for someone with a channel gets a PushDelivery in the same transaction, published through the
outbox after commit (nothing is lost while the network or the broker is down). Sending claims the delivery under a
lock on its channel, keeps each robot within its 20 messages a minute (a message over the limit waits for the next
free slot, never dropped), checks the reply's errcode, retries with backoff, and reports a channel that keeps
failing to the people who manage channels (and to its owner). The beat task `notifications.tasks.push_due` sends
what waited.

Layers: notifications sits below staff. A person's department comes from a provider staff registers
(register_department_of); a department's channel points to "staff.Department" by name only.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import ServiceError
from outbox.services import enqueue

from . import robots
from .crypto import UnreadableSecret, decrypt, encrypt, rotate
from .models import Notification, PushChannel, PushDelivery, PushPreference
from .services import Outcome, notify, work_done

RATE_PER_MINUTE = 20  # both robots' limit (DingTalk blocks a robot for 10 minutes beyond it)
WINDOW = datetime.timedelta(minutes=1)
BACKOFF = [datetime.timedelta(minutes=m) for m in (1, 2, 4, 8)]  # after each failed attempt
MAX_ATTEMPTS = len(BACKOFF) + 1  # then the push has failed and the channel is reported
STALE_SENDING = datetime.timedelta(minutes=5)  # a worker killed while sending: the push is sent again
REQUIRED_PARAMETER = {PushChannel.Kind.WECOM: "key", PushChannel.Kind.DINGTALK: "access_token"}

_department_of = None


def register_department_of(provider):
    """staff registers `provider(user) -> department id or None` (notifications cannot import staff)."""
    global _department_of
    _department_of = provider


def department_of(user):
    return _department_of(user) if _department_of is not None else None


# Where a notification goes ----------------------------------------------------------------------------------------

def channel_for(user, kind):
    """(channel, shared) for a notification of this kind to this person, or (None, False). shared: a department's
    group, which only receives work waiting for someone."""
    source, scope = PushPreference.objects.filter(user=user).values_list("source", "scope").first() or (
        PushPreference.Source.DEPARTMENT, PushPreference.Scope.WORK)
    is_work = kind == Notification.Kind.WORK
    if source == PushPreference.Source.OFF or (not is_work and scope == PushPreference.Scope.WORK):
        return None, False
    if source == PushPreference.Source.OWN:
        return PushChannel.objects.filter(owner=user, is_active=True).first(), False
    if not is_work:
        return None, False  # news stays out of a department's group
    department_id = department_of(user)
    channel = PushChannel.objects.filter(department_id=department_id, is_active=True).first() if department_id else None
    return channel, channel is not None


def _link(path):
    site = settings.SITE_URL.rstrip("/")
    if path and path.startswith("/") and url_has_allowed_host_and_scheme(path, allowed_hosts=None):
        return site + path
    return site + reverse("notifications:list")


def message_for(notification, shared):
    """(title, markdown) of a notification's push, in the site's language. A department's group sees whom the work
    waits for and the subject, never the details."""
    with translation.override(settings.LANGUAGE_CODE):
        # Work's subjects already ask (待您审批：…, …待您确认): no prefix needed.
        title = robots.plain(notification.subject)
        if shared:
            name = robots.plain(getattr(notification.recipient, "display_name", "") or str(notification.recipient))
            title = _("%(name)s: %(title)s") % {"name": name, "title": title}
        lines = [f"**{title}**"]
        if not shared and notification.body:
            lines += [f"> {robots.plain(line)}" if line.strip() else ">" for line in notification.body.splitlines()]
        lines.append("[%s](%s)" % (_("Open in Xinke"), _link(notification.url)))
    return title.replace("\n", " "), "\n".join(lines)


def push_queue(notification):
    """Queue the notification's push, if its recipient has a channel for it. Called by notify()."""
    channel, shared = channel_for(notification.recipient, notification.kind)
    if channel is None:
        return None
    title, text = message_for(notification, shared)
    delivery = PushDelivery.objects.create(channel=channel, notification=notification, title=title[:200], text=text,
                                           next_attempt_at=timezone.now())
    # background: on the embedded default a robot that does not answer must not hold up the request.
    enqueue("notifications.tasks.push_send", delivery.pk, background=True)
    return delivery


# Sending ---------------------------------------------------------------------------------------------------------

def _claim(delivery_id, now):
    """Take the delivery for sending if it is due and its channel has a free slot in the last minute. Returns the
    claimed delivery (with its channel), or None; a delivery over the rate gets the next free slot."""
    with transaction.atomic():
        channel_id = PushDelivery.objects.filter(pk=delivery_id).values_list("channel_id", flat=True).first()
        if channel_id is None:
            return None
        # The channel's row lock makes its senders take turns (rate counting included); then the delivery's.
        channel = PushChannel.objects.select_for_update().get(pk=channel_id)
        delivery = PushDelivery.objects.select_for_update().get(pk=delivery_id)
        if delivery.state != PushDelivery.State.WAITING or (delivery.next_attempt_at or now) > now:
            return None
        if not channel.is_active:
            delivery.state, delivery.last_error = PushDelivery.State.FAILED, _("The channel is switched off.")
            delivery.save(update_fields=["state", "last_error"])
            return None
        recent = list(channel.deliveries.filter(attempted_at__gt=now - WINDOW).order_by("-attempted_at")
                      .values_list("attempted_at", flat=True)[:RATE_PER_MINUTE])
        if len(recent) >= RATE_PER_MINUTE:
            delivery.next_attempt_at = recent[-1] + WINDOW
            delivery.save(update_fields=["next_attempt_at"])
            return None
        delivery.state, delivery.attempted_at, delivery.attempts = PushDelivery.State.SENDING, now, delivery.attempts + 1
        delivery.save(update_fields=["state", "attempted_at", "attempts"])
        delivery.channel = channel
        return delivery


def delivery_send(delivery_id, now=None):
    """One attempt at one push, if it is due (idempotent: a sent or claimed push is left alone). Returns the
    delivery as it ends up, or None when there was nothing to do now."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return None
    channel = delivery.channel
    try:
        robots.send(channel.kind, decrypt(channel.webhook_encrypted), decrypt(channel.secret_encrypted),
                    delivery.title, delivery.text)
    except robots.RobotError as error:
        _failed(delivery, channel, str(error), now)
    except UnreadableSecret:
        _failed(delivery, channel, _("The webhook cannot be decrypted: PUSH_CHANNEL_KEYS or SECRET_KEY changed. "
                                     "Enter the webhook again."), now)
    else:
        _sent(delivery, channel, now)
    delivery.refresh_from_db()
    return delivery


# Locks are taken in one order everywhere: the channel, then the delivery (two workers would deadlock otherwise).

@transaction.atomic
def _sent(delivery, channel, now):
    channel = PushChannel.objects.select_for_update().get(pk=channel.pk)
    PushDelivery.objects.filter(pk=delivery.pk).update(state=PushDelivery.State.SENT, sent_at=now, last_error="")
    recovered = channel.failing_since is not None
    channel.last_sent_at, channel.failing_since, channel.last_error = now, None, ""
    channel.save(update_fields=["last_sent_at", "failing_since", "last_error"])
    if recovered:
        work_done(channel)  # the report that it was failing


@transaction.atomic
def _failed(delivery, channel, error, now):
    error = error[:500]
    channel = PushChannel.objects.select_for_update().get(pk=channel.pk)
    if delivery.attempts < MAX_ATTEMPTS and not delivery.is_test:
        PushDelivery.objects.filter(pk=delivery.pk).update(
            state=PushDelivery.State.WAITING, last_error=error, next_attempt_at=now + BACKOFF[delivery.attempts - 1])
        return
    PushDelivery.objects.filter(pk=delivery.pk).update(state=PushDelivery.State.FAILED, last_error=error)
    channel.last_error = error
    newly = channel.failing_since is None and not delivery.is_test  # a person sees their test's error at once
    if newly:
        channel.failing_since = now
    channel.save(update_fields=["failing_since", "last_error"])
    if newly:
        _report_failing(channel, error)


def channel_managers():
    """Who is told of a failing channel: whoever may change channels in admin."""
    permission = Permission.objects.filter(codename="change_pushchannel", content_type__app_label="notifications")
    User = get_user_model()
    return list(User.objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(groups__permissions__in=permission) | Q(user_permissions__in=permission))
        .distinct().order_by("pk")[:20])


def _report_failing(channel, error):
    subject = _("Pushes to %(channel)s are failing") % {"channel": channel}
    body = _("%(error)s — Nothing is lost: every notification is still in Xinke. Check the robot's webhook (and "
             "DingTalk's signing secret).") % {"error": error}
    admin_url = reverse("admin:notifications_pushchannel_change", args=[channel.pk])
    people = {person.pk: (person, admin_url) for person in channel_managers()}
    if channel.owner_id and channel.owner.is_active:
        people.setdefault(channel.owner_id, (channel.owner, reverse("notifications:settings")))
    for person, url in people.values():
        notify(recipient=person, subject=subject, body=body, url=url, work=channel, push=False)


def deliveries_due(now=None):
    """Ids of pushes whose time has come, oldest first; pushes left "sending" by a killed worker are due again."""
    now = now or timezone.now()
    PushDelivery.objects.filter(state=PushDelivery.State.SENDING, attempted_at__lt=now - STALE_SENDING).update(
        state=PushDelivery.State.WAITING, next_attempt_at=now)
    return list(PushDelivery.objects.filter(state=PushDelivery.State.WAITING, next_attempt_at__lte=now)
                .order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:500])


def push_due(now=None):
    """Beat task: send every push whose time has come (within each robot's rate). Returns how many were sent."""
    sent = 0
    for delivery_id in deliveries_due(now):
        delivery = delivery_send(delivery_id)
        sent += delivery is not None and delivery.state == PushDelivery.State.SENT
    return sent


@transaction.atomic
def deliveries_retry(*, deliveries):
    """Failed pushes (not tests) queued again from the start, e.g. once their channel is fixed. Returns how many."""
    ids = list(deliveries.filter(state=PushDelivery.State.FAILED, is_test=False).values_list("pk", flat=True))
    PushDelivery.objects.filter(pk__in=ids).update(state=PushDelivery.State.WAITING, attempts=0, last_error="",
                                                   next_attempt_at=timezone.now())
    for delivery_id in ids:
        enqueue("notifications.tasks.push_send", delivery_id, background=True)
    return len(ids)


# Channels ----------------------------------------------------------------------------------------------------------

def _allowed_hosts():
    return {host.lower() for host in settings.PUSH_WEBHOOK_HOSTS}


def check_webhook(kind, webhook, secret):
    """Refuse a webhook that is not a robot's address on an allowed host (it is fetched by the server)."""
    parts = urlsplit(webhook)
    hosts = _allowed_hosts()
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ServiceError(_("Paste the robot's whole webhook address, starting with https://."))
    if parts.hostname.lower() not in hosts:
        raise ServiceError(_("Pushes go only to %(hosts)s (PUSH_WEBHOOK_HOSTS); not to %(host)s.") % {
            "hosts": "、".join(sorted(hosts)), "host": parts.hostname})
    parameter = REQUIRED_PARAMETER[kind]
    if f"{parameter}=" not in (parts.query or ""):
        raise ServiceError(_("This is not a %(kind)s webhook: its address has no “%(parameter)s=”.") % {
            "kind": PushChannel.Kind(kind).label, "parameter": parameter})
    if kind == PushChannel.Kind.DINGTALK and not secret:
        raise ServiceError(_("Enter the robot's signing secret (加签, it starts with SEC)."))


def _hint(webhook):
    parts = urlsplit(webhook)
    return f"{parts.hostname} …{webhook[-4:]}"[:80]


def _snapshot(channel):
    """What the audit log keeps of a channel: never the webhook or the secret, only which robot it is."""
    return {"kind": channel.kind, "name": channel.name, "person": channel.owner.username if channel.owner_id else "",
            "department": str(channel.department) if channel.department_id else "", "active": channel.is_active,
            "webhook": channel.webhook_hint, "signing_secret": channel.has_secret}


def channel_save(*, by, kind, name, channel=None, owner=None, department=None, webhook="", secret="",
                 is_active=True):
    """Create or change a channel (a person's own or a department's). An empty webhook or secret keeps the stored
    one; a new channel needs them. Audited without the secrets."""
    if kind not in PushChannel.Kind.values:
        raise ServiceError(_("Choose WeCom or DingTalk."))
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Give the channel a name."))
    webhook, secret = (webhook or "").strip(), (secret or "").strip()
    with transaction.atomic():
        if channel is not None:
            channel = PushChannel.objects.select_for_update().get(pk=channel.pk)
            before = _snapshot(channel)
            if kind != channel.kind and not webhook:
                raise ServiceError(_("A robot of another kind needs its own webhook."))
        else:
            if (owner is None) == (department is None):
                raise ServiceError(_("A channel belongs to a person or to a department."))
            taken = PushChannel.objects.filter(owner=owner) if owner is not None else PushChannel.objects.filter(
                department=department)
            if taken.exists():
                raise ServiceError(_("There is already a channel for %(whom)s.") % {"whom": owner or department})
            if not webhook:
                raise ServiceError(_("Paste the robot's webhook address."))
            before = None
            channel = PushChannel(owner=owner, department=department)
        try:
            check_webhook(kind, webhook or decrypt(channel.webhook_encrypted),
                          secret or (decrypt(channel.secret_encrypted) if kind == channel.kind else ""))
        except UnreadableSecret:
            raise ServiceError(_("The stored webhook cannot be decrypted any more: enter it again.")) from None
        channel.kind, channel.name, channel.is_active, channel.updated_by = kind, name[:100], is_active, by
        if webhook:
            channel.webhook_encrypted, channel.webhook_hint = encrypt(webhook), _hint(webhook)
        if secret:
            channel.secret_encrypted = encrypt(secret)
        elif kind == PushChannel.Kind.WECOM:
            channel.secret_encrypted = ""  # WeCom robots are not signed: the key in the webhook is the secret
        if webhook or secret:
            channel.failing_since, channel.last_error = None, ""  # a new address: its health starts afresh
        channel.save()
        after = {**_snapshot(channel), "webhook_changed": bool(webhook), "secret_changed": bool(secret)}
        action = "notifications.channel.create" if before is None else "notifications.channel.change"
        audit_record(actor=by, action=action, obj=channel, before=before, after=after)
    return channel


@transaction.atomic
def channel_delete(*, channel, by):
    """Remove a channel (audited). A person whose own robot it was is pushed to their department's group again."""
    channel = PushChannel.objects.select_for_update().get(pk=channel.pk)
    audit_record(actor=by, action="notifications.channel.delete", obj=channel, before=_snapshot(channel))
    work_done(channel, outcome=Outcome.CANCELLED)
    if channel.owner_id:
        preference = PushPreference.objects.filter(user_id=channel.owner_id, source=PushPreference.Source.OWN).first()
        if preference is not None:
            preference_save(user=channel.owner, source=PushPreference.Source.DEPARTMENT, scope=preference.scope,
                            by=by)
    channel.delete()


def channel_test(*, channel, by):
    """Send a test message now (within the robot's rate) and return the push, sent or failed with the reason."""
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Xinke test message")
        text = "\n".join([f"**{title}**", _("Sent by %(name)s to %(channel)s at %(time)s. Notifications will "
                                             "arrive here.") % {
            "name": robots.plain(getattr(by, "display_name", "") or str(by)), "channel": robots.plain(str(channel)),
            "time": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
            "[%s](%s)" % (_("Open in Xinke"), _link(reverse("notifications:list")))])
    delivery = PushDelivery.objects.create(channel=channel, is_test=True, title=title, text=text,
                                           next_attempt_at=timezone.now())
    sent = delivery_send(delivery.pk)
    if sent is None:
        delivery.refresh_from_db()
        if delivery.state == PushDelivery.State.WAITING:
            delivery.state = PushDelivery.State.FAILED
            delivery.last_error = _("The robot has had %(count)d messages in the last minute; try again in a "
                                    "minute.") % {"count": RATE_PER_MINUTE}
            delivery.save(update_fields=["state", "last_error"])
        return delivery
    return sent


@transaction.atomic
def preference_save(*, user, source, scope, by=None):
    """Where and what to push for `user` (by: who changed it, when not the person)."""
    if source not in PushPreference.Source.values or scope not in PushPreference.Scope.values:
        raise ServiceError(_("Choose where and what to push."))
    preference = PushPreference.objects.select_for_update().filter(user=user).first() or PushPreference(user=user)
    before = {"source": preference.source, "scope": preference.scope} if preference.pk else None
    preference.source, preference.scope = source, scope
    preference.save()
    audit_record(actor=by or user, action="notifications.preference.change", obj=preference, before=before,
                 after={"source": source, "scope": scope})
    return preference


@transaction.atomic
def channels_rotate():
    """Re-encrypt every channel's secrets with the first key (notifications.crypto). All or nothing; audited."""
    channels = list(PushChannel.objects.select_for_update().order_by("pk"))
    for channel in channels:
        try:
            channel.webhook_encrypted = rotate(channel.webhook_encrypted)
            channel.secret_encrypted = rotate(channel.secret_encrypted)
        except UnreadableSecret:
            raise UnreadableSecret(channel.pk) from None
        channel.save(update_fields=["webhook_encrypted", "secret_encrypted"])
    if channels:
        audit_record(actor=None, action="notifications.channel.rotate", obj=channels[0],
                     after={"channels": [channel.pk for channel in channels]})
    return len(channels)
