import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from .. import access, rules
from ..evidence import scorecard_evidence
from ..models import EvidenceProposal


@require_safe
def evidence(request, username, year, month):
    """The training facts behind a person's monthly scorecard (副科长、安全管理员… items), and the deductions they
    may justify: the person, their leaders and supervisor (the reviewer), HR."""
    person = access.get_person_for_hours(request.user, username)
    try:
        period = datetime.date(year, month, 1)
    except ValueError:
        raise Http404 from None
    facts = scorecard_evidence(person, period)
    previous = (period - datetime.timedelta(days=1)).replace(day=1)
    following = (period + datetime.timedelta(days=32)).replace(day=1)
    return render(request, "training/evidence.html", {
        "person": person, "period": period, "evidence": facts, "ledger": facts.ledger, "year": period.year,
        "previous": previous, "following": following})


def evidence_line(request, pk):
    """From a proposed scorecard line to the month's facts."""
    proposal = get_object_or_404(EvidenceProposal.objects.select_related("person"), pk=pk)
    if not rules.can_view_evidence(request.user, proposal.person):
        raise Http404
    return redirect(proposal)
