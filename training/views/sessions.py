from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from core.errors import ServiceError
from core.paging import paginate
from core.uploads import attachment
from core.views import act, attempt, form_act

from .. import access, rules, selectors, signin
from ..forms import (InviteForm, MarkForm, MaterialForm, NewSessionForm, ReasonForm, SessionFilterForm, SessionForm,
                     SurveyForm)
from ..models import Attendance, Plan, PlanItem, Session, SurveyResponse, TrainingPolicy
from ..pdf import signin_sheet
from ..services import sessions as services
from .common import int_or_404


@require_safe
def session_list(request):
    user = request.user
    form = SessionFilterForm(request.GET or None)
    page, query = paginate(request, form.filter(selectors.visible_sessions(user), timezone.now()))
    counts = {row["session_id"]: row for row in Attendance.objects.filter(session__in=[s.pk for s in page.object_list])
              .values("session_id").annotate(listed=Count("pk"), attended=Count("pk", filter=Q(
                  status__in=Attendance.ATTENDED)))}
    for session in page.object_list:  # counted for the page only
        session.listed = counts.get(session.pk, {}).get("listed", 0)
        session.attended = counts.get(session.pk, {}).get("attended", 0)
    department = getattr(getattr(user, "profile", None), "department", None)
    return render(request, "training/session_list.html", {
        "page": page, "query": query, "form": form,
        "can_schedule": department is not None and rules.can_schedule_session(user, department),
        "mine": set(Attendance.objects.filter(person=user, session__in=[s.pk for s in page.object_list])
                    .values_list("session_id", flat=True)),
    })


@require_http_methods(["GET", "POST"])
def session_new(request):
    user = request.user
    item = None
    if request.GET.get("item"):
        item = get_object_or_404(PlanItem.objects.select_related("plan__department"),
                                 pk=int_or_404(request.GET["item"]), plan__state=Plan.State.APPROVED)
        department = item.plan.department
    else:
        department = getattr(getattr(user, "profile", None), "department", None)
    if department is None or not rules.can_schedule_session(user, department):
        raise Http404
    form = NewSessionForm(request.POST or None, department=department, item=item)
    return act(request, lambda session: session, lambda _data: services.session_schedule(
        by=user, department=department, plan_item=item, people=form.people(), **form.service_arguments()),
        _("The session was scheduled and the people on the list were told."), form=form,
        template="training/session_form.html", context={"item": item, "department": department})


@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = access.get_session_to_manage(request.user, pk)
    if not session.is_scheduled():
        messages.error(request, _("Only a scheduled session can be changed."))
        return redirect(session)
    form = SessionForm(request.POST or None, department=session.department,
                       initial=SessionForm.initial_from(session))
    return act(request, session, lambda _data: services.session_update(session=session, by=request.user,
                                                                       **form.service_arguments()),
               _("The session was saved."), form=form, template="training/session_form.html",
               context={"session": session, "department": session.department})


def _sheet(session):
    return session.attendance.select_related("person__profile__department", "recorded_by").order_by("person__username")


@require_safe
def session_detail(request, pk):
    user = request.user
    session, own = access.get_session_for_user(user, pk)
    policy = TrainingPolicy.current()
    sees_sheet = rules.can_view_attendance_sheet(user, session)
    can_manage = rules.can_manage_session(user, session)
    now = timezone.now()
    answered = own is not None and SurveyResponse.objects.filter(session=session, person=user).exists()
    page, query = paginate(request, _sheet(session), 100) if sees_sheet else (None, "")
    return render(request, "training/session_detail.html", {
        "session": session, "own": own, "policy": policy, "page": page, "query": query,
        "rows": page.object_list if page is not None else [],
        "sees_sheet": sees_sheet, "can_manage": can_manage,
        "materials": session.materials.select_related("uploaded_by"),
        "can_add_material": sees_sheet and not session.is_cancelled(),
        "survey": selectors.survey_summary(session) if sees_sheet else None,
        "survey_open": own is not None and own.attended() and not answered and session.has_ended(now)
        and now <= services.survey_window(session, policy)[1],
        "answered": answered,
        "signin_open": session.signin_is_open(policy, now),
        "invite_form": InviteForm() if can_manage and session.is_scheduled() else None,
        "material_form": MaterialForm(),
        "statuses": [choice for choice in Attendance.Status.choices if choice[0] != Attendance.Status.EXPECTED],
        "exams": session.exams.all() if sees_sheet else [],
        "now": now,
    })


@require_POST
def session_invite(request, pk):
    session = access.get_session_to_manage(request.user, pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose who to add."))
        return redirect(session)
    return act(request, session, lambda: services.session_invite(session=session, by=request.user,
                                                                 people=form.cleaned_data["people"]),
               lambda added: _("%(count)d people were added to the list.") % {"count": len(added)})


@require_POST
def session_cancel(request, pk):
    session = access.get_session_to_manage(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a reason."))
        return redirect(session)
    return act(request, session, lambda: services.session_cancel(session=session, by=request.user,
                                                                 reason=form.cleaned_data["reason"]),
               _("The session was cancelled and the people on the list were told."))


@require_POST
def session_close(request, pk):
    session = access.get_session_to_manage(request.user, pk)
    return act(request, session, lambda: services.session_close(session=session, by=request.user),
               _("The attendance was closed; the attendees were asked for the survey."))


@require_POST
def attendance_mark(request, pk):
    """Tick one row of the sheet (htmx: the row is replaced in place)."""
    session = access.get_session_to_manage(request.user, pk)
    form = MarkForm(request.POST)
    error, row = None, None
    if not form.is_valid():
        error = _("Choose present, late, absent or excused.")
    else:
        person = get_object_or_404(Attendance.objects.select_related("person"), session=session,
                                   person_id=form.cleaned_data["person"]).person
        row, error = attempt(lambda data: services.attendance_mark(session=session, person=person, by=request.user,
                                                                   status=data["status"], note=data["note"]), form=form)
    if request.htmx and form.is_valid():
        row = Attendance.objects.select_related("person__profile__department", "recorded_by").get(
            session=session, person_id=form.cleaned_data["person"])
        return render(request, "training/_attendance_row.html", {
            "row": row, "session": session, "can_manage": True, "error": error, "saved": error is None,
            "statuses": [c for c in Attendance.Status.choices if c[0] != Attendance.Status.EXPECTED]})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("%(name)s: %(status)s") % {"name": row.person.display_name,
                                                                "status": row.get_status_display()})
    return redirect(session)


# The QR code in the room ------------------------------------------------------------------------------------------

@require_safe
def session_screen(request, pk):
    """The page shown on the room's screen: the QR code (fresh every minute) and who has signed in."""
    session = access.get_session_to_manage(request.user, pk)
    return render(request, "training/session_screen.html", {
        "session": session, "policy": TrainingPolicy.current(), **_code_context(request, session)})


def _code_context(request, session):
    token = signin.make_token(session)
    return {"token": token, "link": request.build_absolute_uri(reverse("training:signin", args=[token])),
            "signed_in": session.attendance.filter(status__in=Attendance.ATTENDED).count(),
            "listed": session.attendance.count(),
            "signin_open": session.signin_is_open(TrainingPolicy.current())}


@require_safe
@never_cache
def session_code(request, pk):
    """The screen's refreshing part (htmx, every minute): a new code and the count of people signed in."""
    session = access.get_session_to_manage(request.user, pk)
    return render(request, "training/_session_code.html", {"session": session, **_code_context(request, session)})


@never_cache
@require_GET
def session_qr_image(request, pk):
    """The QR code as SVG, for the token the screen was given (checked, so the image cannot be had for another)."""
    session = access.get_session_to_manage(request.user, pk)
    token = request.GET.get("token", "")
    try:
        session_id, key = signin.read_token(token, TrainingPolicy.current().qr_valid_seconds)
    except signin.InvalidToken:
        raise Http404 from None
    if session_id != session.pk or key != session.signin_key:
        raise Http404
    link = request.build_absolute_uri(reverse("training:signin", args=[token]))
    return HttpResponse(signin.qr_svg(link), content_type="image/svg+xml")


@never_cache
@require_http_methods(["GET", "POST"])
def signin_view(request, token):
    """The link in the QR code: the person confirms with one tap (a GET never signs anyone in)."""
    policy = TrainingPolicy.current()
    session, problem = None, None
    try:
        session_id, key = signin.read_token(token, policy.qr_valid_seconds)
    except signin.InvalidToken as invalid:
        problem = (_("This code has expired: scan the code on the screen again.") if str(invalid) == "expired"
                   else _("This link is not a valid sign-in code."))
    else:
        session = Session.objects.select_related("organiser").filter(pk=session_id).first()
        if session is None or session.signin_key != key:
            problem, session = _("This code is no longer valid: the sign-in of this session is closed."), None
    if session is not None and request.method == "POST":
        try:
            row, signed_now = services.attendance_sign_in(session=session, person=request.user)
        except ServiceError as refused:
            problem = refused.message
        else:
            if signed_now:
                messages.success(request, _("Signed in at %(time)s: %(status)s.") % {
                    "time": timezone.localtime(row.signed_in_at).strftime("%H:%M"),
                    "status": row.get_status_display()})
            else:
                messages.info(request, _("You signed in at %(time)s already.") % {
                    "time": timezone.localtime(row.signed_in_at).strftime("%H:%M")})
            return redirect(session)
    own = (Attendance.objects.filter(session=session, person=request.user).first()
           if session is not None else None)
    return render(request, "training/signin.html", {"session": session, "problem": problem, "token": token,
                                                    "own": own})


# Materials, the sheet, the survey ---------------------------------------------------------------------------------

@require_POST
def material_upload(request, pk):
    session, _own = access.get_session_for_user(request.user, pk)
    form = MaterialForm(request.POST, request.FILES)
    return form_act(request, session, form, lambda data: services.material_add(session=session, by=request.user,
                                                                               upload=data["file"]),
               _("The file was added."))


@require_safe
def material_download(request, pk):
    material = access.get_material_for_user(request.user, pk)
    return attachment(material.file, material.name)


@require_POST
def material_remove(request, pk):
    material = access.get_material_for_user(request.user, pk)
    session = material.session
    return act(request, session, lambda: services.material_remove(material=material, by=request.user),
               _("The file was removed."))


@require_safe
def session_sheet(request, pk):
    """培训签到表: the printable attendance sheet with a signature column (PDF)."""
    session, _own = access.get_session_for_user(request.user, pk)
    if not rules.can_view_attendance_sheet(request.user, session):
        raise Http404
    content = signin_sheet(session, list(_sheet(session)))
    local = timezone.localtime(session.starts_at)
    return attachment(content, f"培训签到表-{local:%Y%m%d}-{session.title[:30]}.pdf")


@require_http_methods(["GET", "POST"])
def survey(request, pk):
    """满意度调查: attendees only."""
    session, own = access.get_session_for_user(request.user, pk)
    if own is None or not own.attended():
        raise Http404
    form = SurveyForm(request.POST or None)
    answered = SurveyResponse.objects.filter(session=session, person=request.user).exists()
    return act(request, session, lambda data: services.survey_answer(
        session=session, person=request.user, overall=data["overall"], content=data["content"],
        trainer=data["trainer"], comment=data["comment"]), _("Thank you: your answers were recorded."),
        form=form, template="training/survey.html", context={"session": session, "answered": answered})

