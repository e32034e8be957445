from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin
from core.roles import is_hr
from staff.models import Department, Post, StaffProfile

from .models import EquipmentLine, Handover


def _staff():
    User = get_user_model()
    return (User.objects.filter(is_active=True, profile__status__in=StaffProfile.ACTIVE_STATUSES)
            .select_related("profile__department").order_by("profile__department__sort_order", "username"))


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.display_name}（{user.username}，{user.profile.department}）"


class HandoverStartForm(StyledFormMixin, forms.Form):
    person = PersonChoiceField(label=_("Person leaving the post"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=Handover.Kind.choices)
    effective_on = forms.DateField(label=_("Date of departure or transfer"),
                                   widget=forms.DateInput(attrs={"type": "date"}))
    successor = PersonChoiceField(label=_("Successor (接交人员)"), queryset=None,
                                  help_text=_("Checks each item on the spot, then changes the handed-over passwords."))
    target_department = forms.ModelChoiceField(label=_("New department (transfer)"), required=False,
                                               queryset=Department.objects.filter(is_active=True))
    target_post = forms.ModelChoiceField(label=_("New post (transfer)"), required=False, queryset=Post.objects.all())
    note = forms.CharField(label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        staff = _staff()
        self.fields["successor"].queryset = staff.exclude(pk=user.pk) if not is_hr(user) else staff
        if is_hr(user):
            self.fields["person"].queryset = staff
        else:  # the person starts their own
            self.fields["person"].queryset = staff.filter(pk=user.pk)
            self.fields["person"].initial = user.pk

    def clean(self):
        data = super().clean()
        if data.get("kind") == Handover.Kind.TRANSFER and not data.get("target_department"):
            self.add_error("target_department", _("Choose the department the person moves to."))
        if data.get("person") and data.get("successor") and data["person"] == data["successor"]:
            self.add_error("successor", _("Name a successor (接交人员) other than the person leaving the post."))
        return data


class ItemNoteForm(forms.Form):
    note = forms.CharField(required=False, max_length=500)


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=2000)


class EquipmentForm(StyledFormMixin, forms.Form):
    asset_number = forms.CharField(label=_("Asset number"), max_length=50)
    name = forms.CharField(label=_("Equipment"), max_length=100)
    disposition = forms.ChoiceField(label=_("Returned or transferred"), choices=EquipmentLine.Disposition.choices)


class HandoverFilterForm(StyledFormMixin, forms.Form):
    VIEWS = [("mine", _("Mine")), ("department", _("My department")), ("all", _("All"))]

    view = forms.ChoiceField(label=_("Show"), required=False, choices=VIEWS)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("Any state")), *Handover.State.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind")), *Handover.Kind.choices])
    q = forms.CharField(label=_("Name or employee number"), required=False, max_length=50)
