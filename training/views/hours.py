from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_http_methods, require_safe

from core.links import RowLink
from core.paging import paginate
from core.roles import is_hr
from core.uploads import attachment
from core.views import act

from .. import access, rules, selectors
from ..exporters import HoursExporter
from ..forms import DecideForm, HoursFilterForm, SelfStudyForm, SlidesForm
from ..models import SelfStudy, SlideDeck
from ..pdf import training_record
from ..services import hours as services
from ..services.common import number
from .common import year_from


def _filtered(request):
    """The ledger a leader or HR asked for: (form, year, department or None for all theirs, the people listed,
    only those behind?, the fewest hours first?)."""
    user = request.user
    departments = selectors.hours_departments(user)
    if not (is_hr(user) or departments.exists()):
        raise Http404
    form = HoursFilterForm(request.GET or None, departments=departments)
    year = year_from(request)
    department, behind, search, by_hours = None, False, "", False
    if form.is_valid():
        department = form.cleaned_data["department"]
        behind, search = form.cleaned_data["behind"], form.cleaned_data["q"]
        by_hours = form.cleaned_data["order"] == "hours"
    people = None
    if department is None and not is_hr(user):
        people = selectors.active_people().filter(profile__department__in=departments)
    return form, year, department, selectors.ledger_people(department, search=search, people=people), behind, by_hours


def _lines(rows, year):
    """The table's cells of each ledger row, worked out here once: fifty rows of tags, filters and {% url %} in the
    template cost more than the rest of the page (issue #16)."""
    person_hours, year_query = RowLink("training:person_hours"), f"?year={year}"
    behind, to_go = _("%(short)s h behind"), _("%(left)s h to go")
    figures = {}

    def figure(value):  # hours repeat (0, 10, 20…): each written once
        text = figures.get(value)
        if text is None:
            text = figures[value] = number(value)
        return text

    lines = []
    for row in rows:
        person = row.person
        who = f"{person.username} · {person.department}"
        lines.append({
            "url": person_hours(person.username) + year_query,
            "name": person.display_name,
            "who": f"{who} · {person.post}" if person.post is not None else who,
            "required": figure(row.internal_required), "elective": figure(row.internal_elective),
            "external": figure(row.external), "self_study": figure(row.self_study), "total": figure(row.total),
            "target": figure(row.target) if row.pro_rata else None,
            "met": row.is_met, "behind": row.is_behind,
            "progress": behind % {"short": figure(row.shortfall)} if row.is_behind
            else to_go % {"left": figure(row.remaining)},
        })
    return lines


@require_safe
def hours(request):
    """The department's hours (学时): who is behind, by how much."""
    form, year, department, people, behind, by_hours = _filtered(request)
    target = selectors.TrainingPolicy.current().annual_hours_target
    # The page's people first (a few thousand at most), then only their hours summed for the columns. "Fewest hours
    # first" and "only those behind" choose the people by the stored yearly totals.
    ordered = (selectors.with_year_hours(people, year) if behind or by_hours else people).order_by(
        *(selectors.HOURS_ORDER if by_hours else selectors.NAME_ORDER))
    if behind:
        page, query = paginate(request, selectors.behind_ids(ordered, year, target=target), 50)
        found = {values[0]: values for values in selectors.listed(people.filter(pk__in=page.object_list).order_by())}
        shown = [found[pk] for pk in page.object_list]
    else:
        page, query = paginate(request, ordered, 50)  # counted without the joins of the columns shown
        shown = selectors.listed(page.object_list)
    page.object_list = [selectors.Listed._make(values) for values in shown]
    rows = selectors.ledger_of(page.object_list, year, target=target)
    return render(request, "training/hours.html", {
        "form": form, "year": year, "department": department, "page": page, "query": query, "rows": rows,
        "lines": _lines(rows, year),
        "target": target, "expected": selectors.expected_by(year, target), "by_hours": by_hours,
    })


@require_safe
def hours_export(request):
    """The annual summary as Excel (年度培训学时汇总), in the page's order."""
    if not rules.can_export_hours(request.user):
        raise Http404
    form, year, department, people, behind, by_hours = _filtered(request)
    rows = selectors.department_ledger(department, year, behind_only=behind, by_hours=by_hours, people=people)
    exporter = HoursExporter(selectors.with_people(rows), year)
    name = department.name if department else _("all")
    return exporter.attachment(f"{year}年培训学时汇总-{name}")


@require_safe
def person_hours(request, username):
    """One person's year: every session, external training, self-study and exam counted."""
    person = access.get_person_for_hours(request.user, username)
    year = year_from(request)
    return render(request, "training/person_hours.html", {
        "person": person, "year": year, "ledger": selectors.person_ledger(person, year),
        **selectors.person_record(person, year),
    })


@require_safe
def person_record_pdf(request, username):
    """个人培训档案: the year's record of one person as a PDF (建立相关文档)."""
    person = access.get_person_for_hours(request.user, username)
    year = year_from(request)
    content = training_record(person, year, selectors.person_ledger(person, year), selectors.person_record(person, year))
    return attachment(content, f"个人培训档案-{year}-{person.username}-{person.display_name}.pdf")


# Self-study (自学) ------------------------------------------------------------------------------------------------

@require_safe
def self_study_list(request):
    """Mine, or (?scope=confirm) what waits for a leader's confirmation."""
    user = request.user
    scope = request.GET.get("scope", "mine")
    led = selectors.led_departments(user)
    if scope == "confirm" and led.exists():
        records = SelfStudy.objects.filter(department__in=led).exclude(person=user)
        state = request.GET.get("state", "pending")
        if state in SelfStudy.State.values:
            records = records.filter(state=state)
    else:
        scope = "mine"
        records = SelfStudy.objects.filter(person=user)
    page, query = paginate(request, records.select_related("person", "decided_by"))
    return render(request, "training/self_study_list.html", {
        "page": page, "query": query, "scope": scope, "leads": led.exists(), "form": DecideForm()})


@require_http_methods(["GET", "POST"])
def self_study_new(request):
    return act(request, "training:self_study_list", lambda data: services.self_study_record(
        person=request.user, by=request.user, studied_on=data["studied_on"], title=data["title"],
        hours=data["hours"], note=data["note"], evidence=data["evidence"]),
        _("Recorded; it counts once a leader confirms it."),
        form=SelfStudyForm(request.POST or None, request.FILES or None, initial={"studied_on": timezone.localdate()}),
        template="training/self_study_form.html")


@require_POST
def self_study_decide(request, pk):
    record = access.get_self_study_for_user(request.user, pk)
    return act(request, reverse("training:self_study_list") + "?scope=confirm",
               lambda data: services.self_study_decide(record=record, by=request.user, accept=data["accept"],
                                                       note=data["note"]),
        lambda _result: _("%(name)s's self-study: %(state)s.") % {
            "name": record.person.display_name, "state": SelfStudy.objects.get(pk=record.pk).get_state_display()},
        form=DecideForm(request.POST), invalid=_("Confirm or refuse."))


@require_safe
def self_study_evidence(request, pk):
    record = access.get_self_study_for_user(request.user, pk)
    if not record.evidence:
        raise Http404
    return attachment(record.evidence, record.evidence_name or "evidence")


# The month's slides (问题及处理方法PPT) ----------------------------------------------------------------------------

@require_safe
def slides_list(request):
    """The department's slides, newest month first; ?mine=1 for one's own."""
    user = request.user
    department = getattr(getattr(user, "profile", None), "department", None)
    led = selectors.led_departments(user)
    decks = SlideDeck.objects.select_related("person")
    if request.GET.get("mine"):
        decks = decks.filter(person=user)
    else:
        decks = decks.filter(department__in=[d.pk for d in led] + ([department.pk] if department else []))
    page, query = paginate(request, decks)
    return render(request, "training/slides_list.html", {"page": page, "query": query,
                                                         "mine": bool(request.GET.get("mine"))})


@require_http_methods(["GET", "POST"])
def slides_new(request):
    return act(request, reverse("training:slides_list") + "?mine=1", lambda data: services.slides_upload(
        person=request.user, by=request.user, month=data["month"], title=data["title"], upload=data["file"],
        slides=data["slides"]),
        lambda deck: _("Uploaded: %(count)d slides for %(month)s.") % {
            "count": deck.slides, "month": deck.month.strftime("%Y-%m")},
        form=SlidesForm(request.POST or None, request.FILES or None,
                        initial={"month": timezone.localdate().strftime("%Y-%m")}),
        template="training/slides_form.html")


@require_safe
def slides_download(request, pk):
    deck = access.get_deck_for_user(request.user, pk)
    return attachment(deck.file, deck.file_name)
