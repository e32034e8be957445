from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.errors import ServiceError
from core.paging import paginate
from core.uploads import attachment
from core.views import act

from . import access, registry, services
from .forms import ApplyForm, OutcomeFilterForm, UploadForm
from .models import ImportBatch
from .workbook import template_workbook

ROWS_PER_PAGE = 50


@require_safe
def index(request):
    importers = registry.available(request.user)
    if not importers:
        raise Http404
    batches = ImportBatch.objects.filter(kind__in=[i.kind for i in importers]).select_related("created_by")
    page, query = paginate(request, batches)
    return render(request, "dataimport/index.html", {"importers": importers, "page": page, "query": query})


@require_http_methods(["GET", "POST"])
def upload(request, kind):
    importer = access.get_importer_for_user(request.user, kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    options_form = importer.options_form(request.POST or None) if importer.options_form else None
    if request.method == "POST":
        if form.is_valid() and (options_form is None or options_form.is_valid()):
            try:
                batch = services.batch_preview(importer=importer, upload=form.cleaned_data["file"],
                                               options=dict(options_form.cleaned_data) if options_form else {},
                                               by=request.user)
            except ServiceError as refused:
                messages.error(request, refused.message)
            else:
                return redirect(batch)
        else:
            messages.error(request, _("Please correct the errors below."))
    recent = ImportBatch.objects.filter(kind=kind).select_related("created_by")[:5]
    return render(request, "dataimport/upload.html", {
        "importer": importer, "form": form, "options_form": options_form, "recent": recent})


@require_safe
def template(request, kind):
    importer = access.get_importer_for_user(request.user, kind)
    return attachment(template_workbook(importer), f"{importer.title}-模板.xlsx",
                      content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@require_safe
def batch(request, pk):
    batch = access.get_batch_for_user(request.user, pk)
    filter_form = OutcomeFilterForm(request.GET or None)
    show = filter_form.cleaned_data["show"] if filter_form.is_valid() else ""
    outcomes = batch.preview.get("outcomes", [])
    if show:
        outcomes = [outcome for outcome in outcomes if outcome["action"] == show]
    page = Paginator(outcomes, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    counts = batch.counts()
    return render(request, "dataimport/batch.html", {
        "batch": batch, "importer": batch.importer(), "counts": counts, "page": page, "query": query.urlencode(),
        "filter_form": filter_form, "show": show, "sections": batch.preview.get("sections", []),
        "can_apply_all": batch.is_open() and not counts.get("error"),
        "can_apply_valid": batch.is_open() and counts.get("error") and (
            counts.get("create", 0) + counts.get("update", 0) + counts.get("unchanged", 0)),
        "now": timezone.now(),
    })


@require_POST
def apply(request, pk):
    batch = access.get_batch_for_user(request.user, pk)
    form = ApplyForm(request.POST)
    only_valid = form.is_valid() and form.cleaned_data["mode"] == ApplyForm.VALID
    return act(request, batch, lambda: services.batch_apply(batch=batch, by=request.user, only_valid=only_valid),
               lambda done: _("Imported: %(summary)s") % {"summary": done.importer().describe(done.summary)})


@require_POST
def discard(request, pk):
    batch = access.get_batch_for_user(request.user, pk)
    return act(request, batch, lambda: services.batch_discard(batch=batch, by=request.user),
               _("The import was discarded; nothing was written."))
