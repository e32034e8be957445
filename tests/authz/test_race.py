"""Two approvers act on the same step at the same moment: exactly one wins (a row lock on PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections
from django.utils import translation

from approvals.models import Delegation, Step
from approvals.services import Decision, step_decide
from core.errors import ServiceError

from .hospital import Hospital, active_step, policy_loaded, submitted  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"),
]


def test_two_simultaneous_approvals_one_wins(policy_loaded, org):
    import datetime

    from django.utils import timezone

    hospital = Hospital(org)
    today = timezone.localdate()
    # The head's delegate may decide the same step: two people, one step.
    Delegation.objects.create(delegator=hospital.ward_head, delegate=hospital.doctor, starts_on=today,
                              ends_on=today + datetime.timedelta(days=1))
    account_request = submitted(hospital.nurse)
    step = active_step(account_request)
    barrier = threading.Barrier(2)
    outcomes = {}

    def decide(person):
        try:
            barrier.wait(timeout=10)
            with translation.override("en"):  # a thread starts in the default language
                step_decide(step=step, by=person, decision=Decision.APPROVE, comment=person.username)
            outcomes[person.username] = "won"
        except ServiceError as refused:
            outcomes[person.username] = refused.message
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(person,)) for person in (hospital.ward_head, hospital.doctor)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    winners = [name for name, outcome in outcomes.items() if outcome == "won"]
    assert len(winners) == 1
    loser = ({"4900", "4101"} - set(winners)).pop()
    winner_name = {"4900": "罗主任", "4101": "梁医生"}[winners[0]]
    assert outcomes[loser] == f"This step was already decided by {winner_name}."
    step = Step.objects.get(pk=step.pk)
    assert (step.state, step.comment) == (Step.State.APPROVED, winners[0])
    assert Step.objects.filter(request=step.request, state=Step.State.ACTIVE).count() == 1
