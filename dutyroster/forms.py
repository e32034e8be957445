import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin
from staff.models import Department, StaffProfile

from .models import Assignment, BreachKind, DutyType, FaultCall, Handover, HandoverItem, RegisterEntry, Rotation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MOMENT_FORMAT = "%Y-%m-%dT%H:%M"
MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=MOMENT_FORMAT)


def moment_field(label, required=True, **kwargs):
    return forms.DateTimeField(label=label, required=required, widget=MOMENT,
                               input_formats=[MOMENT_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"], **kwargs)


def now_local():
    return timezone.localtime().replace(second=0, microsecond=0)


def parse_month(text):
    """"2026-12" → date(2026, 12, 1); ValidationError otherwise."""
    try:
        day = datetime.datetime.strptime((text or "").strip(), "%Y-%m").date()
    except ValueError:
        raise ValidationError(_("Give the month as YYYY-MM.")) from None
    if not 2000 <= day.year <= 2100:
        raise ValidationError(_("Give the month as YYYY-MM."))
    return day


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} ({obj.username})"


def it_staff():
    User = get_user_model()
    return (User.objects.filter(is_active=True, profile__department__kind=Department.Kind.IT,
                                profile__status__in=StaffProfile.ACTIVE_STATUSES).order_by("username"))


# Rosters ---------------------------------------------------------------------------------------------------------

class OpenRosterForm(StyledFormMixin, forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), empty_label=None)
    month = forms.CharField(label=_("Month"), widget=forms.TextInput(attrs={"type": "month"}))

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments

    def clean_month(self):
        return parse_month(self.cleaned_data["month"])


class CellForm(forms.Form):
    duty_types = forms.ModelMultipleChoiceField(label=_("Duties this day"), queryset=DutyType.objects.filter(is_active=True),
                                                required=False, widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=300)


class ReassignForm(forms.Form):
    person = PersonChoiceField(label=_("Give to"), queryset=get_user_model().objects.none())
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=300)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class RotationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Rotation
        fields = ["name", "duty_type", "frequency", "interval", "weekdays", "days_per_turn", "people_per_turn",
                  "days", "anchor_on", "is_active"]
        widgets = {"anchor_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duty_type"].queryset = DutyType.objects.filter(is_active=True)

    def clean_weekdays(self):
        value = (self.cleaned_data.get("weekdays") or "").replace("，", ",").replace(" ", "")
        parts = [part for part in value.split(",") if part]
        if any(not part.isdigit() or int(part) > 6 for part in parts):
            raise ValidationError(_("Give the weekdays as numbers from 0 (Monday) to 6 (Sunday), separated by "
                                    "commas."))
        return ",".join(str(number) for number in sorted({int(part) for part in parts}))


class MemberForm(forms.Form):
    person = PersonChoiceField(label=_("Staff member"), queryset=get_user_model().objects.none(), required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].widget.attrs["class"] = "form-select"


class BaseMemberFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        # Every row is read, also one left as it was shown: otherwise an unchanged person would drop out.
        return {**super().get_form_kwargs(index), "people": self.form_kwargs["people"], "empty_permitted": False}

    def members(self):
        return [form.cleaned_data["person"] for form in self.forms
                if form.cleaned_data.get("person") is not None]

    def clean(self):
        if any(self.errors):
            return
        people = self.members()
        if not people:
            raise ValidationError(_("A rotation needs at least one person."))
        if len({person.pk for person in people}) != len(people):
            raise ValidationError(_("A person appears twice in the rotation."))


MemberFormSet = forms.formset_factory(MemberForm, formset=BaseMemberFormSet, extra=0, max_num=60,
                                      absolute_max=60, validate_max=True)


# The handover ----------------------------------------------------------------------------------------------------

class HandoverItemForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = HandoverItem
        fields = ["kind", "name", "quantity", "location", "note"]


class ItemCountForm(StyledFormMixin, forms.Form):
    quantity = forms.IntegerField(label=_("Count"), min_value=0, max_value=9999)
    location = forms.CharField(label=_("Where / to whom"), required=False, max_length=150)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class ItemCheckForm(StyledFormMixin, forms.Form):
    counted = forms.IntegerField(label=_("Count found"), min_value=0, max_value=9999, required=False)
    note = forms.CharField(label=_("Why the count is disputed"), required=False, max_length=300)


class NoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class LogSignForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=300)  # DutyLog.sign_note


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class OmissionForm(StyledFormMixin, forms.Form):
    description = forms.CharField(label=_("What was left out"), max_length=300)


class ResolveForm(StyledFormMixin, forms.Form):
    resolution = forms.CharField(label=_("How the dispute was settled"), max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    wrong_items = forms.ModelMultipleChoiceField(
        label=_("Counts the outgoing person had wrong (each becomes an omission line)"),
        queryset=HandoverItem.objects.none(), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, handover, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wrong_items"].queryset = handover.items.filter(checked=HandoverItem.Check.DISPUTED)


# Logs and registers ----------------------------------------------------------------------------------------------

class LogEntryForm(StyledFormMixin, forms.Form):
    at = moment_field(_("Time"))
    text = forms.CharField(label=_("What happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class BreachForm(StyledFormMixin, forms.Form):
    """A breach witnessed on a duty; `kinds` are those the user may record on it (selectors.breach_kinds_for)."""

    kind = forms.ModelChoiceField(label=_("Breach"), queryset=BreachKind.objects.none())
    occurred_at = moment_field(_("When"))
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=1440, required=False,
                                 help_text=_("How long the phone rang unanswered, where the breach is measured."))
    facts = forms.CharField(label=_("What happened"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = BreachKind.objects.filter(pk__in=[kind.pk for kind in kinds])


class RegisterEntryForm(StyledFormMixin, forms.Form):
    occurred_at = moment_field(_("Time"))
    subject = forms.CharField(label=_("System or equipment"), max_length=100)
    content = forms.CharField(label=_("Content"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=RegisterEntry.Outcome.choices)


class LoanForm(StyledFormMixin, forms.Form):
    item = forms.CharField(label=_("Item"), max_length=100)
    asset_number = forms.CharField(label=_("Asset number"), max_length=50, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=999, initial=1)
    is_spare_machine = forms.BooleanField(label=_("A spare machine (备用机)"), required=False)
    department = forms.ModelChoiceField(label=_("Borrowing department"),
                                        queryset=Department.objects.filter(is_active=True))
    borrower = forms.CharField(label=_("Borrowed by"), max_length=50)
    lent_at = moment_field(_("Lent at"))
    due_on = forms.DateField(label=_("To be returned by"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


# Fault calls and complaints ----------------------------------------------------------------------------------------

class CallForm(StyledFormMixin, forms.Form):
    """IT staff record a call as it comes in (or just after)."""

    department = forms.ModelChoiceField(label=_("Calling department"),
                                        queryset=Department.objects.filter(is_active=True))
    caller = forms.CharField(label=_("Caller"), max_length=50)
    caller_phone = forms.CharField(label=_("Call-back number"), max_length=20, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=[c for c in FaultCall.Channel.choices
                                                             if c[0] != FaultCall.Channel.TICKET])
    received_at = moment_field(_("Received at"))
    summary = forms.CharField(label=_("Fault"), max_length=200)
    details = forms.CharField(label=_("Details"), max_length=4000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    location = forms.CharField(label=_("Where"), max_length=100, required=False)
    system = forms.CharField(label=_("System or device"), max_length=100, required=False)
    is_major = forms.BooleanField(label=_("Major outage (重大故障: 院内网断网或导致停工的系统故障)"), required=False)
    responded_by_phone = forms.BooleanField(label=_("Answered and responded on the phone"), required=False,
                                            initial=True)
    taken_by = PersonChoiceField(label=_("Responsible (谁接谁负责)"), queryset=get_user_model().objects.none(),
                                 required=False, empty_label=_("Me"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["taken_by"].queryset = it_staff()


class TicketForm(StyledFormMixin, forms.Form):
    """Anyone reports a fault of their own department."""

    summary = forms.CharField(label=_("What is wrong"), max_length=200)
    details = forms.CharField(label=_("Details"), max_length=4000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    location = forms.CharField(label=_("Where"), max_length=100, required=False)
    system = forms.CharField(label=_("System or device"), max_length=100, required=False)
    caller_phone = forms.CharField(label=_("Call-back number"), max_length=20, required=False)


class ActionTimeForm(forms.Form):
    at = moment_field(_("Time"), required=False)


class ResolveCallForm(StyledFormMixin, forms.Form):
    resolution = forms.CharField(label=_("What was done"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    at = moment_field(_("Resolved at"), required=False)


class AssignForm(StyledFormMixin, forms.Form):
    person = PersonChoiceField(label=_("Send"), queryset=get_user_model().objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = it_staff()


class ComplaintForm(StyledFormMixin, forms.Form):
    person = PersonChoiceField(label=_("Staff member complained about"), queryset=get_user_model().objects.none())
    department = forms.ModelChoiceField(label=_("Complaining department"),
                                        queryset=Department.objects.filter(is_active=True))
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    text = forms.CharField(label=_("Complaint"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class ComplaintDecideForm(StyledFormMixin, forms.Form):
    upheld = forms.TypedChoiceField(label=_("The check found"), coerce=lambda value: value == "yes",
                                    choices=[("yes", _("True (经查属实)")), ("no", _("Not upheld"))],
                                    widget=forms.RadioSelect)
    note = forms.CharField(label=_("Findings of the check"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


# Patrols and overtime --------------------------------------------------------------------------------------------

class VisitForm(StyledFormMixin, forms.Form):
    department = forms.ModelChoiceField(label=_("Department visited"), queryset=Department.objects.none(),
                                        empty_label=None)
    visited_at = moment_field(_("Visited at"))
    work = forms.CharField(label=_("What was checked and done"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    problems = forms.CharField(label=_("Problems found"), max_length=2000, required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = area.departments.all()


class ConfirmNoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class OvertimeForm(StyledFormMixin, forms.Form):
    starts_at = moment_field(_("Overtime from"))
    ends_at = moment_field(_("Overtime until"))
    work = forms.CharField(label=_("Work done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The overtime ends before it starts."))
        return data


class FilterMonthForm(forms.Form):
    month = forms.CharField(required=False)

    def month_or(self, default):
        if self.is_valid() and self.cleaned_data.get("month"):
            try:
                return parse_month(self.cleaned_data["month"])
            except ValidationError:
                return default
        return default


class HandoverFilterForm(StyledFormMixin, forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All"))] + Handover.State.choices)


# Swaps -------------------------------------------------------------------------------------------------------------

class DutyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.day:%m-%d} {obj.duty_type.name} · {obj.person.display_name}"


class SwapForm(StyledFormMixin, forms.Form):
    colleague = PersonChoiceField(label=_("Colleague"), queryset=get_user_model().objects.none())
    taken = DutyChoiceField(label=_("In exchange for (a duty of the colleague's)"), required=False,
                            queryset=Assignment.objects.none(), empty_label=_("No exchange: the colleague covers it"))
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, people, duties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleague"].queryset = people
        self.fields["taken"].queryset = duties

    def clean(self):
        data = super().clean()
        taken, colleague = data.get("taken"), data.get("colleague")
        if taken is not None and colleague is not None and taken.person_id != colleague.pk:
            self.add_error("taken", _("Choose a duty of the colleague you ask."))
        return data
