"""Forms of hiring and probation: validation only; the services decide and record."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import BoundedIdsMixin, StyledFormMixin
from staff.models import Department, Post, StaffProfile, User

from .services.candidates import CANDIDATE_FIELDS, screening_exclusions
from .services.postings import check_posting_requirements
from .models import (
    Candidate, CandidateAttachment, HeadcountRequest, HiringPolicy, Posting, Probation, ProbationAssessment,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def people_queryset():
    return User.objects.filter(is_active=True, profile__isnull=False).select_related("profile__department").order_by(
        "username")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.display_name} ({user.username}) · {user.profile.department}"


class PeopleChoiceField(BoundedIdsMixin, forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return f"{user.display_name} ({user.username}) · {user.profile.department}"


def score_field(label, policy):
    return forms.DecimalField(label=label, min_value=0, max_value=policy.score_max, max_digits=5, decimal_places=1,
                              help_text=_("0 to %(max)d") % {"max": policy.score_max})


# Headcount requests -------------------------------------------------------------------------------

class HeadcountForm(StyledFormMixin, forms.ModelForm):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), empty_label=None)
    number = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=50)

    class Meta:
        model = HeadcountRequest
        fields = ["department", "post", "number", "reason", "justification", "job_description"]
        widgets = {
            "justification": forms.Textarea(attrs={"rows": 3}),
            "job_description": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "job_description": _("Leave empty to use the post's description (岗位说明书)."),
            "justification": _("Why the department needs them now: the leaver, the workload, the new work."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        led = Department.objects.filter(Q(head=user) | Q(deputy=user)).distinct()
        self.fields["department"].queryset = led
        if self.instance.pk:
            del self.fields["department"]
            departments = [self.instance.department_id]
        else:
            departments = list(led.values_list("pk", flat=True))
        self.fields["post"].queryset = Post.objects.filter(
            Q(department_id__in=departments) | Q(department__isnull=True)).order_by("sort_order", "name")
        self.fields["job_description"].required = False

    def clean(self):
        data = super().clean()
        post = data.get("post")
        if post is not None and not (data.get("job_description") or "").strip():
            data["job_description"] = post_description(post)
        return data


def post_description(post):
    """The post's description (岗位说明书) as plain text for a headcount request and its posting."""
    lines = []
    if post.objective:
        lines += [str(_("Objective:")), post.objective.strip(), ""]
    duties = list(post.duties.all())
    if duties:
        lines.append(str(_("Duties:")))
        lines += [f"{number}. {duty.name + '：' if duty.name else ''}{duty.content.strip()}"
                  for number, duty in enumerate(duties, start=1)]
        lines.append("")
    requirements = list(post.requirements.all())
    if requirements:
        lines.append(str(_("Requirements:")))
        lines += [f"{number}. {requirement.name}：{requirement.content.strip()}"
                  for number, requirement in enumerate(requirements, start=1)]
    return "\n".join(lines).strip() or post.name


class MeetingForm(StyledFormMixin, forms.Form):
    meeting_date = forms.DateField(label=_("Date of the hospital office meeting"), widget=DateInput)
    meeting_reference = forms.CharField(label=_("Minutes reference"), required=False, max_length=100)
    decision = forms.ChoiceField(label=_("The meeting"),
                                 choices=[("approve", _("approved the request")), ("reject", _("rejected it"))])
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Required when the meeting rejected the request."))


# Postings ----------------------------------------------------------------------------------------

class PostingForm(StyledFormMixin, forms.ModelForm):
    panel = PeopleChoiceField(label=_("Interview panel (面试专家)"), queryset=User.objects.none(), required=False,
                              widget=forms.SelectMultiple(attrs={"size": 8}),
                              help_text=_("They score the interviews and may open the candidates' files."))

    class Meta:
        model = Posting
        fields = ["title", "number", "description", "min_education", "min_age", "max_age", "exam_pass_mark",
                  "interview_pass_mark", "published_where", "published_on", "closes_on", "panel"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6}), "published_on": DateInput,
                   "closes_on": DateInput}

    number = forms.IntegerField(label=_("Openings"), min_value=1, max_value=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = people_queryset()

    def clean(self):
        data = super().clean()
        for problem in check_posting_requirements(**{key: data.get(key) for key in (
                "min_age", "max_age", "exam_pass_mark", "interview_pass_mark", "published_on", "closes_on")}):
            self.add_error(None, problem)
        return data


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("Closing note"), required=False, max_length=200)


# Candidates --------------------------------------------------------------------------------------

class CandidateForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Candidate
        fields = list(CANDIDATE_FIELDS)
        widgets = {"work_history": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"id_number": _("Age and eligibility are computed from it.")}

    def clean_id_number(self):
        return (self.cleaned_data["id_number"] or "").strip().upper()

    def validate_unique(self):
        pass  # the service says so in words when this person already applied


class AttachmentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CandidateAttachment
        fields = ["kind", "file"]


def with_fields(form_class, **fields):
    """A subclass of the form with more declared fields, so StyledFormMixin gives them the common look too."""
    return type(form_class.__name__, (form_class,), fields)


class ScreeningForm(StyledFormMixin, forms.Form):
    """One question per declared exclusion of the policy (不得录用的情形); build it with screening_form()."""

    CHOICES = [("", "—"), ("no", _("Does not apply")), ("yes", _("Applies"))]
    exclusions = []

    def answers(self):
        return {exclusion.pk: self.cleaned_data[f"exclusion_{exclusion.pk}"] == "yes" for exclusion in self.exclusions}


def screening_form(data=None, *, candidate):
    exclusions = screening_exclusions()
    previous = {check.exclusion_id: check.applies for check in candidate.exclusion_checks.all()}
    fields = {
        f"exclusion_{exclusion.pk}": forms.ChoiceField(
            label=exclusion.text, choices=ScreeningForm.CHOICES,
            initial={True: "yes", False: "no"}.get(previous.get(exclusion.pk)))
        for exclusion in exclusions
    }
    return with_fields(ScreeningForm, exclusions=exclusions, **fields)(data)


class ExamForm(StyledFormMixin, forms.Form):
    exam_date = forms.DateField(label=_("Exam date"), widget=DateInput)


def exam_form(*args, **kwargs):
    return with_fields(ExamForm, score=score_field(_("Written exam score"), HiringPolicy.current()))(*args, **kwargs)


class ScoreForm(StyledFormMixin, forms.Form):
    comments = forms.CharField(label=_("Comments"), required=False, max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 3}))


def score_form(*args, **kwargs):
    form = with_fields(ScoreForm, score=score_field(_("Your score"), HiringPolicy.current()))(*args, **kwargs)
    form.order_fields(["score", "comments"])
    return form


class InterviewForm(StyledFormMixin, forms.Form):
    interview_date = forms.DateField(label=_("Interview date"), widget=DateInput)


class CheckForm(StyledFormMixin, forms.Form):
    """The medical or the background check: a date, the result, and a note (required when failed)."""

    checked_on = forms.DateField(label=_("Date"), widget=DateInput)
    result = forms.ChoiceField(label=_("Result"), choices=[("", "—"), ("pass", _("Passed")),
                                                           ("fail", pgettext_lazy("check result", "Failed"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def passed(self):
        return self.cleaned_data["result"] == "pass"


class OfferForm(StyledFormMixin, forms.Form):
    start_date = forms.DateField(label=_("Start date (上班时间)"), widget=DateInput)


class HireForm(StyledFormMixin, forms.Form):
    employee_no = forms.CharField(label=_("Employee number (工号)"), max_length=20,
                                  help_text=_("Assigned by 人事科; the person signs in with it."))
    reported_on = forms.DateField(label=_("Reported to work on"), widget=DateInput)
    supervisor = PersonChoiceField(label=_("Direct supervisor"), queryset=User.objects.none(), required=False,
                                   help_text=_("Empty: the department's deputy head (or head)."))

    def __init__(self, *args, candidate, **kwargs):
        super().__init__(*args, **kwargs)
        department = candidate.posting.department
        self.fields["supervisor"].queryset = people_queryset().filter(profile__department=department)
        self.fields["supervisor"].initial = department.deputy_id or department.head_id
        self.fields["reported_on"].initial = candidate.start_date


# Probation ---------------------------------------------------------------------------------------

class ProbationStartForm(StyledFormMixin, forms.Form):
    profile = forms.ModelChoiceField(label=_("Person on probation"), queryset=StaffProfile.objects.none())
    starts_on = forms.DateField(label=_("Probation started on"), widget=DateInput)

    def __init__(self, *args, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = profiles


class AssessmentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ProbationAssessment
        fields = ["work_rating", "work_comments", "conduct_rating", "conduct_comments", "attendance_rating",
                  "attendance_comments", "summary", "proposal", "new_end_date"]
        widgets = {
            "work_comments": forms.Textarea(attrs={"rows": 2}),
            "conduct_comments": forms.Textarea(attrs={"rows": 2}),
            "attendance_comments": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "new_end_date": DateInput,
        }
        help_texts = {"new_end_date": _("Only with an extension.")}

    def clean(self):
        data = super().clean()
        if data.get("proposal") == ProbationAssessment.Proposal.EXTEND and not data.get("new_end_date"):
            self.add_error("new_end_date", _("An extension needs the new last day."))
        return data


class ViolationForm(StyledFormMixin, forms.Form):
    ended_on = forms.DateField(label=_("Dismissed on"), widget=DateInput)
    reason = forms.CharField(label=_("Which rule was broken"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


def violation_form(data=None, *, incidents):
    """With the choice of the person's incidents when the discipline domain is there (None: it is not)."""
    form_class = ViolationForm
    if incidents is not None:
        form_class = with_fields(ViolationForm, incident=forms.TypedChoiceField(
            label=_("Incident (违纪记录)"), coerce=int,
            choices=[("", "—")] + [(row["id"], f"{row['date']:%Y-%m-%d} {row['text']}") for row in incidents]))
    form = form_class(data, initial={"ended_on": timezone.localdate()})
    form.order_fields(["ended_on", "incident", "reason"])
    return form


# List filters ------------------------------------------------------------------------------------

class FilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.none()
        for name, value in self.cleaned_data.items():
            if value not in (None, ""):
                queryset = self.apply(queryset, name, value)
        return queryset


class PostingFilterForm(FilterForm):
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All states"))] + list(Posting.State.choices))

    def apply(self, queryset, name, value):
        if name == "q":
            return queryset.filter(Q(title__icontains=value) | Q(post__name__icontains=value))
        return queryset.filter(state=value)


class CandidateFilterForm(FilterForm):
    state = forms.ChoiceField(label=_("Stage"), required=False,
                              choices=[("", _("All stages"))] + list(Candidate.State.choices))
    posting = forms.ModelChoiceField(label=_("Posting"), required=False, queryset=Posting.objects.none(),
                                     empty_label=_("All postings"))

    def __init__(self, *args, postings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posting"].queryset = postings
        self.fields["q"].widget.attrs["placeholder"] = _("Name or phone")

    def apply(self, queryset, name, value):
        if name == "q":
            return queryset.filter(Q(name__icontains=value) | Q(phone__icontains=value))
        return queryset.filter(**{name: value})


class HeadcountFilterForm(FilterForm):
    state = forms.ChoiceField(label=_("State"), required=False)
    reason = forms.ChoiceField(label=_("Reason"), required=False,
                               choices=[("", _("All reasons"))] + list(HeadcountRequest.Reason.choices))

    def __init__(self, *args, **kwargs):
        from approvals.models import ApprovalRequest

        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("All states"))] + list(ApprovalRequest.State.choices)

    def apply(self, queryset, name, value):
        if name == "q":
            return queryset.filter(Q(post__name__icontains=value) | Q(justification__icontains=value))
        if name == "state":
            return queryset.filter(approval__state=value)
        return queryset.filter(reason=value)


class ProbationFilterForm(FilterForm):
    DUE = [("", _("Any end date")), ("soon", _("Ending within the reminder period")), ("overdue", _("Overdue"))]

    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All states"))] + list(Probation.State.choices))
    due = forms.ChoiceField(label=_("Ends"), required=False, choices=DUE)

    def apply(self, queryset, name, value):
        today = timezone.localdate()
        if name == "q":
            return queryset.filter(Q(profile__user__name__icontains=value) | Q(profile__user__username__icontains=value))
        if name == "due" and value == "overdue":
            return queryset.filter(state=Probation.State.ACTIVE, ends_on__lt=today)
        if name == "due":
            import datetime

            window = today + datetime.timedelta(days=HiringPolicy.current().probation_reminder_days)
            return queryset.filter(state=Probation.State.ACTIVE, ends_on__gte=today, ends_on__lte=window)
        return queryset.filter(state=value)
