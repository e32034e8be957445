from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core import workdays
from core.errors import ServiceError
from core.models import CalendarYear

from . import services
from .forms import NoticeForm, fingerprint
from .rules import can_load_calendar


def _year_or_404(year):
    if not services.FIRST_YEAR <= year <= services.LAST_YEAR:
        raise Http404
    return year


@require_safe
def calendar_index(request):
    """The years around this one and every loaded year, each with where its holidays come from."""
    this_year = timezone.localdate().year
    loaded = {row.year: row for row in CalendarYear.objects.select_related("loaded_by")}
    years = sorted({this_year - 1, this_year, this_year + 1, *loaded}, reverse=True)
    rows = [{"year": year, "source": workdays.year_source(year), "loaded": loaded.get(year)} for year in years]
    return render(request, "workcalendar/index.html", {
        "rows": rows, "next_year": this_year + 1, "can_load": can_load_calendar(request.user),
        "labels": workdays.SOURCE_LABELS,
    })


@require_safe
def calendar_year(request, year):
    """A year's holidays and adjusted working days, and where they come from."""
    year = _year_or_404(year)
    source = workdays.year_source(year)
    days = workdays.special_days(year)
    return render(request, "workcalendar/year.html", {
        "year": year, "source": source, "source_label": workdays.SOURCE_LABELS[source],
        "provisional": source == workdays.PROVISIONAL,
        "loaded": CalendarYear.objects.select_related("loaded_by").filter(year=year).first(),
        "off": [day for day in days if not day.is_workday],
        "worked": [day for day in days if day.is_workday],
        "can_load": can_load_calendar(request.user),
    })


@require_http_methods(["GET", "POST"])
def calendar_load(request, year):
    """Paste or upload the notice, see what it says and what it changes, then save it."""
    year = _year_or_404(year)
    if not can_load_calendar(request.user):
        raise Http404
    form = NoticeForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        if "save" in request.POST and form.was_previewed():
            try:
                services.calendar_year_load(year=year, text=text, by=request.user,
                                            source_name=form.cleaned_data["source_name"])
            except ServiceError as refused:
                messages.error(request, refused.message)
            else:
                messages.success(request, _("The %(year)d holiday notice is loaded. Leave and approval deadlines "
                                            "counted on %(year)d are being recounted; the people whose count "
                                            "changes are told.") % {"year": year})
                return redirect("workcalendar:year", year=year)
        elif "save" in request.POST:
            messages.warning(request, _("The text changed since the preview: check the preview again, then save."))
        preview = services.calendar_year_preview(year=year, text=text)
        # What is shown is what will be saved: an uploaded file's text goes into the box.
        form = NoticeForm(initial={"text": text, "source_name": form.cleaned_data["source_name"],
                                   "previewed": fingerprint(text) if preview.can_save else ""})
    return render(request, "workcalendar/load.html", {
        "year": year, "form": form, "preview": preview,
        "source_label": workdays.SOURCE_LABELS[workdays.year_source(year)],
    })
