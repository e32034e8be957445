"""Every test finds the reference data the migrations seed (posts, titles, fine and point schedules, request types
and chains, the authorization policy, roles, duty types…), whatever ran before it in its process.

A transactional test (transactional_db, live_server, django_db(transaction=True)) ends with a flush that empties
every table. Django's answer is serialized_rollback: the data is serialized once when the test database is made,
restored when each such test starts, and the flush leaves post_migrate alone. So every transactional test is given
serialized_rollback at collection, instead of each test reloading what it happens to need.

One catch: once Playwright's sync API runs its event loop in this thread, Django hands out other connection
objects (asgiref keeps them per context), and they lack the serialized data, so nothing would be restored after
the first browser test. `share_serialized_data()` gives it to them before each test.
"""

import pytest
from django.db import connections
from pytest_django.fixtures import validate_django_db

_serialized = {}


def is_transactional(item):
    from django.test import TestCase, TransactionTestCase

    test_class = getattr(item, "cls", None)
    if test_class and issubclass(test_class, TransactionTestCase):
        return not issubclass(test_class, TestCase)
    fixtures = getattr(item, "fixturenames", ())
    if "transactional_db" in fixtures or "live_server" in fixtures:
        return True
    marker = item.get_closest_marker("django_db")
    if marker:
        transaction, reset_sequences, *_rest = validate_django_db(marker)
        return bool(transaction or reset_sequences)
    return False


def serialize_transactional_tests(items):
    """At collection: serialized_rollback for every transactional test (pytest-django then serializes the test
    database once as it creates it)."""
    for item in items:
        if not is_transactional(item) or getattr(item, "cls", None):
            continue
        marker = item.get_closest_marker("django_db")
        _transaction, reset_sequences, databases, _serialized_rollback, available_apps = (
            validate_django_db(marker) if marker else (True, False, None, False, None))
        item.add_marker(pytest.mark.django_db(
            transaction=True, reset_sequences=reset_sequences, databases=databases, serialized_rollback=True,
            available_apps=available_apps), append=False)  # before a django_db mark of its own


def share_serialized_data():
    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            _serialized.setdefault(connection.alias, contents)
        elif connection.alias in _serialized:
            connection._test_serialized_contents = _serialized[connection.alias]

