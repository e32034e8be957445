"""The duty roster in the bell: a duty log waits for its signers until one signs or sends it back (then it waits for
the person until submitted again)."""

from dutyroster.services import records
from notifications.models import Notification

from .conftest import NOW, TODAY, assign


def waiting():
    return sorted(Notification.objects.waiting().values_list("recipient__username", flat=True))


def test_a_duty_log_waits_for_a_signature_then_for_its_completion(org, november, types):
    duty = assign(november, org.employee, TODAY, types["day"])
    records.log_entry_add(assignment=duty, by=org.employee, at=NOW, text_value="巡检机房，正常")
    records.log_submit(assignment=duty, by=org.employee)
    assert waiting() == ["1100", "1102"]

    log = duty.log
    records.log_return(log=log, by=org.supervisor, note="缺少备份记录")
    assert waiting() == ["1101"]

    records.log_submit(assignment=duty, by=org.employee)
    records.log_sign(log=log, by=org.head)
    assert waiting() == []
