"""Hiring and probation pages: thin views that fetch through hiring.access, validate with a form and call a
hiring service. Refusals come back as messages; nothing here may 500 on bad input."""

import datetime

from django.contrib import messages
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from approvals import selectors as approval_selectors
from core.uploads import attachment
from core.paging import paginate
from core.views import act, attempt

from . import access
from . import services
from .exporters import ProbationAgreement, ProbationNotice
from .forms import (
    AssessmentForm, AttachmentForm, CandidateFilterForm, CandidateForm, CheckForm, CloseForm, HeadcountFilterForm,
    HeadcountForm, HireForm, InterviewForm, MeetingForm, OfferForm, PostingFilterForm, PostingForm,
    ProbationFilterForm, ProbationStartForm, ReasonForm, exam_form, score_form, screening_form, violation_form,
)
from .rules import (
    can_assess_probation, can_manage_hiring, can_request_headcount, can_see_candidate_files, is_on_panel,
)
from .models import Candidate, HiringPolicy, Posting
from .staffing import candidate_excess, post_staffing

PAGE_SIZE = 25
BOARD_COLUMN_LIMIT = 30


def _listing(request, queryset, form):
    """Filter (when the form has data), paginate, and keep the filters in the page links."""
    if request.GET:
        queryset = form.filter(queryset)
    page, query = paginate(request, queryset, PAGE_SIZE)
    return {"form": form, "page": page, "query": query}


def _form_errors(form):
    errors = []
    for name, field_errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        errors += [f"{label}: {error}" if label else str(error) for error in field_errors]
    return " ".join(errors)


def _attempt(request, action, success, form=None, invalid=None):
    """act() without the redirect, for hiring's pages: the refusal or the success message, then a headcount warning
    (a hire beyond the post's headcount). The service's result, or None when it did not go through."""
    result, error = attempt(action, form=form, invalid=invalid)
    if error is not None:
        messages.error(request, error)
        return None
    messages.success(request, success)
    _warn(request, result)
    return result


def _warn(request, result):
    """A step that went through with a warning (a hire beyond the post's headcount) says so."""
    warning = getattr(result[0] if isinstance(result, tuple) else result, "headcount_warning", "")
    if warning:
        messages.warning(request, warning)


def _submit(request, form, action, success):
    """A form page's POST: validate, call the service with the cleaned data. Returns what the service returned,
    or None after saying what is wrong (then the page shows the form again)."""
    if request.method != "POST":
        return None
    return _attempt(request, lambda data: action(dict(data)), success, form=form,
                    invalid=_("Please correct the errors below."))


def _post_action(request, form, action, success, back):
    """The common shape of a POST-only action: validate, call the service, say what happened, go back."""
    _attempt(request, action, success, form=form, invalid=_form_errors(form))
    return redirect(back)


def _history(obj):
    from audit.models import AuditEntry

    return AuditEntry.objects.for_object(obj).select_related("actor").order_by("pk")


# Headcount requests -------------------------------------------------------------------------------

@require_safe
def headcount_list(request):
    form = HeadcountFilterForm(request.GET or None)
    context = _listing(request, access.visible_headcounts(request.user), form)
    context["can_request"] = can_request_headcount(request.user)
    return render(request, "hiring/headcount_list.html", context)


@require_http_methods(["GET", "POST"])
def headcount_create(request):
    if not can_request_headcount(request.user):
        raise Http404
    form = HeadcountForm(request.POST or None, user=request.user)
    headcount = _submit(request, form, lambda data: services.headcounts.headcount_create(by=request.user, **data),
                        _("The headcount request was sent to 人事科."))
    if headcount:
        return redirect(headcount)
    return render(request, "hiring/headcount_form.html", {"form": form, "headcount": None})


@require_http_methods(["GET", "POST"])
def headcount_edit(request, pk):
    headcount = access.get_headcount_for_user(request.user, pk)
    if headcount.requested_by_id != request.user.pk:
        raise Http404
    if headcount.state() != "returned":
        messages.error(request, _("Only a request returned for changes can be edited."))
        return redirect(headcount)
    form = HeadcountForm(request.POST or None, instance=headcount, user=request.user)

    def change(data):
        headcount.refresh_from_db()  # the form wrote into the instance; the service compares with the row
        return services.headcounts.headcount_update(headcount=headcount, by=request.user, **{name: data[name] for name in (
            "post", "number", "reason", "justification", "job_description")})

    if _submit(request, form, change, _("The request was changed and submitted again.")):
        return redirect(headcount)
    return render(request, "hiring/headcount_form.html", {"form": form, "headcount": headcount})


@require_safe
def headcount_detail(request, pk):
    headcount = access.get_headcount_for_user(request.user, pk)
    context = approval_selectors.panel(headcount.approval, request.user)
    current = context["current"]
    at_meeting = current is not None and services.common.is_final_step(current)
    context.update({
        "headcount": headcount,
        "posting": Posting.objects.filter(headcount_request=headcount).first(),
        "meeting_form": MeetingForm(initial={"meeting_date": timezone.localdate(), "decision": "approve"})
        if at_meeting and context["can_decide"] else None,
        "can_edit": headcount.requested_by_id == request.user.pk and headcount.state() == "returned",
        "staffing": post_staffing(headcount.post),
        "history": _history(headcount),
    })
    return render(request, "hiring/headcount_detail.html", context)


@require_POST
def headcount_meeting(request, pk):
    headcount = access.get_headcount_for_user(request.user, pk)
    if not can_manage_hiring(request.user):
        raise Http404
    return _post_action(
        request, MeetingForm(request.POST),
        lambda data: services.headcounts.headcount_record_meeting(headcount=headcount, by=request.user, **data),
        _("The hospital office meeting's decision was recorded."), headcount)


# Postings ----------------------------------------------------------------------------------------

@require_safe
def posting_list(request):
    form = PostingFilterForm(request.GET or None)
    postings = access.visible_postings(request.user).annotate(
        candidate_count=Count("candidates", distinct=True),
        in_pipeline=Count("candidates", filter=Q(candidates__state__in=Candidate.OPEN_STATES), distinct=True),
        hired=Count("candidates", filter=Q(candidates__state=Candidate.State.ACCEPTED), distinct=True),
    ).order_by("-pk")
    return render(request, "hiring/posting_list.html", _listing(request, postings, form))


@require_safe
def posting_detail(request, pk):
    posting = access.get_posting_for_user(request.user, pk)
    form = CandidateFilterForm(request.GET or None, postings=Posting.objects.filter(pk=posting.pk))
    context = _listing(request, posting.candidates.for_list(), form)
    counts = dict(posting.candidates.values_list("state").annotate(n=Count("pk")))
    context.update({
        "posting": posting,
        "panel": posting.panel.select_related("profile__department"),
        "counts": [(state, label, counts.get(state, 0)) for state, label in Candidate.State.choices],
        "is_hr": can_manage_hiring(request.user),
        "close_form": CloseForm(),
        "history": _history(posting),
    })
    return render(request, "hiring/posting_detail.html", context)


@require_safe
def posting_board(request, pk):
    """The posting's candidates in columns by stage (the last column: everyone who left the pipeline)."""
    posting = access.get_posting_for_user(request.user, pk)
    ranked = posting.candidates.annotate(
        rank=Window(RowNumber(), partition_by=[F("state")], order_by=[F("pk").asc()])).filter(
        rank__lte=BOARD_COLUMN_LIMIT)
    by_state = {}
    for candidate in ranked:
        by_state.setdefault(candidate.state, []).append(candidate)
    counts = dict(posting.candidates.values_list("state").annotate(n=Count("pk")))
    columns = [{"state": state, "label": Candidate.State(state).label, "cards": by_state.get(state, []),
                "count": counts.get(state, 0)} for state in Candidate.PIPELINE]
    closed = [card for state in Candidate.CLOSED_STATES for card in by_state.get(state, [])]
    columns.append({"state": "closed", "label": _("Left the pipeline"), "cards": closed,
                    "count": sum(counts.get(state, 0) for state in Candidate.CLOSED_STATES)})
    return render(request, "hiring/posting_board.html", {
        "posting": posting, "columns": columns, "limit": BOARD_COLUMN_LIMIT, "today": timezone.localdate(),
        "is_hr": can_manage_hiring(request.user),
    })


@require_http_methods(["GET", "POST"])
def posting_edit(request, pk):
    posting = access.get_posting_for_user(request.user, pk)
    if not can_manage_hiring(request.user):
        raise Http404
    form = PostingForm(request.POST or None, instance=posting)

    def change(data):
        posting.refresh_from_db()
        return services.postings.posting_update(posting=posting, by=request.user, panel=list(data["panel"]),
                                       data={name: data[name] for name in form.Meta.fields if name != "panel"})

    if _submit(request, form, change, _("The posting was saved.")):
        return redirect(posting)
    return render(request, "hiring/posting_form.html", {"form": form, "posting": posting})


@require_POST
def posting_publish(request, pk):
    posting = access.get_posting_for_user(request.user, pk)
    if not can_manage_hiring(request.user):
        raise Http404
    _attempt(request, lambda: services.postings.posting_publish(posting=posting, by=request.user),
             _("The posting is published."))
    return redirect(posting)


@require_POST
def posting_close(request, pk):
    posting = access.get_posting_for_user(request.user, pk)
    if not can_manage_hiring(request.user):
        raise Http404
    return _post_action(request, CloseForm(request.POST),
                        lambda data: services.postings.posting_close(posting=posting, by=request.user, **data),
                        _("The posting is closed."), posting)


# Candidates --------------------------------------------------------------------------------------

@require_safe
def candidate_list(request):
    postings = access.visible_postings(request.user)
    form = CandidateFilterForm(request.GET or None, postings=postings)
    return render(request, "hiring/candidate_list.html",
                  _listing(request, access.visible_candidates(request.user), form))


@require_http_methods(["GET", "POST"])
def candidate_create(request, pk):
    posting = access.get_posting_for_user(request.user, pk)
    if not can_manage_hiring(request.user):
        raise Http404
    form = CandidateForm(request.POST or None)
    candidate = _submit(request, form, lambda data: services.candidates.candidate_register(
        posting=posting, by=request.user, data=data), _("The candidate is registered."))
    if candidate:
        return redirect(candidate)
    return render(request, "hiring/candidate_form.html", {"form": form, "posting": posting, "candidate": None})


@require_http_methods(["GET", "POST"])
def candidate_edit(request, pk):
    candidate = access.get_managed_candidate(request.user, pk)
    form = CandidateForm(request.POST or None, instance=candidate)

    def change(data):
        candidate.refresh_from_db()
        return services.candidates.candidate_update(candidate=candidate, by=request.user, data=data)

    if _submit(request, form, change, _("The details were saved.")):
        return redirect(candidate)
    return render(request, "hiring/candidate_form.html",
                  {"form": form, "posting": candidate.posting, "candidate": candidate})


def candidate_detail(request, pk):
    candidate = access.get_candidate_for_user(request.user, pk)
    user = request.user
    is_hr = can_manage_hiring(user)
    on_panel = is_on_panel(user, candidate.posting)
    policy = HiringPolicy.current()
    scores = list(candidate.interview_scores.select_related("member"))
    own_score = next((entry for entry in scores if entry.member_id == user.pk), None)
    state = candidate.state
    State = Candidate.State
    today = timezone.localdate()
    context = {
        "candidate": candidate, "posting": candidate.posting, "policy": policy, "is_hr": is_hr,
        "on_panel": on_panel, "today": today, "age": candidate.age(),
        "problems": services.candidates.eligibility_problems(candidate, policy=policy) if state in Candidate.OPEN_STATES else [],
        "checks": candidate.exclusion_checks.select_related("exclusion", "checked_by"),
        # Until 人事科 concludes the interview a panel member sees only their own score: no anchoring on others'.
        "scores": scores if is_hr or state != State.EXAMINED else [entry for entry in scores if entry == own_score],
        "average": candidate.interview_scores_average() if is_hr or state != State.EXAMINED else None,
        "panel_size": candidate.posting.panel.count(),
        "can_see_files": can_see_candidate_files(user, candidate),
        "attachments": candidate.attachments.select_related("uploaded_by") if on_panel or is_hr else [],
        "onboarding": candidate.onboarding_items.select_related("done_by"),
        "stages": [(s, Candidate.State(s).label) for s in Candidate.PIPELINE],
        "stage_index": candidate.stage_index(),
        "history": _history(candidate),
        "probation": getattr(candidate, "probation", None) if state == State.ACCEPTED else None,
    }
    if is_hr:
        staffing, offered, excess = candidate_excess(candidate)  # 在岗 / 编制 of the post, and why it is full
        context.update({
            "staffing": staffing, "offered_elsewhere": offered,
            "headcount_warning": excess if state in Candidate.OPEN_STATES else "",
            "attachment_form": AttachmentForm(),
            "exam_form": exam_form(initial={"exam_date": today}) if state == State.SCREENED else None,
            "interview_form": InterviewForm(initial={"interview_date": today}) if state == State.EXAMINED else None,
            "medical_form": CheckForm(initial={"checked_on": today}) if state == State.INTERVIEWED else None,
            "background_form": CheckForm(initial={"checked_on": today}) if state == State.MEDICAL_PASSED else None,
            "offer_form": OfferForm() if state == State.BACKGROUND_CHECKED else None,
        })
    if on_panel and state == State.EXAMINED:
        context["score_form"] = score_form(initial={"score": own_score.score, "comments": own_score.comments}
                                          if own_score else None)
    return render(request, "hiring/candidate_detail.html", context)


@require_POST
def attachment_upload(request, pk):
    candidate = access.get_managed_candidate(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    return act(request, candidate, lambda data: services.candidates.attachment_add(
        candidate=candidate, by=request.user, kind=data["kind"], upload=data["file"]), _("The file was stored."),
        form=form, invalid=_form_errors(form))


@require_safe
def attachment_download(request, pk):
    attached = access.get_attachment_for_user(request.user, pk)
    return attachment(attached.file, attached.original_name)


@require_http_methods(["GET", "POST"])
def candidate_screen(request, pk):
    candidate = access.get_managed_candidate(request.user, pk)
    form = screening_form(request.POST or None, candidate=candidate)
    if _submit(request, form, lambda data: services.candidates.candidate_screen(
            candidate=candidate, by=request.user, answers=form.answers()), _("The screening was recorded.")):
        return redirect(candidate)
    return render(request, "hiring/candidate_screen.html", {
        "candidate": candidate, "form": form,
        "problems": services.candidates.eligibility_problems(candidate), "age": candidate.age(),
    })


@require_POST
def onboarding_tick(request, pk):
    item = access.get_onboarding_item_for_user(request.user, pk)
    done = request.POST.get("done") == "1"
    _attempt(request, lambda: services.candidates.onboarding_tick(item=item, by=request.user, done=done),
             _("“%(item)s” is marked received.") % {"item": item.name} if done else
             _("“%(item)s” is marked not received.") % {"item": item.name})
    return redirect(item.candidate)


@require_http_methods(["GET", "POST"])
def candidate_hire(request, pk):
    candidate = access.get_managed_candidate(request.user, pk)
    if candidate.state != Candidate.State.OFFERED:
        messages.error(request, _("Only a candidate who was told the start date can be hired."))
        return redirect(candidate)
    form = HireForm(request.POST or None, candidate=candidate)
    hired = _submit(request, form, lambda data: services.candidates.candidate_hire(candidate=candidate, by=request.user, **data),
                    _("The hire is recorded."))
    if hired:
        user, password = hired
        # Shown once, in this response only: the password is stored nowhere but as a hash.
        return render(request, "hiring/candidate_hired.html", {
            "candidate": candidate, "new_user": user, "password": password, "probation": candidate.probation})
    return render(request, "hiring/candidate_hire.html", {
        "candidate": candidate, "form": form, "missing": services.candidates.missing_onboarding(candidate)})


def _candidate_action(form_factory, service, success, arguments=dict, fetch=access.get_managed_candidate):
    """A POST-only step of the pipeline: the form's data (reshaped by `arguments`) goes to the service."""
    @require_POST
    def view(request, pk):
        candidate = fetch(request.user, pk)
        return _post_action(request, form_factory(request.POST), lambda data: service(
            candidate=candidate, by=request.user, **arguments(data)), success, candidate)
    return view


def _check_arguments(date_name, note_name):
    return lambda data: {date_name: data["checked_on"], "passed": data["result"] == "pass", note_name: data["note"]}


candidate_exam = _candidate_action(exam_form, services.candidates.candidate_record_exam,
                                   gettext_lazy("The written exam was recorded."))
candidate_score = _candidate_action(score_form, services.candidates.interview_score_record,
                                    gettext_lazy("Your interview score was recorded."), fetch=access.get_panel_candidate)
candidate_interview = _candidate_action(InterviewForm, services.candidates.candidate_conclude_interview,
                                        gettext_lazy("The interview result was recorded."))
candidate_medical = _candidate_action(CheckForm, services.candidates.candidate_record_medical,
                                      gettext_lazy("The medical check was recorded."),
                                      arguments=_check_arguments("medical_date", "note"))
candidate_background = _candidate_action(CheckForm, services.candidates.candidate_record_background,
                                         gettext_lazy("The background check was recorded."),
                                         arguments=_check_arguments("checked_on", "findings"))
candidate_offer = _candidate_action(OfferForm, services.candidates.candidate_offer,
                                    gettext_lazy("The start date was recorded as notified."))
candidate_decline = _candidate_action(ReasonForm, services.candidates.candidate_decline,
                                      gettext_lazy("The candidate's decline was recorded."))
candidate_reject = _candidate_action(ReasonForm, services.candidates.candidate_reject, gettext_lazy("The application was closed."))
candidate_dismiss = _candidate_action(ReasonForm, services.candidates.candidate_dismiss_untrue,
                                      gettext_lazy("The hire was dismissed."))


# Probation ---------------------------------------------------------------------------------------

@require_safe
def probation_list(request):
    form = ProbationFilterForm(request.GET or None)
    context = _listing(request, access.visible_probations(request.user), form)
    context.update({
        "today": timezone.localdate(), "policy": HiringPolicy.current(),
        "is_hr": can_manage_hiring(request.user),
    })
    return render(request, "hiring/probation_list.html", context)


@require_http_methods(["GET", "POST"])
def probation_start(request):
    if not can_manage_hiring(request.user):
        raise Http404
    form = ProbationStartForm(request.POST or None, profiles=access.untracked_probationers())
    probation = _submit(request, form, lambda data: services.probations.probation_start(by=request.user, **data),
                        _("The probation is now tracked."))
    if probation:
        return redirect(probation)
    return render(request, "hiring/probation_start.html", {"form": form})


@require_safe
def probation_detail(request, pk):
    probation = access.get_probation_for_user(request.user, pk)
    user = request.user
    today = timezone.localdate()
    policy = HiringPolicy.current()
    assessments = list(probation.assessments.select_related("assessed_by", "approval"))
    pending = next((a for a in assessments if a.is_open()), None)
    incidents = services.probations.probation_incidents(probation, today)
    context = approval_selectors.panel(pending.approval if pending else None, request.user)
    is_hr = can_manage_hiring(user)
    context.update({
        "probation": probation, "profile": probation.profile, "person": probation.profile.user, "today": today,
        "policy": policy, "assessments": assessments, "pending": pending,
        "incidents": incidents, "scorecards": services.probations.probation_scorecards(probation),
        "can_assess": probation.is_active() and pending is None and can_assess_probation(user, probation),
        "can_revise": pending is not None and pending.assessed_by_id == user.pk and pending.state() == "returned",
        "is_hr": is_hr,
        "violation_form": violation_form(incidents=incidents) if is_hr and probation.is_active() else None,
        "dismiss_form": ReasonForm() if is_hr and probation.is_active() and probation.candidate_id else None,
        "assessment_opens_on": probation.ends_on - datetime.timedelta(days=policy.probation_reminder_days),
        "history": _history(probation),
        "access_refusal": services.probations.system_access_refusal(probation.profile.user) if probation.is_active() else None,
    })
    return render(request, "hiring/probation_detail.html", context)


@require_http_methods(["GET", "POST"])
def probation_assess(request, pk):
    probation = access.get_probation_for_user(request.user, pk)
    if not can_assess_probation(request.user, probation):
        raise Http404
    pending = services.probations.open_assessment(probation)
    revising = pending is not None and pending.assessed_by_id == request.user.pk and pending.state() == "returned"
    form = AssessmentForm(request.POST or None, instance=pending if revising else None)

    def send(data):
        if revising:
            pending.refresh_from_db()
            return services.probations.assessment_update(assessment=pending, by=request.user, data=data)
        return services.probations.assessment_submit(probation=probation, by=request.user, data=data)

    if _submit(request, form, send, _("The assessment was sent to 人事科.")):
        return redirect(probation)
    return render(request, "hiring/probation_assess.html", {
        "probation": probation, "form": form, "revising": revising, "pending": pending,
        "incidents": services.probations.probation_incidents(probation), "scorecards": services.probations.probation_scorecards(probation),
        "policy": HiringPolicy.current(),
        "latest_end": services.probations.latest_extension_end(probation, HiringPolicy.current()),
    })


@require_POST
def probation_terminate(request, pk):
    probation = access.get_probation_for_user(request.user, pk)
    if not can_manage_hiring(request.user):
        raise Http404
    form = violation_form(request.POST, incidents=services.probations.probation_incidents(probation))
    # The form's field is the incident; the service takes its id.
    return _post_action(request, form, lambda data: services.probations.probation_terminate_for_violation(
        probation=probation, by=request.user, incident_id=data.pop("incident", None), **data),
        _("The probation was ended."), probation)


def _document(request, pk, exporter_class, stem):
    probation = access.get_probation_for_user(request.user, pk)
    return exporter_class(probation).attachment(f"{stem}-{probation.profile.user.username}")


@require_safe
def probation_agreement(request, pk):
    return _document(request, pk, ProbationAgreement, "probation-agreement")


@require_safe
def probation_notice(request, pk):
    return _document(request, pk, ProbationNotice, "probation-notice")
