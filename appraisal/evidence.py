"""Scorecard lines proposed from other domains' records: the evidence behind a bonus or a deduction (考核加减分).

A domain whose records count on the monthly scorecard registers a line source, once, in its AppConfig.ready():

    from appraisal.evidence import register_line_source
    register_line_source("training", label=_("training"), evidence_label=_("training #%(id)s"),
                         propose=missed_trainings, evidence_url=training_url)

- `propose(user, period)` returns the month's ProposedLine for the person (period: the month's first day), with
  a constant number of queries. Called when the self-assessment is submitted (or skipped) and when the reviewer
  asks again; it must be idempotent: the same record gives the same line (matched by its evidence id).
- `evidence_url(evidence_id)` is the record's page ("" when there is none).
- `facts(user, period)` (optional) returns SourceFacts: what the month's records say whether or not a line is
  proposed (training: sessions attended, hours, exams, weekly tests, slides), shown to the reviewer beside the lines.

Proposed lines count only once the reviewer accepts them; dismissed ones stay visible. A record that no longer
counts (cancelled, overturned) disappears from the scorecard at the next proposal; its points follow an appeal.
Appraisal imports no domain that registers here (discipline, which appraisal sits above, is registered by
appraisal's own apps.py).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class ProposedLine:
    kind: str  # Adjustment.Kind: "bonus" or "deduction"
    evidence_id: int  # the record's id in its source (an incident, a missed training, a duty breach)
    date: datetime.date
    fact: str  # the item's wording (事实)
    basis: str  # why it counts: the rule and how it applies (依据和理由)
    points: Decimal
    rule_code: str = ""  # the policy item it applies, shown beside the line


@dataclass(frozen=True)
class SourceFacts:
    """A short summary of a person's month in one domain, for the reviewer: (name, value) pairs and a link."""

    label: str
    facts: tuple  # ((name, value), ...)
    url: str = ""


@dataclass(frozen=True)
class LineSource:
    source: str
    label: str  # a short badge: 纪律, 培训, 值班
    evidence_label: str  # the record's name with its number, e.g. "incident #%(id)s"
    propose: Callable
    evidence_url: Callable
    facts: Callable | None = None

    def evidence_text(self, evidence_id):
        return self.evidence_label % {"id": evidence_id}


_sources = {}


def register_line_source(source, *, label, evidence_label, propose, evidence_url, facts=None):
    if source == "reviewer":
        raise ImproperlyConfigured("“reviewer” is the source of the lines a reviewer enters.")
    _sources[source] = LineSource(source=source, label=label, evidence_label=evidence_label, propose=propose,
                                  evidence_url=evidence_url, facts=facts)


def month_facts(user, period):
    """Every source's SourceFacts for a person's month (the sources that give them)."""
    found = (source.facts(user, period) for source in _sources.values() if source.facts is not None)
    return [facts for facts in found if facts is not None]


def line_sources():
    return list(_sources.values())


def line_source(source):
    try:
        return _sources[source]
    except KeyError:
        raise ImproperlyConfigured(f"No app registered the scorecard line source {source!r}.") from None
