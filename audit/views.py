from django import forms
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from core.forms import StyledFormMixin
from core.paging import paginate

from . import labels
from .models import AuditEntry
from .rules import can_view_audit_log
from .services import anchor_line, verify_chain


class AuditFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"placeholder": _("Person, object or action")}))
    # The actions by their labels, grouped by app (audit.labels); "app:leave" is every action of an app.
    action = forms.ChoiceField(label=_("Action"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions")), *labels.choices()]

    def filter(self, entries):
        if not self.is_valid():
            return entries.none()
        data = self.cleaned_data
        if data["q"]:
            q = data["q"]
            entries = entries.filter(Q(actor_label__icontains=q) | Q(object_repr__icontains=q)
                                     | Q(action__icontains=q) | Q(action__in=labels.codes_matching(q)))
        if data["action"].startswith("app:"):
            entries = entries.filter(action__in=labels.codes_of_app(data["action"].removeprefix("app:")))
        elif data["action"]:
            entries = entries.filter(action=data["action"])
        if data["since"]:
            entries = entries.filter(created_at__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(created_at__date__lte=data["until"])
        return entries


def _require_auditor(user):
    if not can_view_audit_log(user):
        raise Http404


@require_safe
def audit_log(request):
    _require_auditor(request.user)
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.order_by("-pk")
    if request.GET:
        entries = form.filter(entries)
    page, query = paginate(request, entries, 50)
    return render(request, "audit/log.html", {"form": form, "page": page, "query": query})


@require_POST
def verify(request):
    _require_auditor(request.user)
    checked, broken = verify_chain()
    return render(request, "audit/_verify_result.html", {
        "checked": checked, "broken": broken, "anchor": anchor_line() if broken is None else ""})
