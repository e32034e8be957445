"""The people of a handover around the base fixture (tests/conftest.py) and tests/authz/hospital.py:

- leaver: 艾丽 1101 (org.employee), IT staff, holds 门诊医生 on 医生工作站 (account "aili")
- successor: 王工 1106, IT staff (接交人员)
- it: 张工 1105 (hospital.it2), IT staff who revokes; head 查理 1100 signs the revocation; HR 多拉 2100 and 吴芳 2101
"""

import datetime
from zoneinfo import ZoneInfo

import pytest

from approvals.services import Decision, step_decide
from authz import services as authz_services
from core.errors import ServiceError
from offboarding import services
from offboarding.models import Handover
from core.roles import Role
from tests.authz.hospital import Hospital, active_step, granted, person

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)


def refused(call, **kwargs):
    with pytest.raises(ServiceError) as refusal:
        call(**kwargs)
    return refusal.value.message


class People:
    def __init__(self, org):
        self.org = org
        self.hospital = Hospital(org)
        self.leaver = org.employee
        self.successor = person("1106", "王工", org.it, [Role.STAFF])
        self.it = self.hospital.it2
        self.hr = org.hr
        self.hr2 = self.hospital.hr2

    @staticmethod
    def clock_today():
        from django.utils import timezone

        return timezone.localdate()

    def with_grant(self):
        granted(self.leaver, self.it, "doctor_ws", ("门诊医生",), account_id="aili")
        return self


def start(people, by=None, kind=Handover.Kind.DEPARTURE, effective_on=None, **kwargs):
    return services.handover_start(person=people.leaver, kind=kind, effective_on=effective_on or MONDAY.date(),
                                   successor=people.successor, by=by or people.leaver, **kwargs)


def hand_over_everything(handover):
    for item in handover.items.all():
        services.item_hand_over(item=item, by=item.owner, note="已当面交付")


def confirm_everything(handover, people):
    for item in handover.items.exclude(state="confirmed"):
        services.item_confirm(item=item, by=people.successor)
    for line in handover.equipment.filter(confirmed_at__isnull=True):
        services.equipment_confirm(line=line, by=people.successor)
    return services.handover_confirm(handover=handover, by=people.successor)


def sign_revocation(handover, people):
    """The department's permission owner (head 查理) and HR (吴芳) sign; IT's step is next."""
    revocation = handover.revocation
    step_decide(step=active_step(revocation), by=people.org.head, decision=Decision.APPROVE, comment="同意")
    step_decide(step=active_step(revocation), by=people.hr2, decision=Decision.APPROVE, comment="人事科已核实")
    return revocation


def through_to_certificate(handover, people):
    """Everything up to HR's completion: items, successor's confirmation and password change, the certificate."""
    hand_over_everything(handover)
    confirm_everything(handover, people)
    services.handover_passwords_changed(handover=handover, by=people.successor)
    revocation = sign_revocation(handover, people)
    authz_services.revocation_execute(revocation=revocation, by=people.it)
    handover.refresh_from_db()
    return handover
