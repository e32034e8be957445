"""The annual plan (年度培训计划): drawn up by the head, approved by the authority the chain names (上级部门 — the
request type "training.plan" and its chain rules, seeded as the vice president in charge of IT and editable in
Django admin), versioned — a change after approval is a new revision with its reason, and the old one stays in force
until the new one is approved."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import optional_text, require, required_text
from approvals.models import ApprovalRequest
from approvals.services import request_withdraw, submit_for_approval
from audit.services import audit_record

from .. import rules, selectors
from ..models import AudienceKind, Form, Plan, PlanItem, Requirement
from .common import tell

ITEM_FIELDS = ("title", "content_kind", "description", "form", "requirement", "planned_from", "planned_until",
               "schedule_note", "place", "audience_kind", "trainer", "trainer_name", "planned_hours",
               "is_induction")


def _snapshot(plan):
    return {"title": plan.title, "year": plan.year, "revision": plan.revision, "state": plan.state,
            "items": plan.items.count()}


def _lock(plan):
    return Plan.objects.select_for_update(of=("self",)).select_related("department").get(pk=plan.pk)


def open_revision(department, year):
    """The revision being drawn up or approved (at most one at a time)."""
    return Plan.objects.filter(department=department, year=year, state=Plan.State.DRAFT).first()


def plan_in_force(department, year):
    return Plan.objects.filter(department=department, year=year, state=Plan.State.APPROVED).first()


@transaction.atomic
def plan_create(*, by, department, year, title, goals="", evaluation=""):
    require(rules.can_draw_up_plan(by, department), _("Only the department's head or deputy draws up its plan."))
    today = timezone.localdate()
    require(today.year - 1 <= year <= today.year + 1, _("Plan this year or next year."))
    require(open_revision(department, year) is None,
            _("A plan for %(year)d is already being drawn up or approved.") % {"year": year})
    require(plan_in_force(department, year) is None,
            _("The plan for %(year)d is approved: make a revision of it instead.") % {"year": year})
    revision = (Plan.objects.filter(department=department, year=year).order_by("-revision")
                .values_list("revision", flat=True).first() or 0) + 1
    plan = Plan.objects.create(department=department, year=year, revision=revision, drawn_up_by=by,
                               title=required_text(title, _("Give the plan a title."), limit=200),
                               goals=optional_text(goals), evaluation=optional_text(evaluation))
    audit_record(actor=by, action="training.plan.create", obj=plan, after=_snapshot(plan))
    return plan


@transaction.atomic
def plan_update(*, plan, by, title, goals="", evaluation="", change_reason="", cited_sessions=()):
    plan = _lock(plan)
    require(rules.can_edit_plan(by, plan), _("Only a draft plan is changed, by the department's head or deputy."))
    before = _snapshot(plan)
    plan.title = required_text(title, _("Give the plan a title."), limit=200)
    plan.goals, plan.evaluation = optional_text(goals), optional_text(evaluation)
    plan.change_reason = optional_text(change_reason)
    require(plan.previous_id is None or plan.change_reason, _("Say why the approved plan changes."))
    cited = list(cited_sessions)
    require(all(session.department_id == plan.department_id for session in cited),
            _("Cite sessions of the department only."))
    plan.save()
    plan.cited_sessions.set(cited)
    audit_record(actor=by, action="training.plan.update", obj=plan, before=before,
                 after={**_snapshot(plan), "cited": [session.pk for session in cited]})
    return plan


def _check_item(values, plan):
    require(values.get("form") in Form.values, _("Choose the form of training."))
    require(values.get("requirement") in Requirement.values, _("Choose required or elective."))
    require(values.get("audience_kind") in AudienceKind.values, _("Choose who the training is for."))
    start, end = values.get("planned_from"), values.get("planned_until")
    require(start is not None and end is not None and start <= end, _("The planned period ends before it starts."))
    require(start.year == plan.year and end.year == plan.year,
            _("Plan the item within %(year)d.") % {"year": plan.year})
    hours = values.get("planned_hours")
    require(hours is not None and hours > 0, _("Give the planned hours."))


@transaction.atomic
def plan_item_save(*, plan, by, item=None, posts=(), people=(), departments=(), **values):
    """Add an item to a draft plan, or change one."""
    plan = _lock(plan)
    require(rules.can_edit_plan(by, plan), _("Only a draft plan is changed, by the department's head or deputy."))
    require(item is None or item.plan_id == plan.pk, _("This item belongs to another plan."))
    values["title"] = required_text(values.get("title"), _("Say what the training is about."), limit=200)
    values["description"] = optional_text(values.get("description"))
    values["schedule_note"] = optional_text(values.get("schedule_note"), 100)
    values["place"] = optional_text(values.get("place"), 100)
    values["trainer_name"] = optional_text(values.get("trainer_name"), 100)
    _check_item(values, plan)
    posts, people, departments = list(posts), list(people), list(departments)
    kind = values["audience_kind"]
    require(kind != AudienceKind.POSTS or posts, _("Choose the posts the training is for."))
    require(kind != AudienceKind.PEOPLE or people, _("Choose the people the training is for."))
    require(kind != AudienceKind.HOSPITAL or departments, _("Choose the departments the training is for."))
    created = item is None
    before = {} if created else {name: getattr(item, name) for name in ITEM_FIELDS if name != "trainer"}
    if created:
        item = PlanItem(plan=plan, order=plan.items.count() + 1)
    for name in ITEM_FIELDS:
        setattr(item, name, values.get(name, getattr(item, name)))
    item.save()
    item.audience_posts.set(posts if kind == AudienceKind.POSTS else [])
    item.audience_people.set(people if kind == AudienceKind.PEOPLE else [])
    item.audience_departments.set(departments if kind == AudienceKind.HOSPITAL else [])
    audit_record(actor=by, action="training.plan.item_add" if created else "training.plan.item_change", obj=plan,
                 before=before, after={name: getattr(item, name) for name in ITEM_FIELDS if name != "trainer"})
    return item


@transaction.atomic
def plan_item_remove(*, item, by):
    plan = _lock(item.plan)
    require(rules.can_edit_plan(by, plan), _("Only a draft plan is changed, by the department's head or deputy."))
    audit_record(actor=by, action="training.plan.item_remove", obj=plan, before={"title": item.title,
                                                                                  "hours": item.planned_hours})
    item.delete()
    for order, other in enumerate(plan.items.order_by("order", "pk"), start=1):
        if other.order != order:
            PlanItem.objects.filter(pk=other.pk).update(order=order)


@transaction.atomic
def plan_discard(*, plan, by):
    """A draft that was never submitted is thrown away (nothing of it was decided)."""
    plan = _lock(plan)
    require(rules.can_edit_plan(by, plan), _("Only a draft plan is discarded, by the department's head or deputy."))
    require(plan.submitted_at is None, _("This plan has been submitted: withdraw it instead."))
    audit_record(actor=by, action="training.plan.discard", obj=plan, before=_snapshot(plan))
    plan.items.all().delete()
    plan.delete()


@transaction.atomic
def plan_revise(*, plan, by, reason):
    """A change after approval: a new draft revision with the items copied and the reason; the approved one stays in
    force until the new one is approved."""
    plan = _lock(plan)
    require(rules.can_draw_up_plan(by, plan.department), _("Only the department's head or deputy revises its plan."))
    require(plan.state == Plan.State.APPROVED, _("Only the plan in force is revised."))
    require(open_revision(plan.department, plan.year) is None, _("A revision is already being drawn up."))
    reason = required_text(reason, _("Say why the approved plan changes."))
    revision = Plan.objects.create(
        department=plan.department, year=plan.year, revision=plan.revision + 1, previous=plan, title=plan.title,
        goals=plan.goals, evaluation=plan.evaluation, change_reason=reason, drawn_up_by=by)
    revision.cited_sessions.set(plan.cited_sessions.all())
    for item in plan.items.prefetch_related("audience_posts", "audience_people", "audience_departments"):
        copy = PlanItem.objects.create(plan=revision, origin=item, order=item.order,
                                       **{name: getattr(item, name) for name in ITEM_FIELDS})
        copy.audience_posts.set(item.audience_posts.all())
        copy.audience_people.set(item.audience_people.all())
        copy.audience_departments.set(item.audience_departments.all())
    audit_record(actor=by, action="training.plan.revise", obj=revision,
                 after={**_snapshot(revision), "revises": plan.pk, "reason": reason})
    return revision


# Approval (上级部门批准) ---------------------------------------------------------------------------------------------

@transaction.atomic
def plan_submit(*, plan, by):
    """The head submits the draft (or the corrected plan after a return) to the chain of "training.plan"."""
    plan = _lock(plan)
    require(rules.can_edit_plan(by, plan), _("Only a draft plan is submitted, by the department's head or deputy."))
    require(plan.items.exists(), _("Add the plan's items first."))
    require(plan.previous_id is None or plan.change_reason, _("Say why the approved plan changes."))
    before = _snapshot(plan)
    plan.submitted_at = timezone.now()
    plan.save(update_fields=["submitted_at", "updated_at"])
    submit_for_approval(subject=plan, by=by, action="training.plan.submit", before=before,
                        after={**_snapshot(plan), "hours": plan.planned_hours()}, department=plan.department)
    return plan


@transaction.atomic
def plan_withdraw(*, plan, by):
    """The head takes a submitted plan back (it becomes withdrawn; a new draft can then be drawn up)."""
    plan = _lock(plan)
    require(plan.approval_id is not None and plan.state == Plan.State.DRAFT,
            _("Only a submitted plan that is not decided yet can be withdrawn."))
    request_withdraw(request=plan.approval, by=by)  # the engine's finished hook records the outcome
    plan.refresh_from_db()
    return plan


def plan_decided(plan, *, outcome, by):
    """The `finished` hook: the plan takes the approval's outcome; an approved revision replaces the one in force,
    and the department's staff are told the year's plan."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("department").get(pk=plan.pk)
    if plan.state != Plan.State.DRAFT:
        return
    state = {ApprovalRequest.State.APPROVED: Plan.State.APPROVED, ApprovalRequest.State.REJECTED: Plan.State.REJECTED,
             ApprovalRequest.State.WITHDRAWN: Plan.State.WITHDRAWN}.get(outcome)
    if state is None:
        return
    before = _snapshot(plan)
    if state == Plan.State.APPROVED:
        replaced = Plan.objects.select_for_update().filter(department=plan.department, year=plan.year,
                                                            state=Plan.State.APPROVED).exclude(pk=plan.pk)
        for old in replaced:
            old.state = Plan.State.SUPERSEDED
            old.save(update_fields=["state", "updated_at"])
            audit_record(actor=by, action="training.plan.superseded", obj=old, before={"state": "approved"},
                         after={"state": old.state, "by_revision": plan.revision})
        plan.approved_at = timezone.now()
    plan.state = state
    plan.save(update_fields=["state", "approved_at", "updated_at"])
    audit_record(actor=by, action=f"training.plan.{state}", obj=plan, before=before, after=_snapshot(plan))
    if state == Plan.State.APPROVED:
        members = selectors.active_people().filter(profile__department=plan.department)
        tell(members, subject=_("The %(year)d training plan is in force: %(title)s") % {
            "year": plan.year, "title": plan.title}, url=plan.get_absolute_url(), skip=plan.drawn_up_by)
