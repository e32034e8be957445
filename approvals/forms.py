from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin

from .models import ApprovalRequest
from .services import Decision


class DecisionForm(StyledFormMixin, forms.Form):
    """Only a decision and a comment: anything else posted beside them is ignored."""

    decision = forms.ChoiceField(choices=[(Decision.APPROVE, _("Approve")), (Decision.REJECT, _("Reject")),
                                          (Decision.RETURN, _("Return for changes"))])
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class DelegationForm(StyledFormMixin, forms.Form):
    delegate = forms.ModelChoiceField(label=_("Delegate to"), queryset=get_user_model().objects.none())
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = (
            get_user_model().objects.filter(is_active=True, profile__isnull=False).exclude(pk=user.pk).order_by("username")
        )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date is before the start date."))
        return data


class RequestFilterForm(StyledFormMixin, forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("All states"))] + list(ApprovalRequest.State.choices)
