"""seed_demo's authorization history: every state, grants, a certified revocation, a privileged change, an expired
outside technician; once only, on an intact audit chain."""

from io import StringIO

from django.core.management import call_command

from approvals.models import ApprovalRequest
from audit.services import verify_chain
from authz.models import AccessReview, AccountRequest, ExternalAccess, Grant, KeyActivity, PrivilegedChange, Revocation


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return [line for line in out.getvalue().splitlines() if line.startswith("authz:")]


def test_the_demo_covers_every_state_once_on_an_intact_chain(db):
    first = seed()

    states = set(AccountRequest.objects.values_list("approval__state", flat=True))
    assert states == set(ApprovalRequest.State.values)
    assert AccountRequest.objects.values("system").distinct().count() >= 6
    assert AccountRequest.objects.values("approval__department").distinct().count() >= 4
    assert Grant.objects.active().count() >= 4 and Grant.objects.filter(revoked_at__isnull=False).exists()
    # authz's own certified revocation (offboarding's demo departure adds another, filed from its handover)
    assert Revocation.objects.exclude(certificate_no="").filter(note__startswith="演示：").count() == 1
    assert {change.progress() for change in PrivilegedChange.objects.all()} == {"closed", "approved"}
    assert {access.access_state() for access in ExternalAccess.objects.all()} == {"ended", "active"}
    assert ExternalAccess.objects.get(end_reason="expired").technician_name == "马工"
    assert AccessReview.objects.filter(completed_at__isnull=True).exists()
    assert sorted((activity.kind.code, activity.approval.state, activity.executed_at is not None)
                  for activity in KeyActivity.objects.all()) == [("golive", "approved", True),
                                                                  ("network", "pending", False)]
    # 七: one request waits at IT for its signed consent form; those carried out had theirs
    assert AccountRequest.objects.filter(executed_at__isnull=False, consent_received_at__isnull=True).count() == 0
    checked, broken = verify_chain()
    assert broken is None and checked > 100

    counts = (AccountRequest.objects.count(), Grant.objects.count(), Revocation.objects.count())
    second = seed()

    assert first != ["authz: 0 created"] and second == ["authz: 0 created"]
    assert (AccountRequest.objects.count(), Grant.objects.count(), Revocation.objects.count()) == counts
    assert verify_chain()[1] is None
