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
