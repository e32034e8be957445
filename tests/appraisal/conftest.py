import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english(client, settings):
    """Assert the product's own words in English, whatever the Chinese catalogue says (the UI defaults to
    Chinese; the Chinese policy terms and the exported score sheets are checked as they are)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def november(org):
    """The org's November 2026 scorecards, with the clock at 25 November, 10:00 in the hospital."""
    import time_machine

    from .helpers import NOW, open_month

    with time_machine.travel(NOW, tick=False):
        open_month()
        yield


@pytest.fixture(autouse=True)
def only_discipline_lines(monkeypatch):
    """Appraisal's own tests see the lines appraisal proposes itself (discipline). Training and the duty roster
    propose lines too (a deputy head with no weekly test on record, a late fault call); their own tests check those
    (tests/training/test_scorecard_lines.py, tests/dutyroster/test_scorecard_lines.py)."""
    from appraisal import evidence

    monkeypatch.setattr(evidence, "_sources", {
        source: line_source for source, line_source in evidence._sources.items() if source == "discipline"})
