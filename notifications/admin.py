"""In-app notifications (the bell and the home page's inbox), their e-mail copies, and the robot push channels."""
from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ReadOnlyAdmin
from core.errors import ServiceError

from . import push
from .crypto import UnreadableSecret, decrypt
from .forms import secret_field, webhook_field
from .models import Notification, PushChannel, PushDelivery


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "kind", "created_at", "read_at", "done_at", "outcome", "emailed_at"]
    list_filter = ["kind", "outcome", "read_at", "emailed_at"]
    search_fields = ["subject", "recipient__username", "recipient__name"]
    list_select_related = ["recipient"]
    readonly_fields = ["recipient", "kind", "subject", "body", "url", "work_type", "work_id", "created_at", "read_at",
                       "done_at", "outcome", "emailed_at"]


class PushChannelForm(forms.ModelForm):
    webhook = webhook_field(_("The robot's whole address, e.g. https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…. "
                              "Stored encrypted and never shown again; leave empty to keep the stored one."))
    secret = secret_field()

    class Meta:
        model = PushChannel
        fields = ["kind", "name", "department", "is_active"]

    def clean(self):
        data = super().clean()
        channel = self.instance if self.instance.pk else None
        kind, webhook, secret = data.get("kind"), data.get("webhook", "").strip(), data.get("secret", "").strip()
        if channel is None and not data.get("department"):
            self.add_error("department", _("Choose the department whose group receives the pushes."))
        if kind is None or self.errors:
            return data
        try:
            if channel is None and not webhook:
                raise ServiceError(_("Paste the robot's webhook address."))
            same_kind = channel is not None and channel.kind == kind
            push.check_webhook(kind, webhook or (decrypt(channel.webhook_encrypted) if same_kind else ""),
                               secret or (decrypt(channel.secret_encrypted) if same_kind else ""))
        except UnreadableSecret:
            self.add_error("webhook", _("The stored webhook cannot be decrypted any more: enter it again."))
        except ServiceError as refused:
            self.add_error("webhook", refused.message)
        return data


class FailingFilter(admin.SimpleListFilter):
    title = _("health")
    parameter_name = "failing"

    def lookups(self, request, model_admin):
        return [("yes", _("Failing")), ("no", _("Working"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(failing_since__isnull=False)
        if self.value() == "no":
            return queryset.filter(failing_since__isnull=True)
        return queryset


@admin.register(PushChannel)
class PushChannelAdmin(admin.ModelAdmin):
    """Departments' group robots are set here; people set their own on their notification settings page."""

    form = PushChannelForm
    list_display = ["name", "kind", "whose", "is_active", "health", "last_sent_at"]
    list_filter = ["kind", "is_active", FailingFilter]
    search_fields = ["name", "department__name", "owner__username", "owner__name"]
    list_select_related = ["owner", "department"]
    readonly_fields = ["owner", "webhook_hint", "has_secret", "failing_since", "last_error", "last_sent_at",
                       "updated_by", "updated_at"]
    actions = ["send_test"]

    def get_fields(self, request, obj=None):
        fields = ["kind", "name", "department", "webhook", "secret", "is_active"]
        if obj is not None:
            fields = ["kind", "name", "owner" if obj.owner_id else "department", "webhook_hint", "webhook",
                      "has_secret", "secret", "is_active", "failing_since", "last_error", "last_sent_at",
                      "updated_by", "updated_at"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "department"] if obj is not None else self.readonly_fields

    @admin.display(description=_("belongs to"))
    def whose(self, channel):
        return channel.owner or channel.department

    @admin.display(description=_("signing secret stored"), boolean=True)
    def has_secret(self, channel):
        return channel.has_secret

    @admin.display(description=_("health"))
    def health(self, channel):
        if channel.failing_since is None:
            return _("Working")
        return _("Failing since %(when)s: %(error)s") % {"when": channel.failing_since.strftime("%Y-%m-%d %H:%M"),
                                                         "error": channel.last_error}

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = push.channel_save(
            by=request.user, channel=obj if change else None, kind=data["kind"], name=data["name"],
            department=None if change else data["department"], webhook=data.get("webhook", ""),
            secret=data.get("secret", ""), is_active=data.get("is_active", True))
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        push.channel_delete(channel=obj, by=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for channel in queryset:
            push.channel_delete(channel=channel, by=request.user)

    @admin.action(description=_("Send a test message"))
    def send_test(self, request, queryset):
        for channel in queryset:
            delivery = push.channel_test(channel=channel, by=request.user)
            if delivery.state == PushDelivery.State.SENT:
                self.message_user(request, _("%(channel)s: the test message was sent.") % {"channel": channel},
                                  messages.SUCCESS)
            else:
                self.message_user(request, _("%(channel)s: the test message failed: %(error)s") % {
                    "channel": channel, "error": delivery.last_error}, messages.ERROR)


@admin.register(PushDelivery)
class PushDeliveryAdmin(ReadOnlyAdmin):
    """Every push and how it went; a failed one can be sent again once its channel is fixed."""

    list_display = ["title", "channel", "state", "attempts", "created_at", "sent_at", "last_error"]
    list_filter = ["state", "is_test", "channel__kind"]
    search_fields = ["title", "channel__name"]
    list_select_related = ["channel"]
    readonly_fields = ["channel", "notification", "is_test", "title", "text", "state", "attempts", "next_attempt_at",
                       "attempted_at", "sent_at", "last_error", "created_at"]
    actions = ["send_again"]

    def has_send_again_permission(self, request):
        return request.user.has_perm("notifications.change_pushchannel")

    @admin.action(description=_("Send the failed pushes again"), permissions=["send_again"])
    def send_again(self, request, queryset):
        count = push.deliveries_retry(deliveries=queryset)
        self.message_user(request, ngettext("%(count)d push queued again.", "%(count)d pushes queued again.",
                                            count) % {"count": count})
