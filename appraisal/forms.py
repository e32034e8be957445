from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin, named_options
from core.uploads import validate_upload
from staff.models import Department

from .models import CENT, Adjustment, ExportJob, Scorecard, parse_month, score_text
from .services import REOPEN_TARGETS, Entry


class MonthField(forms.CharField):
    """A month as YYYY-MM (the browser's month picker), cleaned to the first day of the month."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-11"})
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM.")}

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_month(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if hasattr(value, "strftime") else value


class ScoreField(forms.DecimalField):
    """A score with at most two decimals: "15.000" is read as 15.00 (trailing zeros are not extra decimals).
    Whether it is a multiple of the template's step is the service's check (one message for every form)."""

    def to_python(self, value):
        value = super().to_python(value)
        try:
            if value is not None and value == value.quantize(CENT):
                value = value.quantize(CENT)
        except InvalidOperation:  # too many digits to quantize: the max_digits check refuses it
            pass
        return value


class ScoresForm(StyledFormMixin, forms.Form):
    """One score (0 to the item's points, in the template's step) and one remark per line, for one side of the form.

    `side` is "self" or "reviewer": each side's form has only its own fields, so nobody edits the other's.
    """

    def __init__(self, *args, lines, side, step, require_all=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines, self.side = lines, side
        for line in lines:
            self.fields[f"score_{line.pk}"] = ScoreField(
                label=line.item.name, required=require_all, min_value=Decimal("0"), max_value=line.item.max_points,
                max_digits=5, decimal_places=2,
                initial=score_text(getattr(line, f"{side}_score")),
                widget=forms.NumberInput(attrs={"step": f"{step.normalize():f}", "min": "0",
                                                "max": f"{line.item.max_points}",
                                                "inputmode": "decimal", "data-max": f"{line.item.max_points}",
                                                "class": "form-control score-input"}),
            )
            self.fields[f"remark_{line.pk}"] = forms.CharField(
                label=_("Remark"), required=False, max_length=500, initial=getattr(line, f"{side}_remark"),
                widget=self.remark_widget(),
            )

    def remark_widget(self):
        return forms.Textarea(attrs={"rows": 2, "class": "form-control"})

    def score_field(self, line):
        return self[f"score_{line.pk}"]

    def remark_field(self, line):
        return self[f"remark_{line.pk}"]

    def entries(self):
        return [Entry(line.pk, self.cleaned_data[f"score_{line.pk}"], self.cleaned_data[f"remark_{line.pk}"])
                for line in self.lines]


class SelfAssessmentForm(ScoresForm):
    summary_gains = forms.CharField(label=_("Gains (得)"), required=False, max_length=4000,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    summary_losses = forms.CharField(label=_("Shortcomings (失)"), required=False, max_length=4000,
                                     widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, scorecard, **kwargs):
        kwargs.setdefault("initial", {}).update(
            summary_gains=scorecard.summary_gains, summary_losses=scorecard.summary_losses)
        super().__init__(*args, side="self", step=scorecard.template.score_step, **kwargs)


class ReviewForm(ScoresForm):
    opinion = forms.CharField(label=_("Reviewer's opinion (复评人意见)"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3, "form": "review-form"}))

    def __init__(self, *args, scorecard, **kwargs):
        kwargs.setdefault("initial", {}).update(opinion=scorecard.reviewer_opinion)
        super().__init__(*args, side="reviewer", step=scorecard.template.score_step, **kwargs)

    def remark_widget(self):
        return forms.TextInput(attrs={"class": "form-control form-control-sm mt-1",
                                      "placeholder": _("Remark (optional)")})


class AttachmentForm(StyledFormMixin, forms.Form):
    """A page attached to a scorecard (工作计划及完成情况可另附页)."""

    file = forms.FileField(label=_("File"), validators=[validate_upload],
                           help_text=_("PDF, PNG, JPEG, DOCX or XLSX, e.g. the month's work plan and what was done."))
    description = forms.CharField(label=_("What it is"), max_length=200, required=False)


class AdjustmentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Adjustment
        fields = ["kind", "fact", "basis", "points"]
        widgets = {
            "fact": forms.Textarea(attrs={"rows": 2}),
            "basis": forms.Textarea(attrs={"rows": 2}),
            "points": forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "inputmode": "decimal"}),
        }


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(ReasonForm):
    to_state = forms.ChoiceField(
        label=_("Reopen for"), choices=[(state.value, state.label) for state in REOPEN_TARGETS],
        initial=Scorecard.State.REVIEW,
    )


class ScorecardFilterForm(StyledFormMixin, forms.Form):
    # "all" first: without a filter the list shows all one may see, and the select must say so.
    VIEWS = [("all", _("All I may see")), ("mine", _("My scorecards")), ("review", _("To review"))]

    view = forms.ChoiceField(label=_("Show"), choices=VIEWS, required=False)
    month = MonthField(label=_("Month"), required=False)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all(), required=False,
                                        empty_label=_("All departments"))
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All states"))] + list(Scorecard.State.choices))
    q = forms.CharField(label=_("Search"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("Name or employee number")}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        named_options(self.fields["department"])

    def filter(self, queryset, user):
        from django.db.models import Q

        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["view"] == "mine":
            queryset = queryset.filter(user=user)
        elif data["view"] == "review":
            queryset = queryset.exclude(user=user).filter(Q(reviewer=user) | Q(department__head=user))
        if data["month"]:
            queryset = queryset.filter(period=data["month"])
        if data["department"]:
            queryset = queryset.filter(department=data["department"])
        if data["state"]:
            queryset = queryset.filter(state=data["state"])
        if data["q"]:
            queryset = queryset.filter(Q(user__name__icontains=data["q"]) | Q(user__username__icontains=data["q"]))
        return queryset


class FeedbackRoundFilterForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class ExportForm(StyledFormMixin, forms.Form):
    month = MonthField(label=_("Month"))
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False,
                                        empty_label=_("The whole hospital"))
    format = forms.ChoiceField(label=_("Format"), choices=ExportJob.Format.choices, initial=ExportJob.Format.XLSX)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(scorecards__isnull=False).distinct().order_by(
            "sort_order", "name")


# --- 360° appraisal --------------------------------------------------------------------------------------

class FeedbackRoundForm(StyledFormMixin, forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    deadline = forms.DateField(label=_("Answers due"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                               help_text=_("Empty: the policy's number of days from today."))

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class FeedbackRaterForm(StyledFormMixin, forms.Form):
    subject = forms.ModelChoiceField(label=_("Person appraised"), queryset=None)
    rater = forms.ModelChoiceField(label=_("Rater"), queryset=None)
    relation = forms.ChoiceField(label=_("Relation"), choices=())

    def __init__(self, *args, feedback_round, **kwargs):
        from staff.models import User

        from .models import FeedbackRequest

        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = User.objects.filter(
            profile__department=feedback_round.department, is_active=True).order_by("username")
        # Raters may come from anywhere in the hospital: clinical staff rate IT as its service users (服务对象).
        self.fields["rater"].queryset = User.objects.filter(is_active=True, profile__isnull=False).order_by("username")
        self.fields["relation"].choices = FeedbackRequest.Relation.choices
        for name in ("subject", "rater"):
            self.fields[name].label_from_instance = lambda user: f"{user.username} {user.display_name}"


class FeedbackAnswerForm(StyledFormMixin, forms.Form):
    """One row of choices 1…highest per dimension, big enough for a thumb on a phone."""

    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Shown to the head of the department without your name."))

    def __init__(self, *args, dimensions, scale_max, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimensions = list(dimensions)
        choices = [(str(value), str(value)) for value in range(1, scale_max + 1)]
        for dimension in self.dimensions:
            self.fields[f"d{dimension.pk}"] = forms.TypedChoiceField(
                label=dimension.name, help_text=dimension.description, choices=choices, coerce=int,
                widget=forms.RadioSelect, error_messages={"required": _("Choose a rating.")})
        self.order_fields([f"d{d.pk}" for d in self.dimensions] + ["comment"])

    def rating_fields(self):
        return [self[f"d{d.pk}"] for d in self.dimensions]

    def scores(self):
        return {d.pk: self.cleaned_data[f"d{d.pk}"] for d in self.dimensions}
