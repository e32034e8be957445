import datetime

from django.contrib import messages
from django.http import Http404
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_http_methods, require_safe

from core.errors import ServiceError
from core.links import RowLink
from core.uploads import attachment
from core.paging import paginate, paginate_ids
from core.views import act, attempt, form_act
from outbox.services import enqueue

from . import access, charts, periodic, selectors, services
from .evidence import month_facts
from .exporters import exporter_for
from .periodic_exports import PeriodicPdf, PeriodicWorkbook
from .forms import (
    AdjustmentForm, AttachmentForm, ExportForm, ReasonForm, ReopenForm, ReviewForm, ScorecardFilterForm, SelfAssessmentForm,
)
from .models import (AppraisalMonth, ExportJob, PeriodicPolicy, Scorecard, month_start, next_month, period_label,
                     previous_month)
from .rules import (
    can_export_scorecards, can_manage_feedback_round, can_reopen_scorecard, can_self_assess, can_view_all_scorecards, reviews_scorecard,
)

PAGE_SIZE = 50


def _posted(request):
    """The POST data, even when empty (an empty POST is a valid draft, not an unbound form)."""
    return request.POST if request.method == "POST" else None


def _next_action(user, scorecard):
    """What this person should do with the scorecard next, for the list's button."""
    if user.pk == scorecard.user_id:
        if scorecard.self_assessment_is_editable():
            return "self"
        if scorecard.awaits_acknowledgement():
            return "acknowledge"
    elif scorecard.review_is_editable() and reviews_scorecard(user, scorecard):
        return "review"
    return ""


def _list_rows(user, scorecards):
    """What each row of the list shows, worked out once per page rather than once a row by the template (URLs
    reversed once, a month's label and a state's name once each): 50 rows of tags were a third of the page."""
    detail = RowLink("appraisal:detail")
    action_urls = {"self": RowLink("appraisal:self_assessment"), "review": RowLink("appraisal:review")}
    months = {}
    states = {value: str(label) for value, label in Scorecard.State.choices}
    for scorecard in scorecards:
        scorecard.url = detail(scorecard.pk)
        scorecard.next_action = action = _next_action(user, scorecard)
        scorecard.action_url = action_urls[action](scorecard.pk) if action in action_urls else scorecard.url
        if scorecard.period not in months:
            months[scorecard.period] = scorecard.period_label()
        scorecard.month = months[scorecard.period]
        scorecard.state_name = states.get(scorecard.state, scorecard.state)


@require_safe
def scorecard_list(request):
    user = request.user
    form = ScorecardFilterForm(request.GET or None)
    scorecards = Scorecard.objects.visible_to(user).for_list().order_by(
        "-period", "department__sort_order", "user__username")
    if request.GET:
        scorecards = form.filter(scorecards, user)
    # Whoever sees every month of the hospital's scorecards gets them counted by month (see GroupedIds); a head's
    # or a member's few are found through their own indexes, and counted at once.
    sees_all = can_view_all_scorecards(user)
    by_month = "period" if sees_all else None
    page, query = paginate_ids(request, scorecards, Scorecard.objects.list_rows(), PAGE_SIZE, group=by_month)
    _list_rows(user, page.object_list)
    has_overview, can_view_feedback_rounds = access.list_links(user, sees_all=sees_all,
                                                               shows_scorecards=bool(page.object_list))
    profile = getattr(user, "profile", None)
    return render(request, "appraisal/list.html", {
        "form": form, "page": page, "query": query,
        "can_export": can_export_scorecards(user),
        "has_overview": has_overview, "can_view_feedback_rounds": can_view_feedback_rounds,
        "today": timezone.localdate(),
        "year": timezone.localdate().year,
        "has_profile": profile is not None,
    })


def _attachments_context(user, scorecard):
    """What the attached pages block needs: may this person attach (the person or the reviewer, while open)."""
    can_attach = ((can_self_assess(user, scorecard) or reviews_scorecard(user, scorecard))
                  and scorecard.is_open() and not scorecard.is_closed())
    return {"can_attach": can_attach, "attachment_form": AttachmentForm() if can_attach else None}


def _detail_context(request, scorecard, **extra):
    user = request.user
    return {
        **_attachments_context(user, scorecard),
        "scorecard": scorecard,
        "figures": scorecard.figures(),
        "events": scorecard.events.select_related("actor"),
        "can_self_assess": can_self_assess(user, scorecard) and scorecard.self_assessment_is_editable(),
        "can_review": reviews_scorecard(user, scorecard) and scorecard.review_is_editable(),
        "can_review_without_self": reviews_scorecard(user, scorecard)
        and scorecard.can_review_without_self_assessment(),
        "can_acknowledge": user.pk == scorecard.user_id and scorecard.awaits_acknowledgement(),
        "can_reopen": can_reopen_scorecard(user, scorecard) and (
            scorecard.is_locked() or scorecard.is_closed()),
        "reopen_form": ReopenForm(),
        "dispute_form": ReasonForm(),
        "today": timezone.localdate(),
        **extra,
    }


@require_safe
def scorecard_detail(request, pk):
    scorecard = access.get_scorecard_for_user(request.user, pk)
    return render(request, "appraisal/detail.html", _detail_context(request, scorecard))


def _form_rows(form, figures):
    """[(section figure, [(item figure, score field, remark field)])] for one card or row per item."""
    return [(section, [(item, form.score_field(item.line), form.remark_field(item.line)) for item in section.items])
            for section in figures.sections]


@require_http_methods(["GET", "POST"])
def self_assessment(request, pk):
    scorecard = access.get_scorecard_for_self_assessment(request.user, pk)
    if not scorecard.self_assessment_is_editable():
        messages.info(request, _("This self-assessment is no longer open for changes."))
        return redirect(scorecard)
    figures = scorecard.figures()
    form = SelfAssessmentForm(_posted(request), lines=[item.line for item in figures.items], scorecard=scorecard)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.self_assessment_save(
                    scorecard=scorecard, by=request.user, entries=form.entries(),
                    summary_gains=form.cleaned_data["summary_gains"],
                    summary_losses=form.cleaned_data["summary_losses"])
                if request.POST.get("action") == "submit":
                    services.self_assessment_submit(scorecard=scorecard, by=request.user)
                    messages.success(request, _("Your self-assessment was submitted to %(name)s.") % {
                        "name": scorecard.reviewer.display_name if scorecard.reviewer else _("your reviewer")})
                    return redirect(scorecard)
                messages.success(request, _("Draft saved."))
            except ServiceError as error:
                messages.error(request, error.message)
            return redirect("appraisal:self_assessment", pk=scorecard.pk)
        messages.error(request, _("Please correct the errors below."))
    return render(request, "appraisal/self_assessment.html", {
        "scorecard": scorecard, "figures": figures, "form": form, "sections": _form_rows(form, figures),
        "summary_fields": [form["summary_gains"], form["summary_losses"]],
        "late": scorecard.self_assessment_is_late(), **_attachments_context(request.user, scorecard),
    })


def _review_context(request, scorecard, form=None, adjustment_form=None, error=""):
    figures = scorecard.figures()
    form = form or ReviewForm(lines=[item.line for item in figures.items], scorecard=scorecard)
    lines = sorted(scorecard.adjustments.all(), key=lambda line: (line.kind, line.evidence_date or datetime.date.min,
                                                                  line.pk))
    return {
        "scorecard": scorecard,
        "figures": figures,
        "form": form,
        "sections": _form_rows(form, figures),
        "lines": lines,
        "adjustment_form": adjustment_form or AdjustmentForm(),
        "return_form": ReasonForm(),
        "fines_yuan": services.discipline_fines(scorecard),
        "adjustment_error": error,
        "month_facts": month_facts(scorecard.user, scorecard.period),
        **_attachments_context(request.user, scorecard),
    }


@require_http_methods(["GET", "POST"])
def review(request, pk):
    scorecard = access.get_scorecard_for_review(request.user, pk)
    if not scorecard.review_is_editable():
        messages.info(request, _("This scorecard is not open for review."))
        return redirect(scorecard)
    form = ReviewForm(_posted(request), lines=[item.line for item in scorecard.figures().items],
                      scorecard=scorecard)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.review_save(scorecard=scorecard, by=request.user, entries=form.entries(),
                                     opinion=form.cleaned_data["opinion"])
                if request.POST.get("action") == "confirm":
                    services.review_confirm(scorecard=scorecard, by=request.user)
                    messages.success(request, _("Review confirmed. %(name)s is asked to acknowledge it.") % {
                        "name": scorecard.user.display_name})
                    return redirect(scorecard)
                messages.success(request, _("Review saved."))
            except ServiceError as error:
                messages.error(request, error.message)
            return redirect("appraisal:review", pk=scorecard.pk)
        messages.error(request, _("Please correct the errors below."))
    return render(request, "appraisal/review.html", _review_context(request, scorecard, form=form))


def _after_adjustment(request, scorecard, adjustment_form=None, error=""):
    """htmx: the bonus and deduction block again; otherwise back to the review page."""
    if request.htmx:
        fresh = access.get_scorecard_for_review(request.user, scorecard.pk)
        return render(request, "appraisal/_adjustments.html",
                      _review_context(request, fresh, adjustment_form=adjustment_form, error=error))
    if error:
        messages.error(request, error)
    return redirect("appraisal:review", pk=scorecard.pk)


@require_POST
def adjustment_add(request, pk):
    scorecard = access.get_scorecard_for_review(request.user, pk)
    form = AdjustmentForm(request.POST)
    _line, error = attempt(lambda data: services.adjustment_add(scorecard=scorecard, by=request.user, **data),
                           form=form, invalid=_("Please correct the errors in the new line."))
    if error is not None:
        return _after_adjustment(request, scorecard, adjustment_form=form, error=error)
    if not request.htmx:
        messages.success(request, _("Line added."))
    return _after_adjustment(request, scorecard)


@require_POST
def adjustment_remove(request, pk, line_pk):
    adjustment = access.get_adjustment_for_review(request.user, pk, line_pk)
    _done, error = attempt(lambda: services.adjustment_remove(adjustment=adjustment, by=request.user))
    return _after_adjustment(request, adjustment.scorecard, error=error or "")


@require_POST
def adjustment_decide(request, pk, line_pk):
    adjustment = access.get_adjustment_for_review(request.user, pk, line_pk)
    _done, error = attempt(lambda: services.adjustment_decide(adjustment=adjustment, by=request.user,
                                                              accept=request.POST.get("accept") == "1"))
    return _after_adjustment(request, adjustment.scorecard, error=error or "")


@require_POST
def discipline_refresh(request, pk):
    scorecard = access.get_scorecard_for_review(request.user, pk)
    count, error = attempt(lambda: services.evidence_lines_refresh(scorecard=scorecard, by=request.user))
    if error is not None:
        return _after_adjustment(request, scorecard, error=error)
    if not request.htmx:
        messages.success(request, _("%(count)d new lines proposed from the month's records.") % {"count": count})
    return _after_adjustment(request, scorecard)


def _act(request, call, success, form=None, invalid=""):
    """Run a service for a POST (with the cleaned data of its reason form, when it has one) and say how it went.

    True when it was done; the message says why not otherwise.
    """
    _result, error = attempt(call if form is not None else lambda: call({}), form=form, invalid=invalid)
    if error is not None:
        messages.error(request, error)
        return False
    messages.success(request, success)
    return True


@require_POST
def review_without_self(request, pk):
    """After the self-assessment deadline: the reviewer reviews anyway; the scorecard is marked 未自评."""
    scorecard = access.get_scorecard_for_review(request.user, pk)
    done = _act(request, lambda data: services.review_without_self_assessment(scorecard=scorecard, by=request.user),
                _("%(name)s did not submit a self-assessment: review it now; each item counts your score in full.") % {
                    "name": scorecard.user.display_name})
    return redirect("appraisal:review", pk=scorecard.pk) if done else redirect(scorecard)


@require_POST
def review_return(request, pk):
    scorecard = access.get_scorecard_for_review(request.user, pk)
    done = _act(request, lambda data: services.review_return(scorecard=scorecard, by=request.user,
                                                             reason=data["reason"]),
                _("The self-assessment was returned to %(name)s.") % {"name": scorecard.user.display_name},
                ReasonForm(request.POST), _("Say what should be changed."))
    return redirect(scorecard) if done else redirect("appraisal:review", pk=scorecard.pk)


@require_POST
def acknowledge(request, pk):
    scorecard = access.get_scorecard_for_self_assessment(request.user, pk)
    _act(request, lambda data: services.scorecard_acknowledge(scorecard=scorecard, by=request.user),
         _("Thank you: your scorecard is confirmed and locked."))
    return redirect(scorecard)


@require_POST
def dispute(request, pk):
    scorecard = access.get_scorecard_for_self_assessment(request.user, pk)
    _act(request, lambda data: services.scorecard_dispute(scorecard=scorecard, by=request.user, reason=data["reason"]),
         _("Your reviewer was asked to look at the scorecard again."), ReasonForm(request.POST),
         _("Say what you do not agree with."))
    return redirect(scorecard)


@require_POST
def reopen(request, pk):
    scorecard = access.get_scorecard_for_reopen(request.user, pk)
    _act(request, lambda data: services.scorecard_reopen(scorecard=scorecard, by=request.user, **data),
         _("The scorecard was reopened."), ReopenForm(request.POST), _("Give the reason for reopening."))
    return redirect(scorecard)


def _sheet(request, pk, fmt):
    scorecard = access.get_scorecard_for_user(request.user, pk)
    exporter = exporter_for(fmt, scorecards=selectors.prefetch_figures([scorecard]))
    return exporter.attachment(f"绩效考核_{scorecard.period:%Y-%m}_{scorecard.user.username}_{scorecard.user.display_name}")


@require_safe
def sheet_xlsx(request, pk):
    return _sheet(request, pk, "xlsx")


@require_safe
def sheet_pdf(request, pk):
    return _sheet(request, pk, "pdf")


def _period(year, month):
    try:
        return datetime.date(year, month, 1)
    except ValueError:
        raise Http404 from None


@require_safe
def month_overview(request, year, month):
    period = _period(year, month)
    departments = list(access.departments_for_appraisal(request.user))
    if not departments:
        raise Http404
    chosen = request.GET.get("department")
    department = next((d for d in departments if str(d.pk) == chosen), departments[0])
    scorecards, stat = selectors.month_overview(period, department)
    bars = selectors.grade_bars(stat)
    appraisal_month = AppraisalMonth.objects.filter(period=period).first()
    states = {}
    for scorecard in scorecards:
        states[scorecard.state] = states.get(scorecard.state, 0) + 1
    return render(request, "appraisal/month.html", {
        "period": period, "period_label": period_label(period),
        "previous": previous_month(period), "next": next_month(period),
        "departments": departments, "department": department,
        "scorecards": scorecards, "stat": stat, "bars": bars, "bars_height": max(len(bars), 1) * selectors.BAR_ROW,
        "month": appraisal_month, "state_counts": [(choice, states.get(choice.value, 0)) for choice in Scorecard.State],
        "can_roll_up": can_export_scorecards(request.user),
    })


@require_POST
def rollup(request, year, month):
    access.require_exporter(request.user)
    period = _period(year, month)
    enqueue("appraisal.tasks.rollup_month", period.strftime("%Y-%m"), request.user.pk)
    messages.success(request, _("The rollup of %(month)s has started; the figures below update when it is done.") % {
        "month": period_label(period)})
    return redirect(reverse("appraisal:month", args=[year, month]) + (
        f"?department={request.POST['department']}" if request.POST.get("department", "").isdigit() else ""))


def _year_labels(year):
    return [str(month) for month in range(1, 13)]


@require_safe
def person_year(request, username, year):
    profile = access.get_profile_for_appraisal(request.user, username)
    data = selectors.person_year(profile.user, year)
    chart = charts.line_chart(_year_labels(year), [[cell.final for cell in data.months]],
                              names=[profile.user.display_name])
    from .models import FeedbackRound

    rounds = list(FeedbackRound.objects.filter(year=year, requests__subject=profile.user).distinct())
    feedback = [result for (_round, _subject), result in
                selectors.feedback_results(rounds, subject_ids=[profile.user_id]).items()]
    return render(request, "appraisal/person_year.html", {
        "profile": profile, "data": data, "chart": chart, "year": year, "feedback": feedback,
        "periods": periodic.person_periods(profile.user, year),
        "previous_year": year - 1, "next_year": year + 1,
    })


@require_safe
def department_year(request, code, year):
    department = access.get_department_for_appraisal(request.user, code)
    data = selectors.department_year(department, year)
    chart = charts.line_chart(_year_labels(year), [data.averages], names=[_("Department average")])
    from .models import FeedbackRound

    feedback_round = FeedbackRound.objects.filter(department=department, year=year).first()
    results = selectors.feedback_results([feedback_round]) if feedback_round is not None else {}
    rows = [(person, person_data, results.get((getattr(feedback_round, "pk", None), person.pk)))
            for person, person_data in data.people]
    return render(request, "appraisal/department_year.html", {
        "department": department, "data": data, "chart": chart, "year": year, "feedback_round": feedback_round,
        "periodic_links": [(period.code, period.label) for period in periodic.Period(year, "year").siblings()],
        "rows": rows,
        "previous_year": year - 1, "next_year": year + 1,
    })


@require_http_methods(["GET", "POST"])
def exports(request):
    access.require_exporter(request.user)
    initial = {"month": previous_month(month_start(timezone.localdate()))}
    return act(request, "appraisal:exports", lambda data: services.export_job_create(
        by=request.user, period=data["month"], department=data["department"], fmt=data["format"]),
        _("The export has started. It appears below with its progress."),
        form=ExportForm(request.POST or None, initial=initial), template="appraisal/exports.html",
        invalid=_("Please correct the errors below."), refusal_as_message=True,
        context=lambda: {"jobs": ExportJob.objects.select_related("department", "requested_by")[:20]})


@require_safe
def export_status(request, pk):
    job = access.get_export_job_for_user(request.user, pk)
    return render(request, "appraisal/_export_job.html", {"job": job})


@require_safe
def export_download(request, pk):
    job = access.get_export_job_for_user(request.user, pk)
    if job.state != ExportJob.State.DONE or not job.file:
        raise Http404
    return attachment(job.file, job.download_name())


# --- 360° appraisal (360度评估) ---------------------------------------------------------------------------

@require_safe
def feedback_rounds(request):
    """The head's and HR's list of 360° rounds, with the form to open one (heads only)."""
    from .forms import FeedbackRoundFilterForm, FeedbackRoundForm

    departments = list(access.feedback_departments(request.user))
    if not (departments or can_view_all_scorecards(request.user)):
        raise Http404
    rounds = access.feedback_rounds_for(request.user).order_by("-year", "department__sort_order", "pk")
    # The page has the form to open a round too: its own "year" is id_year, the filter's filter-year.
    filters = FeedbackRoundFilterForm(request.GET or None, auto_id="filter-%s")
    if filters.is_valid() and filters.cleaned_data["year"]:
        rounds = rounds.filter(year=filters.cleaned_data["year"])
    page, query = paginate(request, rounds, PAGE_SIZE)
    form = None
    if departments:
        form = FeedbackRoundForm(departments=access.feedback_departments(request.user),
                                 initial={"year": timezone.localdate().year, "department": departments[0]})
    return render(request, "appraisal/feedback_rounds.html", {"page": page, "query": query, "form": form,
                                                              "filters": filters})


@require_POST
def feedback_round_open(request):
    from .forms import FeedbackRoundForm

    departments = access.feedback_departments(request.user)
    if not departments.exists():
        raise Http404
    return act(request, lambda feedback_round: feedback_round or "appraisal:feedback_rounds",
               lambda data: services.feedback_round_open(by=request.user, **data),
               _("The 360° round is open. Now choose each person's raters."),
               form=FeedbackRoundForm(request.POST, departments=departments),
               invalid=_("Please correct the errors: choose the department and the year."))


@require_safe
def feedback_round(request, pk):
    from staff.models import StaffProfile

    from .forms import FeedbackRaterForm
    from .models import FeedbackRequest

    feedback_round = access.get_feedback_round_for_user(request.user, pk)
    can_manage = can_manage_feedback_round(request.user, feedback_round)
    profiles = list(StaffProfile.objects.filter(department=feedback_round.department, user__is_active=True)
                    .select_related("user").order_by("user__username"))
    requests = (FeedbackRequest.objects.filter(round=feedback_round).select_related("subject", "rater")
                .order_by("subject__username", "relation", "rater__username"))
    by_subject = {}
    for item in requests:
        by_subject.setdefault(item.subject_id, []).append(item)
    results = selectors.feedback_results([feedback_round])
    for result in results.values():  # comments, like ratings, only with enough answers; sorted, not by rater
        result.comments = []
    for item in requests:
        result = results.get((feedback_round.pk, item.subject_id))
        if item.comment and result is not None and result.visible:
            result.comments.append(item.comment)
    for result in results.values():
        result.comments.sort()
    people = [(profile, by_subject.get(profile.user_id, []), results.get((feedback_round.pk, profile.user_id)))
              for profile in profiles]
    return render(request, "appraisal/feedback_round.html", {
        "round": feedback_round, "people": people, "can_manage": can_manage and feedback_round.is_open(),
        "rater_form": FeedbackRaterForm(feedback_round=feedback_round) if can_manage else None,
        "asked": len(requests), "answered": sum(1 for item in requests if item.state == item.State.ANSWERED),
    })


@require_POST
def feedback_rater_add(request, pk):
    from .forms import FeedbackRaterForm

    feedback_round = access.get_feedback_round_for_manager(request.user, pk)
    form = FeedbackRaterForm(request.POST, feedback_round=feedback_round)
    if not form.is_valid():
        messages.error(request, _("Choose the person, the rater and how they work together."))
        return redirect(feedback_round)
    _act(request, lambda data: services.feedback_rater_add(feedback_round=feedback_round, by=request.user,
                                                           **form.cleaned_data),
         _("%(rater)s is asked to rate %(name)s.") % {"rater": form.cleaned_data["rater"].display_name,
                                                        "name": form.cleaned_data["subject"].display_name})
    return redirect(feedback_round)


@require_POST
def feedback_rater_remove(request, pk, request_pk):
    item = access.get_feedback_request_for_manager(request.user, pk, request_pk)
    _act(request, lambda data: services.feedback_rater_remove(request=item, by=request.user),
         _("The request was taken back."))
    return redirect(item.round)


@require_POST
def feedback_round_close(request, pk):
    feedback_round = access.get_feedback_round_for_manager(request.user, pk)
    _act(request, lambda data: services.feedback_round_close(feedback_round=feedback_round, by=request.user),
         _("The 360° round is closed. Results show for people with enough answers."))
    return redirect(feedback_round)


@require_safe
def feedback_tasks(request):
    """My 360° rating requests: the ones waiting first."""
    from .models import FeedbackRequest

    requests = (FeedbackRequest.objects.filter(rater=request.user).select_related("round__department", "subject")
                .order_by("-state", "round__deadline", "pk"))  # descending: "pending" (waiting) before "answered"
    page, query = paginate(request, requests, PAGE_SIZE)
    return render(request, "appraisal/feedback_tasks.html", {"page": page, "query": query,
                                                             "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
def feedback_answer(request, pk):
    from .forms import FeedbackAnswerForm
    from .models import FeedbackDimension

    item = access.get_feedback_request_for_rater(request.user, pk)
    if item.state != item.State.PENDING or not item.round.is_open():
        messages.info(request, _("This rating is no longer open: thank you."))
        return redirect("appraisal:feedback_tasks")
    form = FeedbackAnswerForm(_posted(request), dimensions=FeedbackDimension.objects.filter(is_active=True),
                              scale_max=item.round.scale_max)
    return act(request, "appraisal:feedback_tasks", lambda data: services.feedback_answer(
        request=item, by=request.user, scores=form.scores(), comment=data["comment"]),
        _("Thank you: your answer was recorded anonymously."), form=form, template="appraisal/feedback_answer.html",
        invalid=_("Please rate every dimension."), refusal_as_message=True,
        context={"item": item, "scale_max": item.round.scale_max})


# --- Periodic appraisal (定期考核: quarter, half-year, year) ------------------------------------------------

def _periodic_period(year, code):
    period = periodic.Period.parse(year, code)
    if period is None:
        raise Http404
    return period


@require_safe
def periodic_department(request, code, year, period):
    """A department's quarter, half-year or year: each person's confirmed months and what they make."""
    department = access.get_department_for_appraisal(request.user, code)
    period = _periodic_period(year, period)
    rows = periodic.period_rows(period, department=department)
    counted, mean, grades = periodic.department_summary(rows)
    return render(request, "appraisal/periodic.html", {
        "department": department, "period": period, "rows": rows, "counted": counted, "mean": mean,
        "grades": grades, "policy": PeriodicPolicy.current(), "year": year,
    })


def _periodic_export(request, code, year, period, exporter_class):
    department = access.get_department_for_appraisal(request.user, code)
    period = _periodic_period(year, period)
    title = f"{department.name}{period.chinese}绩效考核结果"
    exporter = exporter_class(period, periodic.period_rows(period, department=department), title)
    return exporter.attachment(f"定期考核_{period.chinese}_{department.name}")


@require_safe
def periodic_xlsx(request, code, year, period):
    return _periodic_export(request, code, year, period, PeriodicWorkbook)


@require_safe
def periodic_pdf(request, code, year, period):
    return _periodic_export(request, code, year, period, PeriodicPdf)


@require_safe
def annual_grades(request, year):
    """HR's annual grade of every person (年度考核等级, for pay and promotion decisions), a page at a time."""
    access.require_exporter(request.user)
    period = _periodic_period(year, "year")
    people = get_user_model().objects.filter(
        pk__in=Scorecard.objects.filter(period__year=year).values("user_id")).order_by("username")
    page, query = paginate(request, people, 50)
    rows = periodic.period_rows(period, users=list(page.object_list))
    return render(request, "appraisal/annual_grades.html", {
        "period": period, "page": page, "query": query, "rows": rows, "year": year,
        "policy": PeriodicPolicy.current(),
    })


@require_safe
def annual_grades_xlsx(request, year):
    access.require_exporter(request.user)
    period = _periodic_period(year, "year")
    exporter = PeriodicWorkbook(period, periodic.period_rows(period), f"{year}年度考核等级（用于薪酬、晋升）")
    return exporter.attachment(f"年度考核等级_{year}")


# --- Attached pages (工作计划及完成情况可另附页) ----------------------------------------------------------

@require_POST
def attachment_add(request, pk):
    scorecard = access.get_scorecard_for_user(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    back = request.POST.get("back") or scorecard.get_absolute_url()
    if not back.startswith("/appraisal/"):
        back = scorecard.get_absolute_url()
    return form_act(request, back, form, lambda data: services.attachment_add(
        scorecard=scorecard, by=request.user, file=data["file"], description=data["description"]),
        _("The page was attached."))


@require_safe
def attachment_download(request, pk, attachment_pk):
    scorecard = access.get_scorecard_for_user(request.user, pk)
    attached = get_object_or_404(scorecard.attachments, pk=attachment_pk)
    return attachment(attached.file, attached.name)


@require_POST
def attachment_remove(request, pk, attachment_pk):
    scorecard = access.get_scorecard_for_user(request.user, pk)
    attached = get_object_or_404(scorecard.attachments.select_related("scorecard__department"), pk=attachment_pk)
    return act(request, scorecard, lambda: services.attachment_remove(attachment=attached, by=request.user),
               _("The attached page was removed."))
