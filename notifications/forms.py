from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin

from .models import PushChannel, PushPreference


class SecretInput(forms.PasswordInput):
    """Write-only: a stored webhook or secret is never sent back to the browser."""

    def __init__(self):
        super().__init__(render_value=False, attrs={"autocomplete": "new-password", "spellcheck": "false"})


def webhook_field(help_text):
    return forms.CharField(label=_("Webhook address"), required=False, max_length=500, widget=SecretInput(),
                           help_text=help_text)


def secret_field():
    return forms.CharField(
        label=_("Signing secret (加签)"), required=False, max_length=200, widget=SecretInput(),
        help_text=_("DingTalk only: the secret of the robot's 加签 security setting (SEC…). Stored encrypted and never "
                    "shown again; leave empty to keep the stored one."))


class PushPreferenceForm(StyledFormMixin, forms.Form):
    """Where a person's notifications are pushed, and which."""

    source = forms.ChoiceField(label=_("Push to"), choices=PushPreference.Source.choices)
    scope = forms.ChoiceField(label=_("What is pushed"), choices=PushPreference.Scope.choices,
                              help_text=PushPreference._meta.get_field("scope").help_text)


class PushRobotForm(StyledFormMixin, forms.Form):
    """A person's own robot. Empty fields keep what is stored."""

    kind = forms.ChoiceField(label=_("Kind"), choices=PushChannel.Kind.choices)
    webhook = webhook_field(_("In the group chat: group settings → group robots → add a robot, then copy its "
                              "webhook address. Stored encrypted and never shown again; leave empty to keep the "
                              "stored one."))
    secret = secret_field()

    def __init__(self, *args, channel=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel = channel

    def changes(self):
        """Whether the robot is to be saved: something entered, or another kind chosen."""
        data = self.cleaned_data
        return bool(data["webhook"].strip() or data["secret"].strip()
                    or (self.channel is not None and data["kind"] != self.channel.kind))
