import datetime
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin
from core.uploads import validate_upload
from staff.models import Department, StaffProfile

from .models import Half, Lateness, LeaveRequest, LeaveType
from .selectors import led_departments

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def colleagues(person):
    """Who may cover someone: the active staff of their department, not themselves."""
    User = get_user_model()
    department_id = getattr(getattr(person, "profile", None), "department_id", None)
    return (User.objects.filter(is_active=True, profile__department_id=department_id,
                                profile__status__in=StaffProfile.ACTIVE_STATUSES)
            .exclude(pk=person.pk).order_by("username"))


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} ({obj.username})"


class PeriodForm(StyledFormMixin, forms.Form):
    """The type and the half-day period: all the live preview needs."""

    leave_type = forms.ModelChoiceField(label=_("Type of leave"), queryset=LeaveType.objects.filter(is_active=True),
                                        empty_label=None)
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    start_half = forms.ChoiceField(label=_("From (half day)"), choices=Half.choices, initial=Half.MORNING)
    ends_on = forms.DateField(label=_("Until"), widget=DATE)
    end_half = forms.ChoiceField(label=_("Until (half day)"), choices=Half.choices, initial=Half.AFTERNOON)

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The leave ends before it starts."))
        return data

    def period(self):
        data = self.cleaned_data
        return {"leave_type": data["leave_type"], "starts_on": data["starts_on"], "start_half": data["start_half"],
                "ends_on": data["ends_on"], "end_half": data["end_half"]}


class LeaveForm(PeriodForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    extension_reason = forms.CharField(
        label=_("Reason for a longer absence (延长离岗理由)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only for leave longer than the department head may grant without an extension."),
    )
    cover = PersonChoiceField(label=_("Who covers your work (工作代理人)"), queryset=None, required=False,
                              empty_label=_("Let my leaders decide"),
                              help_text=_("A suggestion; the approver confirms or changes it."))
    document = forms.FileField(label=_("Supporting document"), required=False, validators=[validate_upload],
                               help_text=_("PDF or a photo; required for sick, maternity and marriage leave."))

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cover"].queryset = colleagues(person)
        for name in ("leave_type", "starts_on", "start_half", "ends_on", "end_half"):
            self.fields[name].widget.attrs["data-leave-preview"] = ""

    def service_arguments(self):
        data = self.cleaned_data
        return {**self.period(), "reason": data["reason"], "extension_reason": data["extension_reason"],
                "cover": data["cover"], "document": data["document"]}

    @classmethod
    def initial_from(cls, leave):
        return {"leave_type": leave.leave_type_id, "starts_on": leave.starts_on, "start_half": leave.start_half,
                "ends_on": leave.ends_on, "end_half": leave.end_half, "reason": leave.reason,
                "extension_reason": leave.extension_reason, "cover": leave.cover_id}


class CoverForm(StyledFormMixin, forms.Form):
    cover = PersonChoiceField(label=_("Cover (工作代理人)"), queryset=None)

    def __init__(self, *args, leave, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cover"].queryset = colleagues(leave.person)
        self.fields["cover"].initial = leave.cover_id


class ReturnForm(StyledFormMixin, forms.Form):
    back_on = forms.DateField(label=_("Back at work on"), widget=DATE)
    back_half = forms.ChoiceField(label=_("From the"), choices=Half.choices, initial=Half.MORNING)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["back_on"].initial = timezone.localdate()


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class AbsenceForm(StyledFormMixin, forms.Form):
    person = PersonChoiceField(label=_("Staff member"), queryset=None)
    starts_on = forms.DateField(label=_("First day"), widget=DATE)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE)
    note = forms.CharField(label=_("What happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = led_staff(user)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day comes before the first day."))
        return data


def led_staff(user):
    """The people whose absences and lateness this leader records: their departments' staff, not themselves or the
    head."""
    User = get_user_model()
    led = led_departments(user)
    return (User.objects.filter(is_active=True, profile__department__in=led)
            .exclude(pk=user.pk).exclude(headed_departments__in=led).order_by("username"))


class LatenessForm(StyledFormMixin, forms.Form):
    person = PersonChoiceField(label=_("Staff member"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=Lateness.Kind.choices, initial=Lateness.Kind.LATE)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE)
    half = forms.ChoiceField(label=_("Half day"), choices=Half.choices, initial=Half.MORNING, help_text=_(
        "The morning or afternoon whose start was missed (or whose end was left early)."))
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=1440, help_text=_(
        "Recorded once: every rule of the attendance policy that applies is proposed together."))
    note = forms.CharField(label=_("What happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = led_staff(user)
        self.fields["occurred_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        if not self.is_bound:
            self.fields["occurred_on"].initial = timezone.localdate()


class LatenessDecisionForm(StyledFormMixin, forms.Form):
    rule = forms.ChoiceField(label=_("Decision"), required=False, help_text=_(
        "A rule of the schedules in force (confirmed at once), or no further penalty."))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        from discipline.forms import rule_choices

        super().__init__(*args, **kwargs)
        choices = rule_choices()
        self.fields["rule"].choices = [("", _("No further penalty")), *choices[1:]]


class BalanceForm(StyledFormMixin, forms.Form):
    entitlement = forms.DecimalField(label=_("Entitlement (days)"), min_value=0, max_value=365, decimal_places=1)
    carried_over = forms.DecimalField(label=_("Carried over (days)"), min_value=0, max_value=365, decimal_places=1,
                                      initial=Decimal("0"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class LeaveFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("Name or employee number")}))
    leave_type = forms.ModelChoiceField(label=_("Type"), queryset=LeaveType.objects.all(), required=False,
                                        empty_label=_("All types"))
    state = forms.ChoiceField(label=_("State"), required=False)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False,
                                        empty_label=_("All departments"))
    month = forms.CharField(label=_("Month"), required=False, widget=forms.DateInput(attrs={"type": "month"}))

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("All states")), ("open", _("Open (waiting or approved)"))] + list(
            LeaveRequest.State.choices)
        self.fields["department"].queryset = departments

    def clean_month(self):
        return parse_month(self.cleaned_data["month"])

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(Q(person__name__icontains=data["q"]) | Q(person__username__icontains=data["q"]))
        if data["leave_type"]:
            queryset = queryset.filter(leave_type=data["leave_type"])
        if data["state"] == "open":
            queryset = queryset.filter(state__in=LeaveRequest.OPEN_STATES)
        elif data["state"]:
            queryset = queryset.filter(state=data["state"])
        if data["department"]:
            queryset = queryset.filter(department=data["department"])
        if data["month"]:
            first = data["month"]
            last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
            queryset = queryset.filter(starts_on__lte=last, ends_on__gte=first)
        return queryset


def parse_month(value):
    """“2026-10” → the first of that month; None when empty; a form error when malformed."""
    if not value:
        return None
    try:
        month = datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise forms.ValidationError(_("Give the month as YYYY-MM."), code="month") from None
    if not 2000 <= month.year <= 2100:
        raise forms.ValidationError(_("Give the month as YYYY-MM."), code="month")
    return month
