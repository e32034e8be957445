"""A write that loses a race for a lock answers with a message and goes back, never a 500 (issue 12.5)."""

import psycopg.errors
import pytest
from django.db import OperationalError
from django.urls import reverse

from approvals import services
from approvals.models import ApprovalRequest
from approvals.services import request_submit
from core.middleware import is_lock_conflict

MESSAGE = "Someone else changed this at the same moment, so nothing was saved. Please look at it again and retry."


def lost_race(error):
    def raise_it(**kwargs):
        raise error
    return raise_it


def deadlock():
    try:
        raise psycopg.errors.DeadlockDetected("deadlock detected")
    except psycopg.errors.DeadlockDetected as cause:
        error = OperationalError("deadlock detected")
        error.__cause__ = cause
        return error


@pytest.mark.parametrize("error", [deadlock(), OperationalError("database is locked")], ids=["postgresql", "sqlite"])
def test_a_lost_race_answers_with_a_message(client, org, make_request, monkeypatch, error):
    request = request_submit(request=make_request(org.employee), by=org.employee)
    client.force_login(org.employee)
    monkeypatch.setattr(services, "request_withdraw", lost_race(error))
    page = reverse("approvals:request_detail", args=[request.pk])

    response = client.post(reverse("approvals:withdraw", args=[request.pk]), headers={"referer": f"http://testserver{page}"})

    assert (response.status_code, response.url) == (302, f"http://testserver{page}")
    assert MESSAGE in client.get(page).content.decode()
    assert ApprovalRequest.objects.get(pk=request.pk).state == ApprovalRequest.State.PENDING


def test_another_sites_referer_goes_home(client, org, make_request, monkeypatch):
    request = request_submit(request=make_request(org.employee), by=org.employee)
    client.force_login(org.employee)
    monkeypatch.setattr(services, "request_withdraw", lost_race(deadlock()))

    response = client.post(reverse("approvals:withdraw", args=[request.pk]), headers={"referer": "https://evil.example/"})

    assert (response.status_code, response.url) == (302, reverse("home"))


def test_other_database_errors_are_not_hidden():
    assert is_lock_conflict(OperationalError("no such table: x")) is False
    assert is_lock_conflict(ValueError("database is locked")) is False


def test_a_number_no_column_can_hold_answers_with_a_message(client, org, make_request, monkeypatch):
    request = request_submit(request=make_request(org.employee), by=org.employee)
    client.force_login(org.employee)
    monkeypatch.setattr(services, "request_withdraw", lost_race(OverflowError("Python int too large to convert to "
                                                                              "SQLite INTEGER")))

    response = client.post(reverse("approvals:withdraw", args=[request.pk]))

    assert (response.status_code, response.url) == (302, reverse("home"))
    assert "A number in what was sent is far too large, so nothing was saved." in client.get(
        reverse("home")).content.decode()
