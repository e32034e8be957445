"""seed_demo's handovers: one completed departure with its certificate and record, one transfer in progress where
张伟 (1003) has items to check; once only, on an intact audit chain."""

import subprocess
from io import StringIO

from django.core.management import call_command

from audit.services import verify_chain
from core.home import pending_work
from offboarding.models import Handover
from offboarding.record import handover_record_pdf
from staff.models import User


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return [line for line in out.getvalue().splitlines() if line.startswith("offboarding:")]


def test_the_demo_has_a_completed_departure_and_a_transfer_in_progress(db, clock):
    first = seed()

    done = Handover.objects.get(state=Handover.State.COMPLETED)
    assert (done.person.username, done.person.is_active, done.kind) == ("1011", False, "departure")
    assert done.revocation.certificate_no != "" and done.applied_at is not None
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=handover_record_pdf(done), capture_output=True,
                          check=True).stdout.decode()
    assert "钱峰" in text and "刘洋" in text and done.revocation.certificate_no in text
    moving = Handover.objects.get(state=Handover.State.OPEN)
    assert (moving.person.username, moving.kind, moving.successor.username) == ("1007", "transfer", "1003")
    titles = [item.title for item in pending_work(User.objects.get(username="1003"))]
    assert "Check and confirm the handover of 赵磊" in titles
    assert verify_chain()[1] is None

    assert first == ["offboarding: 2 created"] and seed() == ["offboarding: 0 created"]
    assert Handover.objects.count() == 2
