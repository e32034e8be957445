"""Approve and withdraw of the same request at the same moment (issue 12.5), shared by the PostgreSQL test
(in-process threads) and the embedded SQLite one (tests/approvals/sqlite_race.py, in a process of its own)."""

import threading

from django.db import connections
from django.utils import translation

from approvals.models import ApprovalRequest, Step
from approvals.services import Decision, request_withdraw, step_decide
from audit.services import verify_chain
from core.errors import ServiceError
from tests.authz.hospital import active_step, submitted


def approve_and_withdraw_at_once(hospital):
    """One trial: the ward head approves the nurse's account request while she withdraws it. Returns the outcome
    of each ("done", the refusal's message, or "error: …") and the request's state afterwards."""
    account_request = submitted(hospital.nurse)
    step = active_step(account_request)
    barrier = threading.Barrier(2)
    outcomes = {}

    def run(name, action):
        try:
            barrier.wait(timeout=10)
            with translation.override("en"):  # a thread starts in the default language
                action()
            outcomes[name] = "done"
        except ServiceError as refused:
            outcomes[name] = refused.message
        except Exception as error:  # noqa: BLE001 - what the test looks for
            outcomes[name] = f"error: {type(error).__name__}: {error}"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=("approve", lambda: step_decide(
            step=step, by=hospital.ward_head, decision=Decision.APPROVE, comment="同意"))),
        threading.Thread(target=run, args=("withdraw", lambda: request_withdraw(
            request=account_request.approval, by=hospital.nurse))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes, ApprovalRequest.objects.get(pk=account_request.approval_id)


def check_trials(hospital, trials):
    """Run the trials; return the unexpected outcomes (empty when every trial ended well)."""
    expected_approve = {"done", "This request is Withdrawn; nothing more can be decided."}
    problems = []
    for trial in range(trials):
        outcomes, request = approve_and_withdraw_at_once(hospital)
        # The withdrawal always goes through: before the approval, or after it (the request is still pending
        # at the next step); the approval either lands first or is refused with a message.
        if outcomes.get("withdraw") != "done" or outcomes.get("approve") not in expected_approve:
            problems.append((trial, outcomes))
            break  # the request may be left open: the next trial could not file another for the same system
        if request.state != ApprovalRequest.State.WITHDRAWN or request.steps.filter(state=Step.State.ACTIVE).exists():
            problems.append((trial, request.state))
            break
    checked, broken = verify_chain()
    if broken is not None:
        problems.append(("audit chain broken", checked, broken))
    return problems
