import pytest
import time_machine

from .helpers import MONDAY, People


@pytest.fixture(autouse=True)
def in_english(client, settings):
    """Messages are compared in English here; the Chinese catalogue is checked in tests/core."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def people(org):
    return People(org)


@pytest.fixture(autouse=True)
def clock():
    """Monday 2 November 2026, 09:00 in Shanghai; tests move it with clock.move_to(...)."""
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller
