import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin
from core.uploads import validate_upload
from staff.models import Department, StaffProfile, User

from . import assessment
from .models import Incident, Rule, Schedule

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DECIMAL = {"max_digits": 12, "decimal_places": 2, "required": False}


def recordable_people(user):
    """Staff of the departments this person leads (not themselves, not the head), covered by a schedule."""
    kinds = Schedule.objects.values("department_kind")
    led = Department.objects.filter(Q(head=user) | Q(deputy=user), kind__in=kinds)
    return (
        User.objects.filter(profile__department__in=led, is_active=True)
        .exclude(profile__status__in=[StaffProfile.Status.DEPARTED, StaffProfile.Status.CANDIDATE])
        .exclude(pk=user.pk).exclude(headed_departments__in=led)
        .select_related("profile__department").order_by("username")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.display_name} ({user.username})"


def rule_choices():
    """The rules in force today, grouped by schedule, for a select with optgroups."""
    choices = [("", _("Choose a rule"))]
    for schedule, revision, rules in assessment.current_rules():
        group = _("%(schedule)s (revision %(number)d)") % {"schedule": schedule.name, "number": revision.number}
        choices.append((group, [(rule.code, f"{rule.code} · {rule.cost_text()} · {rule.short_text(36)}")
                                for rule in rules]))
    return choices


class IncidentForm(StyledFormMixin, forms.Form):
    """The head's record of an incident. Which revision applies is decided by the date, not by this list."""

    person = PersonChoiceField(label=_("Staff member"), queryset=User.objects.none(), empty_label=_("Choose a person"))
    rule = forms.ChoiceField(label=_("Rule"), help_text=_(
        "The rules in force today. An incident is judged by the revision in force on its date."))
    occurred_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    measured_value = forms.DecimalField(label=_("Measured value"), **DECIMAL, help_text=_(
        "For rules that count something: minutes late or away, hours of overtime, items missed, the loss in yuan."))
    compensation_percent = forms.DecimalField(label=_("Share of the loss (%)"), max_digits=5, decimal_places=2,
                                              required=False, help_text=_("Only for compensation rules, e.g. 30–60."))
    breaks_hospital_rules = forms.BooleanField(label=_("Also breaks hospital rules (科室双倍处罚)"), required=False)
    on_main_shift = forms.BooleanField(label=_("On the main shift (值主班)"), required=False)
    facts = forms.CharField(label=_("What happened"), max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(label=_("Evidence (optional)"), required=False, validators=[validate_upload],
                               help_text=_("PDF, PNG, JPEG, DOCX or XLSX."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["person"].queryset = recordable_people(user)
        self.fields["rule"].choices = rule_choices()
        self.fields["occurred_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        if not self.is_bound:
            self.fields["occurred_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        if self.errors or not all(data.get(name) for name in ("person", "rule", "occurred_on")):
            return data
        try:
            rule = assessment.rule_in_force(data["rule"], data["occurred_on"])
            assessment.check_input(
                person=data["person"], rule=rule, occurred_on=data["occurred_on"],
                measured_value=data.get("measured_value"), on_main_shift=data.get("on_main_shift", False),
                breaks_hospital_rules=data.get("breaks_hospital_rules", False),
                compensation_percent=data.get("compensation_percent"),
            )
        except assessment.IncidentInputError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
        return data

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "person": data["person"], "rule_code": data["rule"], "occurred_on": data["occurred_on"],
            "measured_value": data.get("measured_value"), "breaks_hospital_rules": data["breaks_hospital_rules"],
            "on_main_shift": data["on_main_shift"], "compensation_percent": data.get("compensation_percent"),
        }


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class AppealForm(ReasonForm):
    reason = forms.CharField(label=_("Why you appeal (申诉理由)"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(StyledFormMixin, forms.Form):
    DECISIONS = [
        ("uphold", _("Uphold: the incident stands")),
        ("reduce", _("Reduce the amount")),
        ("cancel", _("Cancel: it does not count")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=[("", _("Choose…"))] + DECISIONS)
    amount = forms.DecimalField(label=_("Reduced amount"), **DECIMAL, min_value=0,
                                help_text=_("Only when reducing: the new amount, in the incident's unit."))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reduce" and data.get("amount") is None:
            self.add_error("amount", _("Give the reduced amount."))
        return data


class IncidentFilterForm(StyledFormMixin, forms.Form):
    STATE_GROUPS = [
        ("open", _("Open (to confirm, acknowledge or decide)")),
        ("counting", _("Counting (confirmed)")),
    ]
    q = forms.CharField(label=_("Search"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("Name, employee number or rule")}))
    state = forms.ChoiceField(label=_("State"), required=False)
    schedule = forms.ModelChoiceField(label=_("Schedule"), queryset=Schedule.objects.all(), required=False,
                                      empty_label=_("All schedules"))
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("All categories"))] + list(Rule.Category.choices))
    month = forms.CharField(label=_("Month"), required=False, widget=forms.DateInput(attrs={"type": "month"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("All states"))] + self.STATE_GROUPS + list(Incident.State.choices)

    def clean_month(self):
        value = self.cleaned_data["month"]
        if not value:
            return None
        try:
            return datetime.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(_("Give the month as YYYY-MM."), code="month") from None

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["q"]:
            q = data["q"]
            queryset = queryset.filter(Q(person__name__icontains=q) | Q(person__username__icontains=q)
                                       | Q(rule__code__iexact=q) | Q(rule__text__icontains=q))
        state = data["state"]
        if state == "open":
            queryset = queryset.filter(state__in=Incident.OPEN_STATES)
        elif state == "counting":
            queryset = queryset.filter(state__in=Incident.COUNTING_STATES)
        elif state:
            queryset = queryset.filter(state=state)
        if data["schedule"]:
            queryset = queryset.filter(rule__revision__schedule=data["schedule"])
        if data["category"]:
            queryset = queryset.filter(rule__category=data["category"])
        if data["month"]:
            queryset = queryset.in_month(data["month"].year, data["month"].month)
        return queryset


class PublishForm(forms.Form):
    effective_from = forms.DateField(label=_("In force from"), widget=DATE_INPUT)
