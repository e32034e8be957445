import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import StyledFormMixin
from core.uploads import validate_upload
from staff.models import Department, Post

from . import selectors
from .models import (
    Attendance, AudienceKind, Exam, ExternalTraining, Form, Plan, PlanItem, Question, Requirement, Session,
    SurveyResponse,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
HOURS = {"max_digits": 5, "decimal_places": 1, "min_value": Decimal("0.5"), "max_value": Decimal("200")}


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} ({obj.username})"


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} ({obj.username})"


def staff_of(department):
    return selectors.active_people().filter(profile__department=department).order_by("username")


def parse_month(value):
    """"2026-11" → 2026-11-01; ValidationError otherwise."""
    try:
        return datetime.datetime.strptime((value or "").strip(), "%Y-%m").date()
    except ValueError:
        raise ValidationError(_("Give the month as YYYY-MM.")) from None


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-11"})

    def to_python(self, value):
        value = super().to_python(value)
        return parse_month(value) if value else None


# The plan ---------------------------------------------------------------------------------------------------------

class PlanForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["title", "goals", "evaluation", "change_reason", "cited_sessions"]
        widgets = {"goals": forms.Textarea(attrs={"rows": 3}), "evaluation": forms.Textarea(attrs={"rows": 3}),
                   "change_reason": forms.Textarea(attrs={"rows": 2}),
                   "cited_sessions": forms.CheckboxSelectMultiple}

    def __init__(self, *args, department, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cited_sessions"].queryset = (
            Session.objects.filter(department=department, state=Session.State.HELD, survey_responses__isnull=False)
            .distinct().order_by("-starts_at")[:30])
        self.fields["cited_sessions"].required = False
        if self.instance.pk is None or self.instance.previous_id is None:
            del self.fields["change_reason"]

    def clean_cited_sessions(self):
        chosen = self.cleaned_data["cited_sessions"]
        return list(chosen)


class PlanCreateForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = forms.CharField(label=_("Title"), max_length=200)
    goals = forms.CharField(label=_("Training goals (培训目标)"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}))
    evaluation = forms.CharField(label=_("Evaluation of past training (培训效果评估)"), required=False,
                                 max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class PlanItemForm(StyledFormMixin, forms.ModelForm):
    audience_posts = forms.ModelMultipleChoiceField(label=_("Posts"), queryset=Post.objects.all(), required=False,
                                                    widget=forms.CheckboxSelectMultiple)
    audience_people = PeopleChoiceField(label=_("People"), queryset=None, required=False)
    audience_departments = forms.ModelMultipleChoiceField(label=_("Departments"), required=False,
                                                          queryset=Department.objects.filter(is_active=True),
                                                          widget=forms.CheckboxSelectMultiple)
    trainer = PersonChoiceField(label=_("Trainer"), queryset=None, required=False,
                                empty_label=_("An outside trainer (name below)"))

    class Meta:
        model = PlanItem
        fields = ["title", "content_kind", "description", "form", "requirement", "planned_from", "planned_until",
                  "schedule_note", "place", "audience_kind", "audience_posts", "audience_people",
                  "audience_departments", "trainer", "trainer_name", "planned_hours", "is_induction"]
        widgets = {"planned_from": DATE, "planned_until": DATE, "description": forms.Textarea(attrs={"rows": 2}),
                   "audience_kind": forms.RadioSelect}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience_people"].queryset = selectors.active_people().order_by("username")
        self.fields["trainer"].queryset = staff_of(plan.department)
        self.fields["audience_posts"].queryset = Post.objects.filter(department=plan.department) or Post.objects.all()
        if self.instance.pk is None:
            self.initial.setdefault("planned_from", datetime.date(plan.year, 1, 1))
            self.initial.setdefault("planned_until", datetime.date(plan.year, 12, 31))

    def service_arguments(self):
        data = dict(self.cleaned_data)
        return {"posts": data.pop("audience_posts"), "people": data.pop("audience_people"),
                "departments": data.pop("audience_departments"), **data}


class ReviseForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Why the approved plan changes"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


# Sessions -------------------------------------------------------------------------------------------------------

class SessionForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    form = forms.ChoiceField(label=_("Form (培训形式)"), choices=Form.choices, initial=Form.INTERNAL)
    requirement = forms.ChoiceField(label=_("Required or elective"), choices=Requirement.choices)
    day = forms.DateField(label=_("Date"), widget=DATE)
    starts = forms.TimeField(label=_("From"), widget=TIME)
    ends = forms.TimeField(label=_("Until"), widget=TIME)
    place = forms.CharField(label=_("Place"), max_length=100)
    hours = forms.DecimalField(label=_("Hours credited (学时)"), **HOURS)
    trainer = PersonChoiceField(label=_("Trainer"), queryset=None, required=False,
                                empty_label=_("An outside trainer (name below)"))
    trainer_name = forms.CharField(label=_("Outside trainer"), max_length=100, required=False)

    def __init__(self, *args, department, **kwargs):
        super().__init__(*args, **kwargs)
        self.department = department
        self.fields["trainer"].queryset = staff_of(department)

    def clean(self):
        data = super().clean()
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        if day and starts and ends:
            zone = timezone.get_current_timezone()
            data["starts_at"] = datetime.datetime.combine(day, starts, tzinfo=zone)
            data["ends_at"] = datetime.datetime.combine(day, ends, tzinfo=zone)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("ends", _("The session must end after it starts."))
        if not data.get("trainer") and not (data.get("trainer_name") or "").strip():
            self.add_error("trainer_name", _("Name the trainer."))
        return data

    @classmethod
    def initial_from(cls, session):
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        return {"title": session.title, "description": session.description, "form": session.form,
                "requirement": session.requirement, "day": start.date(), "starts": start.time(),
                "ends": end.time(), "place": session.place, "hours": session.hours, "trainer": session.trainer,
                "trainer_name": session.trainer_name}

    def service_arguments(self):
        data = self.cleaned_data
        return {"title": data["title"], "description": data["description"], "form": data["form"],
                "requirement": data["requirement"], "starts_at": data["starts_at"], "ends_at": data["ends_at"],
                "place": data["place"], "hours": data["hours"], "trainer": data["trainer"],
                "trainer_name": data["trainer_name"]}


class NewSessionForm(SessionForm):
    audience_kind = forms.ChoiceField(label=_("Who is on the list"), choices=AudienceKind.choices,
                                      initial=AudienceKind.DEPARTMENT, widget=forms.RadioSelect)
    audience_posts = forms.ModelMultipleChoiceField(label=_("Posts"), queryset=Post.objects.all(), required=False,
                                                    widget=forms.CheckboxSelectMultiple)
    audience_people = PeopleChoiceField(label=_("People"), queryset=None, required=False)
    audience_departments = forms.ModelMultipleChoiceField(label=_("Departments"), required=False,
                                                          queryset=Department.objects.filter(is_active=True),
                                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, department, item=None, **kwargs):
        if item is not None and not kwargs.get("data") and not args:
            kwargs.setdefault("initial", {}).update({
                "title": item.title, "description": item.description, "form": item.form,
                "requirement": item.requirement, "place": item.place, "hours": item.planned_hours,
                "trainer": item.trainer, "trainer_name": item.trainer_name, "audience_kind": item.audience_kind,
                "audience_posts": list(item.audience_posts.all()),
                "audience_people": list(item.audience_people.all()),
                "audience_departments": list(item.audience_departments.all()),
            })
        super().__init__(*args, department=department, **kwargs)
        self.fields["audience_people"].queryset = selectors.active_people().order_by("username")
        self.fields["audience_posts"].queryset = Post.objects.filter(department=department) or Post.objects.all()

    def people(self):
        data = self.cleaned_data
        return selectors.audience(kind=data["audience_kind"], department=self.department,
                                  posts=data["audience_posts"], people=data["audience_people"],
                                  departments=data["audience_departments"])


class InviteForm(StyledFormMixin, forms.Form):
    people = PeopleChoiceField(label=_("Add to the list"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = selectors.active_people().order_by("username")


class MarkForm(forms.Form):
    person = forms.IntegerField(min_value=1)
    status = forms.ChoiceField(choices=[(value, label) for value, label in Attendance.Status.choices
                                        if value != Attendance.Status.EXPECTED])
    note = forms.CharField(max_length=200, required=False)


class MaterialForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("File"), validators=[validate_upload],
                           help_text=_("PDF, slides (pptx), Word, Excel or a photo."))


class SurveyForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SurveyResponse
        fields = ["overall", "content", "trainer", "comment"]
        widgets = {"overall": forms.RadioSelect, "content": forms.RadioSelect, "trainer": forms.RadioSelect,
                   "comment": forms.Textarea(attrs={"rows": 3, "maxlength": 2000})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("overall", "content", "trainer"):  # a row of 1–5 buttons, easy to tap on a phone
            self.fields[name].widget.attrs["class"] = "btn-check"


class SessionFilterForm(StyledFormMixin, forms.Form):
    WHEN = [("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All"))]
    when = forms.ChoiceField(label=_("When"), choices=WHEN, required=False)
    q = forms.CharField(label=_("Search"), max_length=50, required=False)

    def filter(self, sessions, now):
        if not self.is_valid():
            return sessions.filter(ends_at__gte=now).order_by("starts_at")
        when, search = self.cleaned_data.get("when") or "upcoming", self.cleaned_data.get("q")
        if search:
            sessions = sessions.filter(title__icontains=search)
        if when == "upcoming":
            return sessions.filter(ends_at__gte=now).order_by("starts_at", "pk")
        if when == "past":
            return sessions.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
        return sessions.order_by("-starts_at", "-pk")


# Hours ------------------------------------------------------------------------------------------------------------

class SelfStudyForm(StyledFormMixin, forms.Form):
    studied_on = forms.DateField(label=_("Date"), widget=DATE)
    title = forms.CharField(label=_("What you studied"), max_length=200)
    hours = forms.DecimalField(label=pgettext_lazy("training", "Hours"), max_digits=4, decimal_places=1, min_value=Decimal("0.5"),
                               max_value=Decimal("40"))
    note = forms.CharField(label=_("Notes (学习笔记)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label=_("Evidence"), required=False, validators=[validate_upload],
                               help_text=_("A certificate of an online course, notes as PDF or a photo."))


class DecideForm(forms.Form):
    accept = forms.TypedChoiceField(choices=[("1", "yes"), ("0", "no")], coerce=lambda value: value == "1")
    note = forms.CharField(max_length=300, required=False)


class SlidesForm(StyledFormMixin, forms.Form):
    month = MonthField(label=_("Month"))
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), validators=[validate_upload],
                           help_text=_("Slides (pptx: the slides are counted) or a PDF."))
    slides = forms.IntegerField(label=_("Slides"), required=False, min_value=1, max_value=500,
                                help_text=_("Only for a PDF: how many slides it has."))


class HoursFilterForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    department = forms.ModelChoiceField(label=_("Department"), queryset=None, required=False,
                                        empty_label=_("All my departments"))
    behind = forms.BooleanField(label=_("Only those behind"), required=False)
    q = forms.CharField(label=_("Search"), max_length=50, required=False)
    # By department and name the page sums only the hours of the people it shows; the fewest hours first needs
    # everyone's year summed (the whole hospital for HR), so it is a choice, not the default.
    order = forms.ChoiceField(label=_("Order"), required=False, choices=[
        ("", _("Department and name")), ("hours", _("Fewest hours first"))])

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


# Exams ------------------------------------------------------------------------------------------------------------

class TopicForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Topic"), max_length=100)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


CHOICE_SLOTS = 6


class QuestionForm(StyledFormMixin, forms.Form):
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    text = forms.CharField(label=_("Question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    points = forms.DecimalField(label=_("Points"), max_digits=4, decimal_places=1, min_value=Decimal("0.5"),
                                max_value=Decimal("100"), initial=Decimal("5"))
    true_false = forms.TypedChoiceField(label=_("The statement is"), required=False, widget=forms.RadioSelect,
                                        choices=[("1", _("True")), ("0", _("False"))],
                                        coerce=lambda value: value == "1", empty_value=None)
    reference_answer = forms.CharField(label=_("Reference answer / marking guide"), required=False,
                                       max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    explanation = forms.CharField(label=_("Explanation shown after the exam"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, topics, question=None, **kwargs):
        if question is not None and not args and "data" not in kwargs:
            initial = {"topic": question.topic, "kind": question.kind, "text": question.text,
                       "points": question.points, "reference_answer": question.reference_answer,
                       "explanation": question.explanation}
            choices = list(question.choices.all())
            if question.kind == Question.Kind.TRUE_FALSE and choices:
                initial["true_false"] = "1" if choices[0].is_correct else "0"
            else:
                for index, choice in enumerate(choices[:CHOICE_SLOTS]):
                    initial[f"choice_{index}"] = choice.text
                    initial[f"correct_{index}"] = choice.is_correct
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics
        for index in range(CHOICE_SLOTS):
            self.fields[f"choice_{index}"] = forms.CharField(label=_("Choice %(letter)s") % {
                "letter": "ABCDEF"[index]}, max_length=300, required=False)
            self.fields[f"correct_{index}"] = forms.BooleanField(label=_("correct"), required=False)
        if question is not None:
            self.fields["topic"].disabled = True
            self.fields["kind"].disabled = True
        for index in range(CHOICE_SLOTS):  # added after the mixin styled the others
            self.fields[f"choice_{index}"].widget.attrs["class"] = "form-control"
            self.fields[f"correct_{index}"].widget.attrs["class"] = "form-check-input"

    def choice_rows(self):
        return [(self[f"choice_{i}"], self[f"correct_{i}"], "ABCDEF"[i]) for i in range(CHOICE_SLOTS)]

    def choices(self):
        data = self.cleaned_data
        return [(data.get(f"choice_{i}", ""), data.get(f"correct_{i}", False)) for i in range(CHOICE_SLOTS)]


class ExamForm(StyledFormMixin, forms.ModelForm):
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=DATETIME, input_formats=DATETIME_FORMATS,
                                    required=False, help_text=_("Empty: stays open (the induction exam)."))

    class Meta:
        model = Exam
        fields = ["title", "kind", "session", "instructions", "pass_percent", "time_limit_minutes", "opens_at",
                  "closes_at", "retakes", "retraining_note", "show_answers", "shuffle"]
        widgets = {"instructions": forms.Textarea(attrs={"rows": 2}),
                   "retraining_note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, department, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(department=department).exclude(
            state=Session.State.CANCELLED).order_by("-starts_at")[:50]
        self.fields["session"].required = False
        if self.instance.pk and self.instance.attempts.exists():
            for name in self.fields:
                if name not in ("instructions", "closes_at", "retakes", "retraining_note"):
                    self.fields[name].disabled = True

    def clean_session(self):
        return self.cleaned_data.get("session")


class ExamQuestionsForm(forms.Form):
    questions = forms.ModelMultipleChoiceField(label=_("Questions"), queryset=None,
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, department, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = (Question.objects.filter(topic__department=department, is_active=True)
                                             .select_related("topic").order_by("topic__name", "pk"))


class AssignForm(StyledFormMixin, forms.Form):
    people = PeopleChoiceField(label=_("People"), queryset=None, required=False)
    everyone = forms.BooleanField(label=_("All staff of the department"), required=False)
    attendees = forms.BooleanField(label=_("Those who attended the session it tests"), required=False)
    due_at = forms.DateTimeField(label=_("Due by"), widget=DATETIME, input_formats=DATETIME_FORMATS,
                                 required=False)

    def __init__(self, *args, exam, **kwargs):
        super().__init__(*args, **kwargs)
        self.exam = exam
        self.fields["people"].queryset = selectors.active_people().order_by("username")
        if exam.session_id is None:
            del self.fields["attendees"]

    def chosen(self):
        data = self.cleaned_data
        people = {person.pk: person for person in data.get("people") or []}
        if data.get("everyone"):
            people.update({person.pk: person for person in staff_of(self.exam.department)})
        if data.get("attendees"):
            rows = self.exam.session.attendance.filter(status__in=Attendance.ATTENDED).select_related("person")
            people.update({row.person.pk: row.person for row in rows})
        return list(people.values())

    def clean(self):
        data = super().clean()
        if not (data.get("people") or data.get("everyone") or data.get("attendees")):
            raise ValidationError(_("Choose who takes the exam."))
        return data


class RetakeForm(forms.Form):
    note = forms.CharField(max_length=500, required=False)


def mark_form(attempt, answers):
    """A form with points and a note for each short answer waiting for marking."""
    fields = {}
    for answer in answers:
        fields[f"points_{answer.question_id}"] = forms.DecimalField(
            label=_("Points (0–%(max)s)") % {"max": answer.question.points}, min_value=Decimal("0"),
            max_value=answer.question.points, max_digits=4, decimal_places=1,
            widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.5"}))
        fields[f"note_{answer.question_id}"] = forms.CharField(
            label=_("Note"), required=False, max_length=300, widget=forms.TextInput(attrs={"class": "form-control"}))
    return type("MarkAnswersForm", (forms.Form,), fields)


def marks_from(form, answers):
    return {answer.question_id: (form.cleaned_data[f"points_{answer.question_id}"],
                                 form.cleaned_data.get(f"note_{answer.question_id}", ""))
            for answer in answers}



# External training (外派培训) ---------------------------------------------------------------------------------

class ExternalForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ExternalTraining
        fields = ["title", "organiser", "place", "starts_on", "ends_on", "cost", "hours", "requirement", "plan_item",
                  "reason"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, department, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_item"].queryset = PlanItem.objects.filter(
            plan__department=department, plan__state=Plan.State.APPROVED).select_related("plan")
        self.fields["plan_item"].required = False
        self.fields["plan_item"].help_text = _("The item of the plan in force it belongs to, if any.")

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The training ends before it starts."))
        return data

    def service_arguments(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ReportForm(StyledFormMixin, forms.Form):
    certificate = forms.FileField(label=_("Certificate (培训证书)"), validators=[validate_upload],
                                  help_text=_("PDF or a photo of the certificate."))
    hours = forms.DecimalField(label=_("Hours attended"), **HOURS)
    report = forms.CharField(label=_("What was learnt"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ConfirmForm(forms.Form):
    accept = forms.TypedChoiceField(choices=[("1", "yes"), ("0", "no")], coerce=lambda value: value == "1")
    hours = forms.DecimalField(required=False, max_digits=5, decimal_places=1, min_value=Decimal("0.5"),
                               max_value=Decimal("200"))
    note = forms.CharField(max_length=300, required=False)
