"""Objects for the permission matrix's offboarding rows: 艾丽 (employee) leaves; her successor 王工 1106 is none of
the matrix's roles, so the person, the leaders of 信息科 and HR see the handover, the outsider and the admin do not."""

from django.utils import timezone

from offboarding import services
from offboarding.models import EquipmentLine
from core.roles import Role
from tests.authz.hospital import person


def arguments(org, key):
    successor = person("1106", "王工", org.it, [Role.STAFF])
    handover = services.handover_start(person=org.employee, kind="departure", effective_on=timezone.localdate(),
                                       successor=successor, by=org.employee)
    if key == "offboarding_handover":
        return {"pk": handover.pk}
    if key == "offboarding_item":
        return {"pk": handover.pk, "item_pk": handover.items.first().pk}
    if key == "offboarding_equipment":
        line = services.equipment_add(handover=handover, by=org.employee, asset_number="ZC-1", name="显示器",
                                      disposition=EquipmentLine.Disposition.RETURNED)
        return {"pk": handover.pk, "line_pk": line.pk}
    raise KeyError(key)
