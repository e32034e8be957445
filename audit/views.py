from django import forms
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core import permissions
from core.forms import StyledFormMixin
from core.paging import paginate

from .models import AuditEntry
from .services import anchor_line, verify_chain


class AuditFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"placeholder": _("Person, object or action")}))
    action = forms.CharField(label=_("Action"), required=False, max_length=100)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def filter(self, entries):
        if not self.is_valid():
            return entries.none()
        data = self.cleaned_data
        if data["q"]:
            entries = entries.filter(Q(actor_label__icontains=data["q"]) | Q(object_repr__icontains=data["q"]))
        if data["action"]:
            entries = entries.filter(action__startswith=data["action"])
        if data["since"]:
            entries = entries.filter(created_at__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(created_at__date__lte=data["until"])
        return entries


def _require_auditor(user):
    if not permissions.can_view_audit_log(user):
        raise Http404


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
