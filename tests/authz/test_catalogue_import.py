"""The information-system catalogue imported from Excel: systems and permission sets added or updated in place, who
a set is granted to (职务/职称), hostile rows refused, audited."""

import pytest

from audit.models import AuditEntry
from authz.models import InformationSystem, PermissionSet
from core.errors import ServiceError
from dataimport import registry, services
from tests.dataimport.helpers import xlsx_upload

CATALOGUE = registry.get("systems")
HEADERS = ["系统名称", "系统编码", "审批科室", "关键系统", "涉及全院", "系统说明", "权限组", "权限组编码", "权限说明",
           "可授予职务", "可授予职称", "不符合时"]


def preview(by, rows):
    return services.batch_preview(importer=CATALOGUE, upload=xlsx_upload(rows, headers=HEADERS), options={}, by=by)


def outcomes(batch):
    return [(o["number"], o["key"], o["label"], o["action"], o["messages"]) for o in batch.preview["outcomes"]]


def test_a_new_system_with_its_sets_and_a_known_set_restricted(hospital):
    batch = preview(hospital.org.admin, [
        ["手术麻醉系统", "anesthesia", "医务科", "是", "否", "手术排程与麻醉记录", "麻醉医生", "", "麻醉记录单", "", "主任医师、主治医师", "拒绝"],
        ["手术麻醉系统", "", "", "", "", "", "手术室护士", "", "术中护理记录", "护士长", "", "由负责人决定"],
        ["医生工作站", "doctor_ws", "", "", "", "", "医嘱审核", "", "", "主任、副主任", "不限", ""],
    ])

    assert outcomes(batch) == [(2, "手术麻醉系统", "麻醉医生", "create", []), (3, "手术麻醉系统", "手术室护士", "create", []),
                               (4, "医生工作站", "医嘱审核", "update", [])]
    assert batch.preview["outcomes"][2]["changes"] == [["可授予职务", "", "主任、副主任"]]
    services.batch_apply(batch=batch, by=hospital.org.admin, only_valid=False)

    system = InformationSystem.objects.get(code="anesthesia")
    assert (system.owner_department.name, system.is_critical, system.is_hospital_wide) == ("医务科", True, False)
    anaesthetist, theatre_nurse = PermissionSet.objects.filter(system=system).order_by("pk")
    assert (anaesthetist.eligibility_text(), anaesthetist.when_not_eligible) == ("主任医师、主治医师", "refuse")
    assert (theatre_nurse.code, theatre_nurse.eligibility_text(), theatre_nurse.when_not_eligible) == (
        "set-2", "护士长", "ask_owner")
    assert PermissionSet.objects.get(system__code="doctor_ws", name="医嘱审核").eligibility_text() == "主任、副主任"
    assert AuditEntry.objects.filter(action="authz.permissionset.import").count() == 3
    assert AuditEntry.objects.filter(action="dataimport.batch.apply").count() == 1


def test_hostile_catalogue_rows_are_refused(hospital):
    batch = preview(hospital.org.admin, [
        ["新系统", "", "", "", "", "", "权限一", "", "", "", "", ""],
        ["护士工作站", "nurse_ws", "护理部", "也许", "", "", "病区护士", "", "", "院长、宇航员", "", "看情况"],
        ["护士工作站", "nurse_ws", "财务科", "", "", "", "护士长", "bad code!", "", "", "", ""],
        ["医生工作站", "doctor_ws", "", "", "", "", "门诊医生", "", "", "", "", ""],
        ["医生工作站", "doctor_ws", "", "", "", "", "门诊医生", "", "", "", "", ""],
    ])

    assert outcomes(batch) == [
        (2, "新系统", "权限一", "error", ["A new system needs its approving department (审批科室)."]),
        (3, "护士工作站", "病区护士", "error", ["Write 是 or 否, not “也许”.", "Unknown position: 宇航员.",
                                          "不符合时 is 拒绝 or 由负责人决定, not “看情况”."]),
        (4, "护士工作站", "护士长", "error", ["A code may hold only letters, digits, - and _ (at most 50).",
                                        "Row 3 gives this system a different 审批科室."]),
        (5, "医生工作站", "门诊医生", "error", ["The permission set appears in rows 5、6."]),
        (6, "医生工作站", "门诊医生", "error", ["The permission set appears in rows 5、6."]),
    ]


def test_only_admins_import_the_catalogue(hospital):
    for person in (hospital.org.hr, hospital.org.head, hospital.it):
        with pytest.raises(ServiceError):
            preview(person, [["医生工作站", "doctor_ws", "", "", "", "", "", "", "", "", "", ""]])
