"""The schedules in Django admin: revisions with their rules inline, clone to a draft, compare, publish.

A published revision is shown read-only, and a save of it is refused with a message: a change is a new revision.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import permissions
from core.errors import ServiceError

from . import diff, services
from .forms import PublishForm
from .models import Incident, IncidentEvent, Revision, Rule, Schedule

RULE_FIELDS = ["code", "order", "text", "category", "effect", "amount", "per_item", "share_min_percent",
               "share_max_percent", "measure", "at_least", "more_than", "at_most", "measured_max", "escalation",
               "escalation_period", "excluded_on_main_shift"]


class LockedRevisionMixin:
    """Show a published revision read-only; refuse a save of it with a clear message."""

    def get_actions(self, request):
        # Deleting in bulk would pass by the check of each revision's lock: delete one at a time on its page.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def locked_revision(self, obj):
        raise NotImplementedError

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and self.locked_revision(obj).is_locked():
            return [f.name for f in self.model._meta.fields if f.editable and f.name != "id"]
        return super().get_readonly_fields(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, object_id) if object_id else None
        if obj is not None and self.locked_revision(obj).is_locked():
            message = _(
                "%(revision)s is published, so it cannot be changed. Clone it into a draft, change the draft and "
                "publish it."
            ) % {"revision": self.locked_revision(obj)}
            if request.method == "POST":
                self.message_user(request, message, messages.ERROR)
                return redirect(request.path)
            self.message_user(request, message, messages.WARNING)
        return super().changeform_view(request, object_id, form_url, extra_context)


class ReadOnlyInline(admin.TabularInline):
    """Rows shown under their parent, changed elsewhere (their own page, or the services)."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class RevisionInline(ReadOnlyInline):
    model = Revision
    fields = ["number", "state", "effective_from", "note"]
    show_change_link = True


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "unit", "department_kind", "in_force_since", "revision_in_force"]
    list_filter = ["unit", "department_kind"]
    search_fields = ["name", "code", "preamble"]
    inlines = [RevisionInline]

    @admin.display(description=gettext_lazy("revision in force"))
    def revision_in_force(self, schedule):
        revision = schedule.revisions.in_force_on(timezone.localdate()).first()
        return _("revision %(number)d, from %(date)s") % {"number": revision.number, "date": revision.effective_from} \
            if revision else "—"


NARROW = forms.TextInput(attrs={"class": "vIntegerField"})


class RuleInlineForm(forms.ModelForm):
    """The rule as one table row: narrow inputs and short column titles (the rule's own page has the long ones)."""

    class Meta:
        model = Rule
        fields = RULE_FIELDS
        widgets = {
            "code": forms.TextInput(attrs={"size": 4}),
            "text": forms.Textarea(attrs={"rows": 3, "cols": 34}),
            **{name: NARROW for name in ("amount", "share_min_percent", "share_max_percent", "at_least", "more_than",
                                          "at_most", "measured_max")},
        }
        labels = {
            "share_min_percent": gettext_lazy("share from %"), "share_max_percent": gettext_lazy("share to %"),
            "at_least": "≥", "more_than": ">", "at_most": "≤", "measured_max": gettext_lazy("at most"),
            "escalation_period": gettext_lazy("period"), "excluded_on_main_shift": gettext_lazy("not on main shift"),
        }


class RuleInline(admin.TabularInline):
    model = Rule
    form = RuleInlineForm
    fields = RULE_FIELDS
    extra = 0
    show_change_link = True

    def _editable(self, obj):
        return obj is None or not obj.is_locked()

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(Revision)
class RevisionAdmin(LockedRevisionMixin, admin.ModelAdmin):
    list_display = ["schedule", "number", "state", "effective_from", "rule_count", "incident_count"]
    list_display_links = ["schedule", "number"]
    list_filter = ["schedule", "state"]
    search_fields = ["schedule__name", "note", "rules__code", "rules__text"]
    list_select_related = ["schedule"]
    date_hierarchy = "effective_from"
    inlines = [RuleInline]
    actions = ["clone_to_draft"]
    change_form_template = "admin/discipline/revision/change_form.html"

    class Media:
        css = {"all": ["css/admin-revision.css"]}  # the rules' table fits 1366 px

    def locked_revision(self, obj):
        return obj

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            rule_total=Count("rules", distinct=True), incident_total=Count("rules__incidents", distinct=True))

    @admin.display(description=gettext_lazy("rules"), ordering="rule_total")
    def rule_count(self, revision):
        return revision.rule_total

    @admin.display(description=gettext_lazy("incidents judged by it"), ordering="incident_total")
    def incident_count(self, revision):
        return revision.incident_total

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is None:
            return ["state", "effective_from", "published_at", "published_by"]
        if obj.state == Revision.State.PUBLISHED:
            readonly += ["schedule", "number", "state", "effective_from", "published_at", "published_by"]
        else:
            readonly += ["schedule", "state", "effective_from", "published_at", "published_by"]
        return list(dict.fromkeys(readonly))

    def has_delete_permission(self, request, obj=None):
        # Only a draft may go; a published revision stays, as the record of what was in force.
        return (obj is None or obj.is_draft) and super().has_delete_permission(request, obj)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/diff/", view(self.diff_view), name="discipline_revision_diff"),
            path("<int:pk>/publish/", view(self.publish_view), name="discipline_revision_publish"),
            path("<int:pk>/clone/", view(self.clone_view), name="discipline_revision_clone"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_publish"] = obj is not None and obj.is_draft and permissions.can_publish_revision(request.user)
        context["can_clone"] = obj is not None and not obj.is_draft and self.has_add_permission(request)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _revision(self, request, pk):
        revision = get_object_or_404(Revision.objects.select_related("schedule"), pk=pk)
        if not self.has_view_permission(request, revision):
            raise PermissionDenied
        return revision

    def _context(self, request, revision, title, **extra):
        base = diff.base_for(revision)
        return {
            **self.admin_site.each_context(request), "opts": self.model._meta, "original": revision,
            "title": title, "revision": revision, "base": base, "changes": diff.revision_diff(base, revision),
            **extra,
        }

    def diff_view(self, request, pk):
        revision = self._revision(request, pk)
        context = self._context(request, revision, _("Changes in %(revision)s") % {"revision": revision},
                                can_publish=revision.is_draft and permissions.can_publish_revision(request.user))
        return TemplateResponse(request, "admin/discipline/revision/diff.html", context)

    def publish_view(self, request, pk):
        revision = self._revision(request, pk)
        if not permissions.can_publish_revision(request.user):
            raise PermissionDenied
        form = PublishForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.revision_publish(revision=revision, effective_from=form.cleaned_data["effective_from"],
                                          by=request.user)
            except ServiceError as error:
                form.add_error("effective_from", error.message)
            else:
                self.message_user(request, _("%(revision)s is published and in force from %(date)s.") % {
                    "revision": revision, "date": form.cleaned_data["effective_from"]}, messages.SUCCESS)
                return redirect("admin:discipline_revision_change", revision.pk)
        context = self._context(request, revision, _("Publish %(revision)s") % {"revision": revision}, form=form)
        return TemplateResponse(request, "admin/discipline/revision/publish.html", context)

    def clone_view(self, request, pk):
        """GET asks to confirm; POST makes the draft."""
        revision = self._revision(request, pk)
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            return self._clone(request, revision)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "revision": revision,
                   "title": _("Clone %(revision)s") % {"revision": revision}}
        return TemplateResponse(request, "admin/discipline/revision/clone.html", context)

    def _clone(self, request, revision):
        try:
            draft = services.revision_clone(revision=revision, by=request.user)
        except ServiceError as error:
            self.message_user(request, error.message, messages.ERROR)
            return redirect("admin:discipline_revision_change", revision.pk)
        self.message_user(request, _(
            "Draft %(revision)s was created. Change its rules, compare it with the revision in force, then publish it."
        ) % {"revision": draft}, messages.SUCCESS)
        return redirect("admin:discipline_revision_change", draft.pk)

    @admin.action(description=gettext_lazy("Clone the selected revision into a new draft"), permissions=["add"])
    def clone_to_draft(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one revision to clone."), messages.WARNING)
            return None
        return self._clone(request, queryset.get())


@admin.register(Rule)
class RuleAdmin(LockedRevisionMixin, admin.ModelAdmin):
    list_display = ["code", "short_text", "schedule", "revision_number", "category", "effect", "cost", "escalation"]
    list_filter = ["revision__schedule", "revision__state", "category", "effect", "escalation"]
    search_fields = ["code", "text"]
    list_select_related = ["revision__schedule"]
    fields = ["revision", *RULE_FIELDS]
    autocomplete_fields = ["revision"]
    ordering = ["revision__schedule__sort_order", "-revision__number", "order"]

    def locked_revision(self, obj):
        return obj.revision

    @admin.display(description=gettext_lazy("schedule"), ordering="revision__schedule__sort_order")
    def schedule(self, rule):
        return rule.revision.schedule.name

    @admin.display(description=gettext_lazy("revision"), ordering="revision__number")
    def revision_number(self, rule):
        return format_html('<a href="{}">{}</a>', reverse("admin:discipline_revision_change", args=[rule.revision_id]),
                           rule.revision.number)

    @admin.display(description=gettext_lazy("what it costs"))
    def cost(self, rule):
        return rule.cost_text()

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.revision.is_locked()) and super().has_delete_permission(request, obj)


class IncidentEventInline(ReadOnlyInline):
    model = IncidentEvent
    fields = ["at", "action", "actor", "note"]


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    """Incidents are changed only through their pages (with the audit log); here they can be looked up."""

    list_display = ["occurred_on", "person", "department", "rule", "state", "amount", "reduced_amount", "source"]
    list_filter = ["state", "source", "rule__revision__schedule", "rule__category", "department"]
    search_fields = ["person__username", "person__name", "rule__code", "facts"]
    list_select_related = ["person", "department", "rule"]
    date_hierarchy = "occurred_on"
    inlines = [IncidentEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
