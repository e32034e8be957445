"""Django admin for the scorecard templates (versioned), the cycle's dates, and read-only records."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, SingletonPolicyAdmin
from core.errors import ServiceError

from . import services
from .models import (
    FeedbackDimension, FeedbackPolicy, FeedbackRound,
    AppraisalMonth, AppraisalPolicy, DepartmentMonthStat, ExportJob, GradeBand, PeriodicPolicy, Scorecard,
    ScorecardEvent,
    ScorecardTemplate, TemplateItem, TemplateSection, ZERO,
)


class SectionInline(admin.TabularInline):
    model = TemplateSection
    extra = 0
    fields = ["order", "code", "name", "item_label", "description_label", "note"]


class ItemFormSet(forms.BaseInlineFormSet):
    """The items of a version must add up to 100 points and belong to its sections (a template not in use
    for new months may have no items yet: add its sections first, save, then its items)."""

    def clean(self):
        super().clean()
        total = ZERO
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or form.cleaned_data.get("DELETE"):
                continue
            section = form.cleaned_data.get("section")
            if section is not None and self.instance.pk and section.template_id != self.instance.pk:
                raise forms.ValidationError(_("Every item must belong to one of this template's sections."))
            total += form.cleaned_data.get("max_points") or ZERO
            points, step = form.cleaned_data.get("max_points"), self.instance.score_step
            if points and step and points % step:
                raise forms.ValidationError(_(
                    "With a score step of %(step)s, “%(item)s” (%(points)s points) could never be given its full "
                    "points: choose a step that divides every item's points.") % {
                    "step": step.normalize(), "item": form.cleaned_data.get("name"), "points": points.normalize()})
        if total == 0 and not self.instance.is_active:
            return  # a new template is built up while it is not in use yet
        if total != 100:
            raise forms.ValidationError(_("The items must add up to 100 points; they add up to %(total)s.")
                                        % {"total": total})


class ItemInline(admin.StackedInline):
    model = TemplateItem
    formset = ItemFormSet
    extra = 0
    fields = [("section", "order", "max_points"), "name", "description", "criteria"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = TemplateSection.objects.filter(template_id=object_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class BandInline(admin.TabularInline):
    model = GradeBand
    extra = 0
    fields = ["name", "min_score"]


class TemplateForm(forms.ModelForm):
    class Meta:
        model = ScorecardTemplate
        fields = ["post", "name", "self_weight", "reviewer_weight", "score_step", "instructions", "bonus_guidance",
                  "deduction_guidance", "bonus_limit", "deduction_limit", "total_note", "is_active", "change_note"]

    def clean(self):
        data = super().clean()
        if data.get("self_weight") is not None and data.get("reviewer_weight") is not None:
            if data["self_weight"] + data["reviewer_weight"] != 1:
                raise forms.ValidationError(_("The self-assessment and reviewer weights must add up to 100%."))
        return data


@admin.register(ScorecardTemplate)
class ScorecardTemplateAdmin(admin.ModelAdmin):
    """Editing a version that scorecards use saves the edit as the next version; the used one stays as it was."""

    form = TemplateForm
    inlines = [SectionInline, ItemInline, BandInline]
    list_display = ["name", "post", "version", "points", "scorecard_count", "is_active", "created_at"]
    list_filter = ["post", "is_active"]
    search_fields = ["name", "post__name"]
    readonly_fields = ["version", "created_at", "created_by"]
    actions = ["copy_as_new_version"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("post").annotate(
            _points=Sum("items__max_points", distinct=False), _scorecards=Count("scorecards", distinct=True))

    @admin.display(description=_("points"))
    def points(self, obj):
        return obj._points

    @admin.display(description=_("scorecards"))
    def scorecard_count(self, obj):
        return obj._scorecards

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + ["post"] if obj is not None else fields

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.is_in_use():
            messages.info(request, _("Scorecards use this version: saving your changes creates version %(next)d; "
                                     "this one stays as it is.") % {"next": obj.version + 1})
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if change and obj.is_in_use():
            obj._revise = True  # save_related creates the next version instead
            return
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        if not getattr(obj, "_revise", False):
            return super().save_related(request, form, formsets, change)
        original = ScorecardTemplate.objects.get(pk=obj.pk)
        data = {"header": {name: form.cleaned_data.get(name, getattr(original, name))
                           for name in services.TEMPLATE_FIELDS}, "sections": [], "items": [], "bands": []}
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []  # for the admin log
            for inline_form in formset.forms:
                cleaned = getattr(inline_form, "cleaned_data", None)
                if not cleaned or cleaned.get("DELETE"):
                    continue
                if formset.model is TemplateSection:
                    data["sections"].append({**{name: cleaned[name] for name in services.SECTION_FIELDS},
                                             "key": cleaned["id"].pk if cleaned.get("id") else id(inline_form)})
                elif formset.model is TemplateItem:
                    data["items"].append({**{name: cleaned[name] for name in services.ITEM_FIELDS},
                                          "section": cleaned["section"].pk})
                elif formset.model is GradeBand:
                    data["bands"].append({"name": cleaned["name"], "min_score": cleaned["min_score"]})
        try:
            revised = services.template_revise(template=original, by=request.user, data=data,
                                               change_note=form.cleaned_data.get("change_note", ""))
        except ServiceError as error:
            messages.error(request, error.message)
            return
        obj.pk, obj.version = revised.pk, revised.version
        messages.success(request, _("Saved as version %(version)d. Scorecards already created keep version "
                                    "%(old)d.") % {"version": revised.version, "old": original.version})

    @admin.action(description=_("Copy as a new version"))
    def copy_as_new_version(self, request, queryset):
        for template in queryset.prefetch_related("sections", "items", "bands"):
            try:
                revised = services.template_revise(template=template, by=request.user,
                                                   data=services.template_data(template),
                                                   change_note=str(_("Copied from version %(version)d")
                                                                   % {"version": template.version}))
            except ServiceError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("%(name)s: version %(version)d created.") % {
                    "name": template.name, "version": revised.version})


@admin.register(AppraisalPolicy)
class AppraisalPolicyAdmin(SingletonPolicyAdmin, admin.ModelAdmin):
    list_display = ["__str__", "self_deadline_day", "review_deadline_day", "reminder_days_before"]


@admin.register(PeriodicPolicy)
class PeriodicPolicyAdmin(SingletonPolicyAdmin, admin.ModelAdmin):
    """定期考核: how quarter, half-year and year results combine the confirmed months (and the 360° weight)."""

    list_display = ["__str__", "combination", "complete_periods_only", "feedback_weight"]


class EventInline(admin.TabularInline):
    model = ScorecardEvent
    extra = 0
    fields = ["at", "actor", "action", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Scorecard)
class ScorecardAdmin(ReadOnlyAdmin):
    list_display = ["user", "period", "department", "state", "result_final", "result_grade", "result_rank"]
    list_filter = ["state", "period", "department"]
    search_fields = ["user__name", "user__username"]
    list_select_related = ["user", "department"]
    date_hierarchy = "period"
    inlines = [EventInline]


@admin.register(AppraisalMonth)
class AppraisalMonthAdmin(ReadOnlyAdmin):
    list_display = ["period", "opened_at", "closed_at", "rolled_up_at", "needs_rollup"]


@admin.register(DepartmentMonthStat)
class DepartmentMonthStatAdmin(ReadOnlyAdmin):
    list_display = ["period", "department", "scorecards", "completed", "average", "highest", "lowest"]
    list_filter = ["department"]


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "requested_by", "period", "department", "format", "state", "done", "total"]
    list_filter = ["state", "format"]


# --- 360° appraisal: the policy and the dimensions are admin-edited; rounds are read here (answers never) ------

@admin.register(FeedbackPolicy)
class FeedbackPolicyAdmin(SingletonPolicyAdmin, admin.ModelAdmin):
    list_display = ["__str__", "min_raters", "answer_days", "scale_max"]


@admin.register(FeedbackDimension)
class FeedbackDimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "description", "order", "is_active"]
    list_editable = ["order", "is_active"]


@admin.register(FeedbackRound)
class FeedbackRoundAdmin(ReadOnlyAdmin):
    list_display = ["department", "year", "state", "deadline", "opened_by", "closed_at"]
    list_filter = ["state", "year"]
