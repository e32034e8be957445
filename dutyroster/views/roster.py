"""The month roster: the department's months, the people × days grid with htmx cell editing, drafting from the
rotations, publishing, the exports for the duty-room wall, fairness figures and the rotations themselves."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import trigger_client_event

from core.errors import ServiceError
from core.views import act, form_errors
from staff.models import Department

from .. import access, rules, selectors
from ..exporters import RosterPdf, RosterXlsx
from ..forms import CellForm, MemberFormSet, OpenRosterForm, ReassignForm, RotationForm, parse_month
from ..models import AssignmentChange, Roster, Rotation, next_month, previous_month
from ..services import roster as services
from .common import date_or_404, int_or_404, month_or_404, this_month


def _department(request, departments, preferred=()):
    """The department asked for (?department=code) among those allowed, else the first preferred one, else the
    first. Someone else's department is not found."""
    departments = list(departments)
    wanted = request.GET.get("department", "")
    for department in departments:
        if department.code == wanted:
            return department, departments
    if wanted or not departments:
        raise Http404
    preferred = set(preferred)
    return next((d for d in departments if d.pk in preferred), departments[0]), departments


@require_safe
def rosters(request):
    """The department's months: published ones for everyone, drafts too for the head; open a month to plan."""
    user = request.user
    planned = selectors.duty_departments(user)
    led = set(planned.values_list("pk", flat=True))
    own = getattr(getattr(user, "profile", None), "department_id", None)
    department, departments = _department(request, Department.objects.filter(
        is_active=True, pk__in=led | _departments_with_rosters() | {own}), preferred=[*led, own])
    can_plan = rules.can_plan_roster(user, department)
    months = Roster.objects.filter(department=department).select_related("department").order_by("-month")
    if not can_plan:
        months = months.filter(state=Roster.State.PUBLISHED)
    current = this_month()
    return render(request, "dutyroster/rosters.html", {
        "department": department, "departments": departments, "months": months[:36], "can_plan": can_plan,
        "open_form": OpenRosterForm(departments=planned, initial={
            "department": department if can_plan else None, "month": f"{next_month(current):%Y-%m}"})
        if planned.exists() else None,
        "current": current,
    })


def _departments_with_rosters():
    return set(Roster.objects.filter(state=Roster.State.PUBLISHED).values_list("department_id", flat=True))


@require_POST
def roster_open(request):
    planned = selectors.duty_departments(request.user)
    if not planned.exists():
        raise Http404
    form = OpenRosterForm(request.POST, departments=planned)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("duty:rosters")
    try:
        roster = services.roster_open(department=form.cleaned_data["department"], month=form.cleaned_data["month"],
                                      by=request.user)
    except ServiceError as refused:
        messages.error(request, refused.message)
        return redirect("duty:rosters")
    return redirect(roster)


@require_safe
def roster(request, department, month):
    month = month_or_404(month)
    roster = Roster.objects.filter(department__code=department, month=month).select_related(
        "department__head", "department__deputy", "published_by").first()
    department = roster.department if roster is not None else get_object_or_404(Department, code=department)
    can_plan = rules.can_plan_roster(request.user, department)
    if roster is None or not rules.can_view_roster(request.user, roster):
        if not can_plan:
            raise Http404
        return render(request, "dutyroster/roster_missing.html", {
            "department": department, "month": month,
            "open_form": OpenRosterForm(departments=selectors.duty_departments(request.user),
                                        initial={"department": department, "month": f"{month:%Y-%m}"})})
    changes = list(AssignmentChange.objects.filter(roster=roster).select_related(
        "duty_type", "person_before", "person_after", "by")) if roster.is_published() else []
    template = "dutyroster/roster.html"
    if request.htmx and request.GET.get("part") == "status":  # after a change in the cell editor
        template = "dutyroster/_roster_status.html"
    return render(request, template, {
        "roster": roster, "grid": selectors.roster_grid(roster, changes=changes), "can_plan": can_plan,
        "cell_base": cell_base(roster),
        "previous": previous_month(month), "following": next_month(month),
        "rotations": Rotation.objects.filter(department=department, is_active=True).select_related("duty_type")
        if can_plan else [],
        "changes": changes[:50],
    })


def cell_base(roster):
    """The cells' address up to the person (“/duty/rosters/5/cells/”): 1,500 cells are not reversed one by one."""
    return reverse("duty:cell", args=[roster.pk, 1, "2000-01-01"]).removesuffix("1/2000-01-01/")


def _cell_context(roster, person, day, also=None, **extra):
    """The cell editor, and what the grid redraws out of band after a change: the cell (and the other person's, after
    a reassignment), their rows' totals and the coverage footer."""
    cell = selectors.cell_entries(roster, person, day)
    if also is not None:
        extra["also"] = selectors.cell_entries(roster, also, day)
    if extra.get("saved"):
        extra["totals"] = selectors.row_totals(roster, [person] + ([also] if also is not None else []))
        extra["coverage"] = selectors.grid_coverage(roster)
        extra["legend_types"] = [duty_type for duty_type, _counts in extra["coverage"]]
    entries = []
    for assignment, conflicts in cell.entries:
        people = selectors.eligible_people(roster, assignment.duty_type, day, exclude={person.pk})
        entries.append((assignment, conflicts, ReassignForm(people=people, prefix=f"a{assignment.pk}")))
    current = [assignment.duty_type_id for assignment, _c in cell.entries]
    return {"roster": roster, "person": person, "day": day, "cell": cell, "entries": entries, "can_plan": True,
            "cell_base": cell_base(roster),
            "form": extra.pop("form", None) or CellForm(initial={"duty_types": current}), **extra}


def _grid_changed(response, changed):
    """Tell the page the grid changed: its conflicts and Publish button refresh themselves (_roster_status.html)."""
    if changed:
        trigger_client_event(response, "duty-grid-changed")
    return response


@require_http_methods(["GET", "POST"])
def cell(request, pk, person, day):
    """The head's editor of one cell (htmx: the panel beside the grid; without JS: a page of its own)."""
    roster = access.get_roster_for_user(request.user, pk, plan=True)
    person = get_object_or_404(selectors.department_people(roster.department).model, pk=int_or_404(person))
    if not (rules.member_of(person, roster.department) or roster.assignments.filter(person=person).exists()):
        raise Http404
    day = date_or_404(day)
    if not roster.month <= day < next_month(roster.month):
        raise Http404
    saved, error, form = False, None, None
    if request.method == "POST":
        form = CellForm(request.POST)
        if form.is_valid():
            try:
                services.cell_set(roster=roster, person=person, day=day, duty_types=form.cleaned_data["duty_types"],
                                  by=request.user, reason=form.cleaned_data["reason"])
            except ServiceError as refused:
                error = refused.message
            else:
                saved, form = True, None
        else:
            error = form_errors(form)
        if not request.htmx:
            if error:
                messages.error(request, error)
            else:
                messages.success(request, _("Saved."))
            return redirect(roster)
    context = _cell_context(roster, person, day, form=form if error else None, saved=saved, error=error)
    template = "dutyroster/_cell_editor.html" if request.htmx else "dutyroster/cell.html"
    return _grid_changed(render(request, template, context), saved)


@require_POST
def reassign(request, pk):
    assignment = access.get_assignment_for_user(request.user, pk)
    roster = access.get_roster_for_user(request.user, assignment.roster_id, plan=True)
    people = selectors.department_people(roster.department).exclude(pk=assignment.person_id)
    form = ReassignForm(request.POST, people=people, prefix=f"a{assignment.pk}")
    error, previous = None, assignment.person
    if form.is_valid():
        try:
            services.assignment_reassign(assignment=assignment, person=form.cleaned_data["person"], by=request.user,
                                         reason=form.cleaned_data["reason"])
        except ServiceError as refused:
            error = refused.message
    else:
        error = form_errors(form)
    if request.htmx:
        context = _cell_context(roster, previous, assignment.day, saved=error is None, error=error,
                                also=form.cleaned_data["person"] if error is None else None)
        return _grid_changed(render(request, "dutyroster/_cell_editor.html", context), error is None)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The duty was given to %(name)s.") % {
            "name": form.cleaned_data["person"].display_name})
    return redirect(roster)


@require_POST
def roster_draft(request, pk):
    roster = access.get_roster_for_user(request.user, pk, plan=True)
    return act(request, roster, lambda: services.roster_draft(roster=roster, by=request.user), _draft_message)


def _draft_message(draft):
    if draft.conflicts:
        message = _("Drafted %(duties)d duties from the rotations; %(conflicts)d conflicts to fix.") % {
            "duties": draft.duties, "conflicts": draft.conflicts}
    else:
        message = _("Drafted %(duties)d duties from the rotations, without conflicts.") % {"duties": draft.duties}
    if draft.unknown_year:
        message += " " + _("The holiday notice of %(year)d is not loaded yet: working days were counted provisionally "
                           "(statutory holidays, without the adjusted weekends). Check those days once it is "
                           "loaded.") % {"year": draft.unknown_year}
    return message


@require_POST
def roster_publish(request, pk):
    roster = access.get_roster_for_user(request.user, pk, plan=True)
    return act(request, roster, lambda: services.roster_publish(roster=roster, by=request.user),
               _("The roster was published; everyone on it was told their duties."))




@require_safe
def roster_xlsx(request, pk):
    roster = access.get_roster_for_user(request.user, pk)
    return RosterXlsx(roster).attachment(f"duty-{roster.department.code}-{roster.month:%Y-%m}")


@require_safe
def roster_pdf(request, pk):
    roster = access.get_roster_for_user(request.user, pk)
    return RosterPdf(roster).attachment(f"duty-{roster.department.code}-{roster.month:%Y-%m}")


@require_safe
def fairness(request):
    user = request.user
    department, departments = _department(request, selectors.roster_departments(user),
                                          preferred=selectors.duty_departments(user).values_list("pk", flat=True))
    if not rules.can_see_fairness(user, department):
        raise Http404
    try:
        month = parse_month(request.GET["month"]) if request.GET.get("month") else this_month()
    except Exception:  # noqa: BLE001 (a malformed month shows this month)
        month = this_month()
    rows, unknown = selectors.fairness(department, month)
    return render(request, "dutyroster/fairness.html", {
        "department": department, "departments": departments, "month": month, "rows": rows,
        "unknown_year": unknown, "previous": previous_month(month), "following": next_month(month),
    })


# Rotations ---------------------------------------------------------------------------------------------------------

@require_safe
def rotations(request):
    department, departments = _department(request, selectors.duty_departments(request.user))
    items = (Rotation.objects.filter(department=department).select_related("duty_type")
             .prefetch_related("members__person").order_by("-is_active", "duty_type__sort_order", "name"))
    return render(request, "dutyroster/rotations.html", {"department": department, "departments": departments,
                                                         "rotations": items})


def _rotation_form(request, department, rotation):
    people = selectors.department_people(department)
    members = [{"person": member.person} for member in rotation.members.select_related("person")] \
        if rotation.pk else []
    initial_rows = max(len(members) + 3, 8)
    form = RotationForm(request.POST or None, instance=rotation)
    formset = MemberFormSet(request.POST or None, initial=members + [{}] * (initial_rows - len(members)),
                            form_kwargs={"people": people}, prefix="members")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rotation = form.save(commit=False)
        rotation.department = department
        try:
            services.rotation_save(rotation=rotation, members=formset.members(), by=request.user)
        except ServiceError as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The rotation was saved."))
            return redirect(f"{reverse('duty:rotations')}?department={department.code}")
    return render(request, "dutyroster/rotation_form.html", {"form": form, "formset": formset,
                                                             "department": department, "rotation": rotation})


@require_http_methods(["GET", "POST"])
def rotation_new(request):
    department, _departments = _department(request, selectors.duty_departments(request.user))
    return _rotation_form(request, department, Rotation(department=department, anchor_on=this_month()))


@require_http_methods(["GET", "POST"])
def rotation_edit(request, pk):
    rotation = get_object_or_404(Rotation.objects.select_related("department", "duty_type"), pk=int_or_404(pk))
    if not rules.can_plan_roster(request.user, rotation.department):
        raise Http404
    return _rotation_form(request, rotation.department, rotation)

