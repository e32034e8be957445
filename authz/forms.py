from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approvals.models import ApprovalRequest
from approvals.selectors import applicable_rules
from core.forms import StyledFormMixin, named_options
from staff.models import Department, StaffProfile

from .models import (
    AccessReviewItem,
    AccountRequest,
    ExternalAccess,
    Grant,
    InformationSystem,
    KeyActivity,
    KeyActivityKind,
    PermissionSet,
    PrivilegedChange,
    Revocation,
)
from .services import chain_facts

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def datetime_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


def date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def active_systems():
    return InformationSystem.objects.filter(is_active=True).select_related("owner_department")


class SystemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, system):
        return f"{system.name}（{system.owner_department.name}）"


class AccountRequestForm(StyledFormMixin, forms.Form):
    """What the applicant asks for. The permission sets shown are those of the chosen system: on a new account
    every set; on a change, the sets not yet held (to add) and the sets held (to remove)."""

    kind = forms.ChoiceField(label=_("What do you need?"), choices=AccountRequest.Kind.choices,
                             widget=forms.RadioSelect, initial=AccountRequest.Kind.NEW)
    system = SystemChoiceField(label=_("Information system"), queryset=active_systems(),
                               empty_label=_("Choose a system"))
    permission_sets = forms.ModelMultipleChoiceField(label=_("Permission sets to grant"), required=False,
                                                     queryset=PermissionSet.objects.none(),
                                                     widget=forms.CheckboxSelectMultiple)
    removed_sets = forms.ModelMultipleChoiceField(label=_("Permission sets to remove"), required=False,
                                                  queryset=PermissionSet.objects.none(),
                                                  widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label=_("Why the work needs it"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Your post and duties, e.g. 新入科住院医师，需开具住院医嘱."))

    def __init__(self, *args, applicant, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {
                "kind": instance.kind, "system": instance.system_id, "reason": instance.reason,
                "permission_sets": list(instance.permission_sets.values_list("pk", flat=True)),
                "removed_sets": list(instance.removed_sets.values_list("pk", flat=True)),
            })
        super().__init__(*args, **kwargs)
        self.applicant = applicant
        if instance is not None:
            del self.fields["kind"]  # the kind decides the approval's type: fixed once created
            self.chosen_kind = instance.kind
        else:
            self.chosen_kind = self.data.get("kind") or self.initial.get("kind")
            if self.chosen_kind not in AccountRequest.Kind.values:
                self.chosen_kind = AccountRequest.Kind.NEW
        self.chosen_system = self._chosen_system()
        self._limit_sets()

    def _chosen_system(self):
        value = self.data.get("system") if self.is_bound else self.initial.get("system")
        try:
            return InformationSystem.objects.filter(pk=int(value), is_active=True).first()
        except (TypeError, ValueError):
            return None

    def _limit_sets(self):
        if self.chosen_system is None:
            return
        sets = PermissionSet.objects.filter(system=self.chosen_system, is_active=True).prefetch_related(
            "eligible_positions", "eligible_titles")
        held = Grant.objects.active().filter(user=self.applicant, system=self.chosen_system).values("permission_set")
        if self.chosen_kind == AccountRequest.Kind.CHANGE:
            self.fields["permission_sets"].queryset = sets.exclude(pk__in=held)
            self.fields["removed_sets"].queryset = PermissionSet.objects.filter(pk__in=held)
        else:
            self.fields["permission_sets"].queryset = sets
            self.fields["removed_sets"].widget = forms.MultipleHiddenInput()

    def chain_preview(self):
        """The steps a submission would go through, from the request type's rules (admin-edited)."""
        if self.chosen_system is None:
            return []
        draft = AccountRequest(kind=self.chosen_kind, system=self.chosen_system)
        return applicable_rules(draft.request_type_code(), chain_facts(draft))

    def held_account(self):
        if self.chosen_system is None:
            return ""
        return (Grant.objects.active().filter(user=self.applicant, system=self.chosen_system)
                .values_list("account_id", flat=True).first() or "")


class AccountExecuteForm(StyledFormMixin, forms.Form):
    account_id = forms.CharField(label=_("Account on the system (用户帐号)"), max_length=50, required=False)
    password_delivered = forms.BooleanField(
        label=_("I handed the initial password to the applicant in person or in a sealed envelope"), required=False,
        help_text=_("Never type the password here: it is not stored or shown anywhere. The applicant is reminded to "
                    "change it today."),
    )

    def __init__(self, *args, account_request, **kwargs):
        super().__init__(*args, **kwargs)
        if account_request.kind == AccountRequest.Kind.CHANGE:
            del self.fields["password_delivered"]
            self.fields["account_id"].help_text = _("Leave empty to keep the account already registered.")
        else:
            self.fields["account_id"].required = True
            self.fields["password_delivered"].required = True
        self.fields["account_id"].widget.attrs["autocomplete"] = "off"


class PersonField(forms.CharField):
    """A person by employee number (工号), so the form works for HR among thousands of staff."""

    def clean(self, value):
        value = super().clean(value).strip()
        person = get_user_model().objects.filter(username=value, profile__isnull=False).select_related(
            "profile__department").first()
        if person is None:
            raise forms.ValidationError(_("No staff member has the employee number %(number)s."),
                                        params={"number": value})
        return person


class RevocationForm(StyledFormMixin, forms.ModelForm):
    person = PersonField(label=_("Employee number (工号) of the person"), max_length=20)

    class Meta:
        model = Revocation
        fields = ["person", "reason", "effective_on", "note"]
        widgets = {"effective_on": date_widget(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["person"]  # who is revoked is the request itself; a wrong person means a new request
        self.fields["effective_on"].initial = timezone.localdate()


def it_staff_choices():
    return (get_user_model().objects.filter(is_active=True, profile__department__kind=Department.Kind.IT)
            .exclude(profile__status=StaffProfile.Status.DEPARTED).order_by("username"))


class FutureWindowMixin:
    """A window that starts in the past cannot be asked for (the start of a draft already sent is kept)."""

    window_fields = ("", "")

    def clean(self):
        data = super().clean()
        start_name, end_name = self.window_fields
        start, end = data.get(start_name), data.get(end_name)
        if start and end and end <= start:
            self.add_error(end_name, _("The end must come after the start."))
        if end and end <= timezone.now():
            self.add_error(end_name, _("This time has already passed."))
        return data


class PrivilegedChangeForm(FutureWindowMixin, StyledFormMixin, forms.ModelForm):
    window_fields = ("window_start", "window_end")

    class Meta:
        model = PrivilegedChange
        fields = ["title", "target_kind", "target", "system", "plan", "steps", "rollback_plan", "window_start",
                  "window_end"]
        widgets = {
            "plan": forms.Textarea(attrs={"rows": 4}), "steps": forms.Textarea(attrs={"rows": 5}),
            "rollback_plan": forms.Textarea(attrs={"rows": 3}),
            "window_start": datetime_widget(), "window_end": datetime_widget(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = active_systems()
        for name in self.window_fields:
            self.fields[name].input_formats = [DATETIME_FORMAT]


class ExternalAccessForm(FutureWindowMixin, StyledFormMixin, forms.ModelForm):
    window_fields = ("starts_at", "ends_at")

    class Meta:
        model = ExternalAccess
        fields = ["technician_name", "company", "phone", "purpose", "system", "terminal", "supervisor", "starts_at",
                  "ends_at"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3}), "starts_at": datetime_widget(),
                   "ends_at": datetime_widget()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = active_systems()
        self.fields["supervisor"].queryset = it_staff_choices()
        for name in self.window_fields:
            self.fields[name].input_formats = [DATETIME_FORMAT]


class KeyActivityForm(StyledFormMixin, forms.ModelForm):
    """A key activity put to the vice president (关键活动, 人员授权审批制度 六); its kind is chosen once."""

    class Meta:
        model = KeyActivity
        fields = ["kind", "title", "system", "description", "scope", "planned_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "scope": forms.Textarea(attrs={"rows": 2}),
                   "planned_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = KeyActivityKind.objects.filter(is_active=True)
        self.fields["system"].queryset = active_systems()
        if self.instance.pk:
            self.fields["kind"].disabled = True


class KeyActivityExecuteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("What IT did (办理情况)"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ChangeCloseForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=PrivilegedChange.Outcome.choices,
                                widget=forms.RadioSelect)
    test_result = forms.CharField(label=_("Test result (测试结果)"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    operation_log = forms.CharField(label=_("Operation log (工作操作日志)"), max_length=10000,
                                    widget=forms.Textarea(attrs={"rows": 5}))


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[(AccessReviewItem.Decision.CONFIRM, _("Keep")),
                                          (AccessReviewItem.Decision.REVOKE, _("Revoke"))])
    note = forms.CharField(required=False, max_length=200)


# Filters of the lists --------------------------------------------------------------------------------

class FilterForm(StyledFormMixin, forms.Form):
    """A list's filters: invalid values show nothing rather than everything."""

    def filter(self, queryset):
        if not self.is_bound:
            return queryset
        if not self.is_valid():
            return queryset.none()
        return self.apply(queryset, self.cleaned_data)

    def apply(self, queryset, data):
        return queryset


def state_choices():
    return [("", _("All states"))] + list(ApprovalRequest.State.choices)


class AccountRequestFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("Name or employee number")}))
    system = forms.ModelChoiceField(label=_("System"), queryset=InformationSystem.objects.all(), required=False,
                                    empty_label=_("All systems"))
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All kinds"))] + list(AccountRequest.Kind.choices))
    state = forms.ChoiceField(label=_("State"), required=False, choices=state_choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        named_options(self.fields["system"])

    def apply(self, queryset, data):
        if data["q"]:
            queryset = queryset.filter(Q(applicant__name__icontains=data["q"]) |
                                       Q(applicant__username__icontains=data["q"]))
        if data["system"]:
            queryset = queryset.filter(system=data["system"])
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        if data["state"]:
            queryset = queryset.filter(approval__state=data["state"])
        return queryset


class SubjectFilterForm(FilterForm):
    """State and free text, for revocations, privileged changes and outside technicians."""

    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    state = forms.ChoiceField(label=_("State"), required=False, choices=state_choices)

    def __init__(self, *args, search_fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.search_fields = search_fields

    def apply(self, queryset, data):
        if data["q"]:
            query = Q()
            for name in self.search_fields:
                query |= Q(**{f"{name}__icontains": data["q"]})
            queryset = queryset.filter(query)
        if data["state"]:
            queryset = queryset.filter(approval__state=data["state"])
        return queryset


class GrantFilterForm(FilterForm):
    STATES = [("active", _("In force")), ("ended", _("Ended")), ("all", _("All"))]

    q = forms.CharField(label=_("Search"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("Name, employee number or account")}))
    system = forms.ModelChoiceField(label=_("System"), queryset=InformationSystem.objects.all(), required=False,
                                    empty_label=_("All systems"))
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.filter(is_active=True),
                                        required=False, empty_label=_("All departments"))
    state = forms.ChoiceField(label=_("State"), required=False, choices=STATES)
    since = forms.DateField(label=_("Granted from"), required=False, widget=date_widget())
    until = forms.DateField(label=_("Granted until"), required=False, widget=date_widget())

    def __init__(self, *args, sees_all=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not sees_all:
            del self.fields["department"]  # they see their own department's grants only
        for name in ("system", "department"):
            if name in self.fields:
                named_options(self.fields[name])

    def filter(self, queryset):
        if not self.is_bound:
            return queryset.active()
        return super().filter(queryset)

    def apply(self, queryset, data):
        if data["q"]:
            queryset = queryset.filter(Q(user__name__icontains=data["q"]) | Q(user__username__icontains=data["q"]) |
                                       Q(account_id__icontains=data["q"]))
        if data["system"]:
            queryset = queryset.filter(system=data["system"])
        if data.get("department"):
            queryset = queryset.filter(user__profile__department=data["department"])
        state = data["state"] or "active"
        if state == "active":
            queryset = queryset.active()
        elif state == "ended":
            queryset = queryset.filter(revoked_at__isnull=False)
        if data["since"]:
            queryset = queryset.filter(granted_at__date__gte=data["since"])
        if data["until"]:
            queryset = queryset.filter(granted_at__date__lte=data["until"])
        return queryset
