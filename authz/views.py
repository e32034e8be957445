"""Pages of the authorization domain. Thin: fetch through access helpers, validate with a form, call a service."""

from django.contrib import messages
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST, require_http_methods, require_safe

from approvals import selectors as approval_selectors, services as approval_services
from approvals.executors import execute_refusal
from approvals.models import ApprovalRequest, ChainRule
from core.errors import ServiceError
from core.links import RowLink
from core.paging import paginate, paginate_capped, paginate_ids
from core.uploads import attachment
from core.views import act, attempt, form_act
from staff.rules import is_department_leader, is_it_staff

from . import access, gates, selectors, services
from .certificates import certificate_pdf
from .consent import consent_pdf
from .exporters import GrantExporter
from .forms import (
    AccountExecuteForm,
    AccountRequestFilterForm,
    AccountRequestForm,
    ChangeCloseForm,
    ExternalAccessForm,
    GrantFilterForm,
    KeyActivityExecuteForm,
    KeyActivityForm,
    PrivilegedChangeForm,
    ReviewDecisionForm,
    RevocationForm,
    SubjectFilterForm,
)
from .models import (
    AccessReviewItem,
    AccountRequest,
    AuthzPolicy,
    ExternalAccess,
    Grant,
    InformationSystem,
    PermissionSet,
    PrivilegedChange,
)
from .rules import can_review_access, can_view_all_grants, may_carry_out_approved

PAGE_SIZE = 25
REGISTER_PAGE_SIZE = 50


def _with_waiting_steps(page):
    """Give each request of a page the step it waits at (one query for the page)."""
    steps = selectors.current_steps([subject.approval for subject in page.object_list])
    for subject in page.object_list:
        subject.waiting_step = steps.get(subject.approval_id)
    return page


def _approval_context(request, subject):
    """The approval side of a detail page: chain, current step, what this person may do, the timeline."""
    context = approval_selectors.panel(subject.approval, request.user)
    acts, current = context["can_decide"], context["current"]
    is_applicant = subject.applicant_id == request.user.pk
    return {
        **context,
        "subject": subject,
        "can_decide": acts and current.kind == ChainRule.Kind.APPROVE,  # IT carries out an EXECUTE step here
        "can_execute_step": acts and current.kind == ChainRule.Kind.EXECUTE,
        "can_edit": is_applicant and subject.is_editable(),
        "can_submit": is_applicant and subject.is_editable(),
        "can_withdraw": is_applicant and subject.approval.is_undecided(),
        "timeline": selectors.timeline(subject),  # the subject's own entries beside the request's
    }


def _saved(request, subject, created):
    """After a draft is saved: submit it when the person pressed "submit"."""
    if request.POST.get("action") != "submit":
        messages.success(request, _("Saved as a draft. Submit it when it is complete.") if created
                         else _("Your changes were saved."))
        return redirect(subject)
    try:
        services.subject_submit(subject=subject, by=request.user)
    except ServiceError as refused:
        messages.error(request, _("Saved as a draft, but not submitted: %(reason)s") % {"reason": refused.message})
    else:
        messages.success(request, _("Submitted. You will be told of each decision."))
    return redirect(subject)


def _form_page(request, form, template, save, subject=None, **context):
    """A request's form: a valid POST goes to `save(form)` (a service) and, when asked, is submitted."""
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = save(form)
            except ServiceError as refused:
                messages.error(request, refused.message)
            else:
                return _saved(request, saved, created=subject is None)
        else:
            messages.error(request, _("Please correct the errors below."))
    return render(request, template, {"form": form, "subject": subject, **context})


def _frozen(request, subject):
    """Only the applicant edits (others: 404), and only a draft or a returned request (else: back, with why)."""
    if subject.applicant_id != request.user.pk:
        raise Http404
    if subject.is_editable():
        return None
    messages.error(request, _("This request has been submitted: its content can no longer change."))
    return redirect(subject)


def _model_fields(form):
    return {name: form.cleaned_data[name] for name in form.fields}


# The catalogue -----------------------------------------------------------------------------------

@require_safe
def system_list(request):
    systems = InformationSystem.objects.filter(is_active=True).select_related(
        "owner_department__head", "owner_department__deputy").prefetch_related(
        Prefetch("permission_sets", queryset=PermissionSet.objects.filter(is_active=True)))
    page, query = paginate(request, systems, 50)
    return render(request, "authz/system_list.html", {"page": page, "query": query})


# Account and permission requests -----------------------------------------------------------------

@require_safe
def request_list(request):
    form = AccountRequestFilterForm(request.GET or None)
    page, query = paginate_capped(request, form.filter(selectors.visible_account_requests(request.user)))
    selectors.attach_set_changes(page.object_list)
    return render(request, "authz/request_list.html", {
        "form": form, "page": _with_waiting_steps(page), "query": query})


def _initial_from_query(request):
    initial = {}
    system = InformationSystem.objects.filter(code=request.GET.get("system", ""), is_active=True).first()
    if system is not None:
        initial["system"] = system.pk
    if request.GET.get("kind") in AccountRequest.Kind.values:
        initial["kind"] = request.GET["kind"]
    return initial


def _account_fields(form):
    data = form.cleaned_data
    change = form.chosen_kind == AccountRequest.Kind.CHANGE
    return {"system": data["system"], "permission_sets": data["permission_sets"], "reason": data["reason"],
            "removed_sets": data["removed_sets"] if change else []}


@require_http_methods(["GET", "POST"])
def request_new(request):
    form = AccountRequestForm(request.POST or None, applicant=request.user, initial=_initial_from_query(request))
    return _form_page(request, form, "authz/request_form.html", lambda form: services.account_request_create(
        applicant=request.user, by=request.user, kind=form.cleaned_data["kind"], **_account_fields(form)),
        gate_refusals=gates.NEW_ACCOUNT.refusals(request.user))


@require_http_methods(["GET", "POST"])
def request_edit(request, pk):
    account_request = access.get_account_request_for_user(request.user, pk)
    form = AccountRequestForm(request.POST or None, applicant=request.user, instance=account_request)
    return _frozen(request, account_request) or _form_page(
        request, form, "authz/request_form.html", lambda form: services.account_request_update(
            account_request=account_request, by=request.user, **_account_fields(form)), subject=account_request)


@require_GET
def permission_set_options(request):
    """htmx: the permission sets of the chosen system, for the request form."""
    form = AccountRequestForm(None, applicant=request.user, initial={
        "system": request.GET.get("system"), "kind": request.GET.get("kind")})
    return render(request, "authz/_permission_sets.html", {"form": form})


@require_safe
def request_detail(request, pk):
    account_request = access.get_account_request_for_user(request.user, pk)
    context = _approval_context(request, account_request)
    waiting_for_it = account_request.executed_at is None and (
        context["can_execute_step"] or (account_request.approval.state == ApprovalRequest.State.APPROVED
                                        and may_carry_out_approved(request.user, account_request)))
    permission_sets = list(account_request.permission_sets.prefetch_related("eligible_positions", "eligible_titles"))
    consent_required = AuthzPolicy.current().signed_consent_required
    context.update({
        "consent_required": consent_required,
        "consent_ready": account_request.approvals_done(),
        "can_record_consent": (consent_required and waiting_for_it and account_request.consent_received_at is None
                               and is_it_staff(request.user)),
        "permission_sets": permission_sets,
        "not_admitting": account_request.sets_not_admitting(permission_sets),
        "applicant_profile": getattr(account_request.applicant, "profile", None),
        "removed_sets": account_request.removed_sets.all(),
        "grants": account_request.grants.select_related("permission_set", "revoked_by"),
        "execute_form": AccountExecuteForm(account_request=account_request) if waiting_for_it else None,
        "can_confirm_password": (account_request.applicant_id == request.user.pk
                                 and account_request.needs_password_change()),
    })
    return render(request, "authz/request_detail.html", context)


@require_POST
def request_execute(request, pk):
    account_request = access.get_account_request_for_user(request.user, pk)
    form = AccountExecuteForm(request.POST, account_request=account_request)
    return form_act(request, account_request, form, lambda data: services.account_request_execute(
        account_request=account_request, by=request.user, **data),
        _("Recorded. The applicant and their department have been told."))


@require_safe
def request_consent(request, pk):
    """The consent form (授权同意书) to print and sign, once every approval is given (人员授权审批制度 七)."""
    account_request = access.get_account_request_for_user(request.user, pk)
    if not account_request.approvals_done():
        raise Http404
    return attachment(consent_pdf(account_request), f"授权同意书-{account_request.pk}.pdf", inline=True)


@require_POST
def request_consent_received(request, pk):
    account_request = access.get_account_request_for_user(request.user, pk)
    return act(request, account_request, lambda: services.consent_received(account_request=account_request,
                                                                            by=request.user),
               _("The signed consent form is recorded; the request can now be carried out."))


@require_POST
def password_changed(request, pk):
    account_request = access.get_account_request_for_user(request.user, pk)
    return act(request, account_request, lambda: services.password_change_confirm(
        account_request=account_request, by=request.user), _("Thank you: the initial password is no longer in use."))


# Submit and withdraw, for every kind of request ---------------------------------------------------

@require_POST
def submit(request, approval_pk):
    subject = access.get_subject_for_user(request.user, approval_pk)
    return act(request, subject, lambda: services.subject_submit(subject=subject, by=request.user),
                _("Submitted. You will be told of each decision."))


@require_POST
def withdraw(request, approval_pk):
    subject = access.get_subject_for_user(request.user, approval_pk)
    return act(request, subject, lambda: approval_services.request_withdraw(request=subject.approval, by=request.user),
                _("The request was withdrawn."))


# Revocation (注销) -------------------------------------------------------------------------------

def _subject_list(request, subjects, template, search_fields):
    """A page of requests filtered by state and text, each with the step it waits at."""
    form = SubjectFilterForm(request.GET or None, search_fields=search_fields)
    page, query = paginate(request, form.filter(subjects))
    return render(request, template, {"form": form, "page": _with_waiting_steps(page), "query": query})


@require_safe
def revocation_list(request):
    return _subject_list(request, selectors.visible_revocations(request.user), "authz/revocation_list.html",
                         ("person__name", "person__username", "certificate_no"))


@require_http_methods(["GET", "POST"])
def revocation_new(request):
    form = RevocationForm(request.POST or None, initial={"person": request.GET.get("person", "")})
    return _form_page(request, form, "authz/revocation_form.html",
                      lambda form: services.revocation_create(by=request.user, **_model_fields(form)))


@require_http_methods(["GET", "POST"])
def revocation_edit(request, pk):
    revocation = access.get_revocation_for_user(request.user, pk)
    form = RevocationForm(request.POST or None, instance=revocation)
    return _frozen(request, revocation) or _form_page(
        request, form, "authz/revocation_form.html", lambda form: services.revocation_update(
            revocation=revocation, by=request.user, **_model_fields(form)), subject=revocation)


@require_safe
def revocation_detail(request, pk):
    revocation = access.get_revocation_for_user(request.user, pk)
    context = _approval_context(request, revocation)
    active = revocation.person.authz_grants.active().select_related("system", "permission_set")
    context.update({
        "active_grants": active,
        "revoked_grants": revocation.grants.select_related("system", "permission_set"),
        "can_revoke": revocation.issued_at is None and (
            context["can_execute_step"] or (revocation.approval.state == ApprovalRequest.State.APPROVED
                                            and may_carry_out_approved(request.user, revocation))),
    })
    if context["can_revoke"]:  # e.g. the successor has not confirmed the handover yet (offboarding)
        context["revoke_waits_for"] = gates.BEFORE_REVOCATION.refusals(revocation.person)
    return render(request, "authz/revocation_detail.html", context)


@require_POST
def revocation_execute(request, pk):
    revocation = access.get_revocation_for_user(request.user, pk)
    return act(request, revocation, lambda: services.revocation_execute(revocation=revocation, by=request.user),
                lambda done: _("Every grant was revoked; certificate %(number)s is issued.") % {
                    "number": done.certificate_no})


@require_safe
def revocation_certificate(request, pk):
    revocation = access.get_revocation_for_user(request.user, pk)
    if not revocation.has_certificate():
        raise Http404
    return attachment(certificate_pdf(revocation), f"certificate-{revocation.certificate_no}.pdf")


# Privileged changes (重要更改操作) -----------------------------------------------------------------

def _require_it_lists(request):
    if not selectors.can_list_it_work(request.user):
        raise Http404


@require_safe
def change_list(request):
    _require_it_lists(request)
    return _subject_list(request, selectors.visible_it_work(request.user, PrivilegedChange), "authz/change_list.html",
                         ("title", "target", "applicant__name"))


def _require_it_staff(request):
    if not is_it_staff(request.user):
        raise Http404


@require_http_methods(["GET", "POST"])
def change_new(request):
    _require_it_staff(request)
    form = PrivilegedChangeForm(request.POST or None)
    return _form_page(request, form, "authz/change_form.html",
                      lambda form: services.privileged_change_create(by=request.user, **_model_fields(form)))


@require_http_methods(["GET", "POST"])
def change_edit(request, pk):
    change = access.get_change_for_user(request.user, pk)
    form = PrivilegedChangeForm(request.POST or None, instance=change)
    return _frozen(request, change) or _form_page(
        request, form, "authz/change_form.html", lambda form: services.privileged_change_update(
            change=change, by=request.user, **_model_fields(form)), subject=change)


@require_safe
def change_detail(request, pk):
    change = access.get_change_for_user(request.user, pk)
    context = _approval_context(request, change)
    user = request.user
    open_for_work = change.is_approved() and change.closed_at is None
    context.update({
        "can_confirm": (open_for_work and is_it_staff(user) and not change.confirmed_by(user)
                        and change.confirmations() < 2),
        "in_window": change.in_window(),
        "can_close": open_for_work and change.confirmations() == 2 and (
            change.confirmed_by(user) or user.pk == change.applicant_id),
        "close_form": ChangeCloseForm(),
    })
    return render(request, "authz/change_detail.html", context)


@require_POST
def change_confirm(request, pk):
    change = access.get_change_for_user(request.user, pk)
    return act(request, change, lambda: services.privileged_change_confirm(change=change, by=request.user),
                lambda done: _("Two technicians are present: the change may proceed.") if done.confirmations() == 2
                else _("Confirmed. A second technician, another person, must confirm too."))


@require_POST
def change_close(request, pk):
    change = access.get_change_for_user(request.user, pk)
    form = ChangeCloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Record the outcome, the test result and the operation log."))
        return redirect(change)
    return act(request, change, lambda: services.privileged_change_close(
        change=change, by=request.user, **form.cleaned_data), _("The change is closed."))


# Outside technicians (外来技术人员) ---------------------------------------------------------------

@require_safe
def external_list(request):
    _require_it_lists(request)
    return _subject_list(request, selectors.visible_it_work(request.user, ExternalAccess),
                         "authz/external_list.html", ("technician_name", "company", "terminal"))


@require_http_methods(["GET", "POST"])
def external_new(request):
    _require_it_staff(request)
    form = ExternalAccessForm(request.POST or None, initial={"supervisor": request.user.pk})
    return _form_page(request, form, "authz/external_form.html",
                      lambda form: services.external_access_create(by=request.user, **_model_fields(form)))


@require_http_methods(["GET", "POST"])
def external_edit(request, pk):
    external = access.get_external_for_user(request.user, pk)
    form = ExternalAccessForm(request.POST or None, instance=external)
    return _frozen(request, external) or _form_page(
        request, form, "authz/external_form.html", lambda form: services.external_access_update(
            access=external, by=request.user, **_model_fields(form)), subject=external)


@require_safe
def external_detail(request, pk):
    external = access.get_external_for_user(request.user, pk)
    context = _approval_context(request, external)
    state = external.access_state()
    context.update({"access_state": state, "can_end": state in ("scheduled", "active") and (
        request.user.pk in (external.supervisor_id, external.applicant_id)
        or is_department_leader(request.user) and is_it_staff(request.user))})
    return render(request, "authz/external_detail.html", context)


@require_POST
def external_end(request, pk):
    external = access.get_external_for_user(request.user, pk)
    return act(request, external, lambda: services.external_access_end(access=external, by=request.user),
                _("The access has ended. Close the temporary account on the terminal."))


# Key activities the vice president approves (关键活动, 六) ------------------------------------------------

@require_safe
def activity_list(request):
    return _subject_list(request, selectors.visible_activities(request.user), "authz/activity_list.html",
                         ("title", "kind__name", "applicant__name"))


@require_http_methods(["GET", "POST"])
def activity_new(request):
    form = KeyActivityForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    return _form_page(request, form, "authz/activity_form.html",
                      lambda form: services.key_activity_create(by=request.user, **_model_fields(form)))


@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = access.get_activity_for_user(request.user, pk)
    form = KeyActivityForm(request.POST or None, instance=activity)
    return _frozen(request, activity) or _form_page(
        request, form, "authz/activity_form.html", lambda form: services.key_activity_update(
            activity=activity, by=request.user, **_model_fields(form)), subject=activity)


@require_safe
def activity_detail(request, pk):
    activity = access.get_activity_for_user(request.user, pk)
    context = _approval_context(request, activity)
    waiting_for_it = activity.executed_at is None and (
        context["can_execute_step"] or (activity.approval.state == ApprovalRequest.State.APPROVED
                                        and may_carry_out_approved(request.user, activity)))
    context["execute_form"] = KeyActivityExecuteForm() if waiting_for_it else None
    return render(request, "authz/activity_detail.html", context)


@require_POST
def activity_execute(request, pk):
    activity = access.get_activity_for_user(request.user, pk)
    form = KeyActivityExecuteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Record what IT did."))
        return redirect(activity)
    return act(request, activity, lambda: services.key_activity_execute(activity=activity, by=request.user,
                                                                        note=form.cleaned_data["note"]),
               _("Recorded. The applicant and their department have been told."))


# Quarterly access review (权限复核) ---------------------------------------------------------------

@require_safe
def review_list(request):
    if not selectors.can_list_reviews(request.user):
        raise Http404
    reviews = selectors.visible_reviews(request.user).annotate(
        lines=Count("items"),
        pending=Count("items", filter=Q(items__decision=AccessReviewItem.Decision.PENDING)),
        to_revoke=Count("items", filter=Q(items__decision=AccessReviewItem.Decision.REVOKE)),
    ).order_by("-quarter_start", "department__sort_order", "department__name")
    page, query = paginate(request, reviews)
    return render(request, "authz/review_list.html", {"page": page, "query": query})


REVIEW_FILTERS = {"pending": AccessReviewItem.Decision.PENDING, "revoke": AccessReviewItem.Decision.REVOKE}


@require_safe
def review_detail(request, pk):
    review = access.get_review_for_user(request.user, pk)
    shown = request.GET.get("show", "")
    items = review.items.select_related("grant__user", "grant__system", "grant__permission_set", "decided_by",
                                        "grant__revoked_by")
    if shown in REVIEW_FILTERS:
        items = items.filter(decision=REVIEW_FILTERS[shown])
    page, query = paginate(request, items, 50)
    counts = dict(review.items.values_list("decision").annotate(n=Count("pk")).values_list("decision", "n"))
    can_review = review.is_open() and can_review_access(request.user, review)
    return render(request, "authz/review_detail.html", {
        "review": review, "page": page, "query": query, "shown": shown, "counts": counts,
        "can_review": can_review, "pending": counts.get(AccessReviewItem.Decision.PENDING, 0),
    })


@require_POST
def review_item_decide(request, pk):
    item = access.get_review_item_for_user(request.user, pk)
    decided, error = attempt(lambda data: services.review_item_decide(item=item, by=request.user, **data),
                             form=ReviewDecisionForm(request.POST), invalid=_("Choose to keep or to revoke."))
    item = decided or item
    if request.htmx:
        item = AccessReviewItem.objects.select_related(
            "review__department", "grant__user", "grant__system", "grant__permission_set", "decided_by").get(pk=item.pk)
        return render(request, "authz/_review_item.html", {
            "item": item, "review": item.review, "error": error,
            "can_review": item.review.is_open() and can_review_access(request.user, item.review)})
    if error:
        messages.error(request, error)
    return redirect(item.review)


@require_POST
def review_confirm_remaining(request, pk):
    review = access.get_review_for_user(request.user, pk)
    return act(request, review, lambda: services.review_confirm_remaining(review=review, by=request.user),
                lambda count: ngettext("%(count)d line marked as still needed.",
                                       "%(count)d lines marked as still needed.", count) % {"count": count})


@require_POST
def review_complete(request, pk):
    review = access.get_review_for_user(request.user, pk)
    return act(request, review, lambda: services.review_complete(review=review, by=request.user),
                _("The review is completed. IT revokes what you marked."))


@require_POST
def review_item_revoke(request, pk):
    item = access.get_review_item_for_user(request.user, pk)
    return act(request, reverse("authz:it_queue") + "?tab=reviews",
                lambda: services.review_revocation_execute(item=item, by=request.user),
                lambda grant: _("Revoked: %(grant)s.") % {"grant": grant})


# IT's queue and the grants register --------------------------------------------------------------

IT_TABS = [
    ("accounts", gettext_lazy("Accounts and permissions")),
    ("revocations", gettext_lazy("Revocations")),
    ("reviews", gettext_lazy("From access reviews")),
    ("changes", gettext_lazy("Privileged changes")),
    ("external", gettext_lazy("Outside technicians")),
    ("activities", gettext_lazy("Key activities")),
]


@require_safe
def it_queue(request):
    _require_it_staff(request)
    queues = selectors.it_queue(request.user)
    tab = request.GET.get("tab", "accounts")
    if tab not in queues:
        tab = "accounts"
    page, query = paginate(request, queues[tab])
    if tab == "accounts":
        selectors.attach_set_changes(page.object_list)
    return render(request, "authz/it_queue.html", {
        "tab": tab, "page": page, "query": query,
        # the open tab's count is the paginator's: its COUNT is not run twice
        "tabs": [(key, label, page.paginator.count if key == tab else queues[key].count()) for key, label in IT_TABS],
        "barred": execute_refusal(request.user),  # on probation, induction not passed: why the work is not theirs
    })


# What a row of the grants register shows. The holder's department, the system and the permission set come as
# names (annotations): making a profile, a department, a system and a permission set model per row, and loading
# every field of them and of the people, was most of fetching the page's 50 rows.
REGISTER_FIELDS = ("account_id", "granted_at", "request_id", "revoked_at", "revocation_id", "revoked_reason",
                   "user__name", "user__username", "executed_by__name", "executed_by__username")


def _register_rows():
    return Grant.objects.select_related("user", "executed_by").annotate(
        department_name=F("user__profile__department__name"), system_name=F("system__name"),
        set_name=F("permission_set__name")).only(*REGISTER_FIELDS)


def _register_links(grants):
    """The links and dates of the register's rows, once per page: a reverse() and a date filter a row were a
    third of the table's time."""
    request_url, revocation_url = RowLink("authz:request_detail"), RowLink("authz:revocation_detail")
    for grant in grants:
        grant.since = timezone.localdate(grant.granted_at).isoformat()
        grant.request_url = request_url(grant.request_id)
        grant.revocation_url = revocation_url(grant.revocation_id) if grant.revocation_id else ""


@require_safe
def grant_list(request):
    sees_all = can_view_all_grants(request.user)
    form = GrantFilterForm(request.GET or None, sees_all=sees_all)
    page, query = paginate_ids(request, form.filter(selectors.visible_grants(request.user)), _register_rows(),
                               REGISTER_PAGE_SIZE)
    _register_links(page.object_list)
    return render(request, "authz/grant_list.html", {"form": form, "page": page, "query": query, "sees_all": sees_all})


@require_safe
def grant_export(request):
    form = GrantFilterForm(request.GET or None, sees_all=can_view_all_grants(request.user))
    exporter = GrantExporter(form.filter(selectors.visible_grants(request.user)))
    return exporter.attachment(f"grants-{timezone.localtime():%Y%m%d-%H%M}")
