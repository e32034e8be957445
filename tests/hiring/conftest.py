import pytest


@pytest.fixture(autouse=True)
def in_english(client, settings):
    """Messages are compared in English here; the Chinese catalogue is checked in tests/core."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
