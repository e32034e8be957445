"""Bulk rows for the leave benchmark and the query-count tests: staff in one department and their leave
requests spread over the year, of every type and state. Written with bulk_create (no approval requests), so
50,000 requests take seconds.

Not a demo: the rows are plausible but uniform. The real flows are exercised by the services' tests.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from leave.models import Half, LeaveRequest, LeaveType, slot
from staff.models import StaffProfile, User

from .authz_seed import BATCH, _name

STATES = [LeaveRequest.State.APPROVED, LeaveRequest.State.CLOSED, LeaveRequest.State.PENDING,
          LeaveRequest.State.REJECTED]


@transaction.atomic
def bulk_staff(*, department, count, prefix="l", supervisor=None):
    users = User.objects.bulk_create([
        User(username=f"{prefix}{i:06d}", name=_name(i), password="!", must_change_password=False)
        for i in range(count)
    ], batch_size=BATCH)
    StaffProfile.objects.bulk_create([
        StaffProfile(user=user, department=department, status=StaffProfile.Status.REGULAR, supervisor=supervisor,
                     hire_date=datetime.date(2015, 1, 1))
        for user in users
    ], batch_size=BATCH)
    return users


@transaction.atomic
def bulk_leaves(*, people, count, department, first_day=datetime.date(2026, 1, 5)):
    """`count` leave requests for `people` in turn, one or two days each, a week apart per person."""
    types = list(LeaveType.objects.all())
    leaves = []
    for i in range(count):
        person = people[i % len(people)]
        start = first_day + datetime.timedelta(days=7 * (i // len(people)) % 350)
        end = start + datetime.timedelta(days=i % 2)
        leaves.append(LeaveRequest(
            person=person, department=department, leave_type=types[i % len(types)], starts_on=start,
            start_half=Half.MORNING, ends_on=end, end_half=Half.AFTERNOON, first_slot=slot(start, Half.MORNING),
            last_slot=slot(end, Half.AFTERNOON), working_days=Decimal(1 + i % 2), reason="家中有事",
            state=STATES[i % len(STATES)], cover=people[(i + 1) % len(people)],
        ))
    LeaveRequest.objects.bulk_create(leaves, batch_size=BATCH)
    return len(leaves)
