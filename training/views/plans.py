from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from approvals.models import ApprovalRequest
from approvals import selectors as approval_selectors
from approvals.rules import can_view_any_request
from core.paging import paginate
from core.roles import is_hr
from core.views import act

from .. import access, rules, selectors
from ..exporters import PlanExporter
from ..forms import PlanCreateForm, PlanForm, PlanItemForm, ReviseForm
from ..models import Plan
from ..services import plans as services


@require_safe
def plan_list(request):
    """The plans the person may open: their department's plans in force, and every revision for its leaders."""
    user = request.user
    led = selectors.led_departments(user)
    department_id = getattr(getattr(user, "profile", None), "department_id", None)
    plans = Plan.objects.for_list().annotate(item_count=Count("items"), hours=Sum("items__planned_hours"))
    visible = Q(department__in=led)
    if department_id:
        visible |= Q(department_id=department_id, state__in=[Plan.State.APPROVED, Plan.State.SUPERSEDED])
    if is_hr(user) or can_view_any_request(user):
        visible |= Q(state__in=[Plan.State.APPROVED, Plan.State.SUPERSEDED])
    if can_view_any_request(user):
        visible |= Q(state=Plan.State.DRAFT, approval__state__in=ApprovalRequest.OPEN_STATES)
    plans = plans.select_related("approval").filter(visible).order_by("-year", "department__sort_order", "-revision")
    page, query = paginate(request, plans)
    return render(request, "training/plan_list.html", {
        "page": page, "query": query,
        "can_draw_up": led.exists(),
    })


@require_http_methods(["GET", "POST"])
def plan_new(request):
    user = request.user
    departments = list(selectors.led_departments(user))
    if not departments:
        raise Http404
    department = departments[0]
    if request.GET.get("department") or request.POST.get("department"):
        wanted = request.POST.get("department") or request.GET.get("department")
        department = next((d for d in departments if str(d.pk) == wanted), department)
    year = timezone.localdate().year
    form = PlanCreateForm(request.POST or None, initial={
        "year": year, "title": _("%(year)d annual training plan of %(department)s") % {
            "year": year, "department": department.name}})
    return act(request, lambda plan: plan, lambda data: services.plan_create(by=user, department=department, **data),
               _("The plan was created as a draft; add its items."), form=form, template="training/plan_new.html",
               context={"department": department, "departments": departments})


@require_safe
def plan_detail(request, pk):
    plan = access.get_plan_for_user(request.user, pk)
    items = plan.items.select_related("trainer").prefetch_related("audience_posts", "audience_departments",
                                                                   "audience_people")
    cited = [(session, selectors.survey_summary(session)) for session in plan.cited_sessions.all()[:20]]
    approval = plan.approval if plan.approval_id else None
    return render(request, "training/plan_detail.html", {
        **approval_selectors.panel(approval, request.user), "plan": plan, "items": items, "cited": cited,
        "can_edit": rules.can_edit_plan(request.user, plan),
        "can_withdraw": approval is not None and plan.state == Plan.State.DRAFT and approval.is_open()
        and approval.applicant_id == request.user.pk,
        "can_revise": plan.is_in_force() and rules.can_draw_up_plan(request.user, plan.department)
        and services.open_revision(plan.department, plan.year) is None,
        "revise_form": ReviseForm(),
        "total_hours": sum((item.planned_hours for item in items), 0),
        "revisions": Plan.objects.filter(department=plan.department, year=plan.year).exclude(pk=plan.pk)
        .order_by("-revision") if rules.runs_training(request.user, plan.department) else [],
    })


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = access.get_plan_for_user(request.user, pk)
    if not rules.can_edit_plan(request.user, plan):
        messages.error(request, _("Only a draft plan is changed, by the department's head or deputy."))
        return redirect(plan)
    return act(request, plan, lambda data: services.plan_update(
        plan=plan, by=request.user, title=data["title"], goals=data["goals"], evaluation=data["evaluation"],
        change_reason=data.get("change_reason", ""), cited_sessions=data["cited_sessions"]), _("The plan was saved."),
        form=PlanForm(request.POST or None, instance=plan, department=plan.department),
        template="training/plan_form.html", context={"plan": plan})


@require_http_methods(["GET", "POST"])
def plan_item_new(request, pk):
    plan = access.get_plan_for_user(request.user, pk)
    if not rules.can_edit_plan(request.user, plan):
        raise Http404
    return _item_form(request, plan, None)


@require_http_methods(["GET", "POST"])
def plan_item_edit(request, pk):
    item = access.get_plan_item_for_editor(request.user, pk)
    return _item_form(request, item.plan, item)


def _item_form(request, plan, item):
    form = PlanItemForm(request.POST or None, instance=item, plan=plan)
    return act(request, plan, lambda _data: services.plan_item_save(plan=plan, by=request.user, item=item,
                                                                    **form.service_arguments()),
               _("The item was saved."), form=form, template="training/plan_item_form.html",
               context={"plan": plan, "item": item})


@require_POST
def plan_item_remove(request, pk):
    item = access.get_plan_item_for_editor(request.user, pk)
    plan = item.plan
    return act(request, plan, lambda: services.plan_item_remove(item=item, by=request.user),
               _("The item was removed."))


@require_POST
def plan_discard(request, pk):
    plan = access.get_plan_for_user(request.user, pk)
    # A refusal goes back to the plan; a discarded draft is gone, so to the list.
    return act(request, lambda discarded: plan if discarded is None else "training:plan_list",
               lambda: services.plan_discard(plan=plan, by=request.user) or True, _("The draft was discarded."))


@require_POST
def plan_submit(request, pk):
    plan = access.get_plan_for_user(request.user, pk)
    return act(request, plan, lambda: services.plan_submit(plan=plan, by=request.user),
               _("The plan was submitted for approval."))


@require_POST
def plan_withdraw(request, pk):
    plan = access.get_plan_for_user(request.user, pk)
    return act(request, plan, lambda: services.plan_withdraw(plan=plan, by=request.user),
               _("The plan was withdrawn."))


@require_POST
def plan_revise(request, pk):
    plan = access.get_plan_for_user(request.user, pk)
    return act(request, lambda revision: revision or plan,
               lambda data: services.plan_revise(plan=plan, by=request.user, reason=data["reason"]),
               lambda revision: _("Revision %(number)d was drawn up from the plan in force; change it and submit it.")
               % {"number": revision.revision}, form=ReviseForm(request.POST),
               invalid=_("Say why the approved plan changes."))


@require_safe
def plan_export(request, pk):
    plan = access.get_plan_for_user(request.user, pk)
    exporter = PlanExporter(plan)
    return exporter.attachment(f"{plan.year}年度培训计划-{plan.department.name}-第{plan.revision}版")

