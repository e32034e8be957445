"""A leave ended without a recorded return waits in the bell of the person and their leaders until someone
records the return."""

import datetime

import time_machine

from leave import services
from leave.models import Half
from notifications.models import Notification

D = datetime.date


def waiting(leave):
    return sorted(Notification.objects.waiting().filter(url=leave.get_absolute_url())
                  .values_list("recipient__username", flat=True))


def test_the_overdue_return_waits_until_recorded(apply, approve, org):
    leave = approve(apply(D(2026, 9, 22), D(2026, 9, 22)))
    services.remind_overdue_returns(today=D(2026, 9, 23))
    assert waiting(leave) == ["1100", "1101", "1102"]

    with time_machine.travel(datetime.datetime(2026, 9, 23, 9, 0), tick=False):
        services.leave_return(leave=leave, by=org.supervisor, back_on=D(2026, 9, 23), back_half=Half.MORNING)

    assert waiting(leave) == []
