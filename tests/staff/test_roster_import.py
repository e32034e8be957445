"""HR's roster import: the preview writes nothing, every row's outcome has its reason, re-import updates in place,
departures are listed and never deactivated, hostile rows are refused (never a 500)."""

import datetime

import pytest
from django.contrib.auth.models import Group

from audit.models import AuditEntry
from core.errors import ServiceError
from dataimport import registry, services
from dataimport.models import ImportBatch
from staff.models import Department, StaffProfile, User
from staff.roles import Role
from tests.dataimport.helpers import xlsx_upload

ROSTER = registry.get("roster")


def preview(org, rows, scope="all"):
    return services.batch_preview(importer=ROSTER, upload=xlsx_upload(rows), options={"scope": scope}, by=org.hr)


def outcomes(batch):
    return [(o["number"], o["key"], o["action"], o["messages"]) for o in batch.preview["outcomes"]]


def section(batch, title):
    return [item["text"] for s in batch.preview["sections"] if s["title"] == title for item in s["items"]]


def everyone_listed(org):
    return [[p.user.username, p.user.name, p.department.name, "", "", "", "", ""]
            for p in StaffProfile.objects.select_related("user", "department")]


def test_the_preview_lists_each_row_and_writes_nothing(org):
    users_before = User.objects.count()

    batch = preview(org, [
        ["5001", "张三", "心内科", "", "主治医师", datetime.date(2020, 7, 1), "13800000001", "4100"],
        ["1101", "艾丽", "信息科", "", "高级工程师", "", "", ""],
        ["1100", "查理", "信息科", "", "", "", "", ""],
        ["5002", "李四", "急诊科", "主任", "主任医师", "2019/3/4", "", ""],
    ])

    assert outcomes(batch) == [(2, "5001", "create", []), (3, "1101", "update", []), (4, "1100", "unchanged", []),
                               (5, "5002", "create", [])]
    assert batch.preview["outcomes"][1]["changes"] == [["Professional title", "工程师", "高级工程师"]]
    assert section(batch, "Departments to create") == ["急诊科 (1 people)"]
    assert section(batch, "Departments matched") == ["信息科", "心内科"]
    assert section(batch, "Heads and deputies to set") == ["急诊科 head: — → 李四 (5002)"]
    assert section(batch, "Not in the roster: possible departures") == [
        "1102 鲍勃 · 信息科", "2100 多拉 · 人事科", "4100 艾琳 · 心内科", "9100 管理 · 信息科"]
    assert (batch.state, User.objects.count(), Department.objects.filter(name="急诊科").exists()) == (
        "previewed", users_before, False)
    assert AuditEntry.objects.filter(action="dataimport.batch.preview", object_id=str(batch.pk)).count() == 1


def test_importing_creates_accounts_without_a_usable_password_and_records_with_history(org):
    batch = preview(org, [
        ["5001", "张三", "心内科", "", "主治医师", datetime.date(2020, 7, 1), "13800000001", "5002"],
        ["5002", "李四", "急诊科", "主任", "主任医师", "2019/3/4", "", ""],
    ])

    batch = services.batch_apply(batch=batch, by=org.hr, only_valid=False)

    zhang = User.objects.select_related("profile__department", "profile__supervisor", "profile__professional_title").get(
        username="5001")
    assert (zhang.name, zhang.has_usable_password(), zhang.must_change_password, zhang.is_active) == (
        "张三", False, True, True)
    assert list(zhang.groups.values_list("name", flat=True)) == [Role.STAFF.value]
    profile = zhang.profile
    assert (profile.department.name, profile.professional_title.name, profile.hire_date, profile.phone,
            profile.supervisor.username, profile.status) == (
        "心内科", "主治医师", datetime.date(2020, 7, 1), "13800000001", "5002", "regular")
    assert profile.history.get().history_user == org.hr
    emergency = Department.objects.get(name="急诊科")
    assert (emergency.head.username, emergency.code) == ("5002", "d0001")
    assert (batch.state, batch.rows, batch.summary["created"], batch.summary["departments_created"]) == (
        "applied", [], 2, ["急诊科"])
    entry = AuditEntry.objects.get(action="dataimport.batch.apply")
    assert (entry.actor, entry.after["created"], entry.after["sha256"]) == (org.hr, 2, batch.file_sha256)
    assert AuditEntry.objects.filter(action="staff.department.head", object_id=str(emergency.pk)).count() == 1


def test_reimport_updates_in_place_and_empty_cells_keep_values(org):
    services.batch_apply(batch=preview(org, [["5001", "张三", "心内科", "", "主治医师", "2020-07-01", "13800000001",
                                              "4100"]]), by=org.hr, only_valid=False)

    batch = preview(org, [["5001", "张三丰", "信息科", "", "", "", "", ""]])
    assert batch.preview["outcomes"][0]["changes"] == [["Name", "张三", "张三丰"], ["Department", "心内科", "信息科"]]
    services.batch_apply(batch=batch, by=org.hr, only_valid=False)

    zhang = User.objects.get(username="5001")
    assert (zhang.name, zhang.profile.department.name, zhang.profile.professional_title.name, zhang.profile.phone,
            zhang.profile.supervisor.username) == ("张三丰", "信息科", "主治医师", "13800000001", "4100")
    assert User.objects.filter(username="5001").count() == 1
    assert zhang.profile.history.count() == 2


def test_departures_are_listed_never_deactivated(org):
    batch = preview(org, [row for row in everyone_listed(org) if row[0] != "4100"])

    assert section(batch, "Not in the roster: possible departures") == ["4100 艾琳 · 心内科"]
    services.batch_apply(batch=batch, by=org.hr, only_valid=False)
    assert (org.outsider.profile.status, User.objects.get(pk=org.outsider.pk).is_active) == ("regular", True)


def test_a_roster_of_some_departments_lists_only_their_missing_people(org):
    batch = preview(org, [["1101", "艾丽", "信息科", "", "", "", "", ""]], scope="departments")

    assert section(batch, "Not in the roster: possible departures") == [
        "1100 查理 · 信息科", "1102 鲍勃 · 信息科", "9100 管理 · 信息科"]


HOSTILE = [
    ["5001", "张三", "心内科", "", "", "2020-13-45", "", ""],
    ["5002", "李四", "心内科", "", "", "", "", "9999"],
    ["5003", "王五", "心内科", "", "", "", "", "5004"],
    ["5004", "赵六", "心内科", "", "", "", "", "5003"],
    ["5005", "孙七", "心内科", "", "", "", "", ""],
    ["5005", "孙七七", "心内科", "", "", "", "", ""],
    ["5006", "周八", "心内科", "", "宇航员", "", "", ""],
    ["5007", "=cmd|' /C calc'!A0", "心内科", "", "", "", "", ""],
    ["5008", "吴九", "心内科", "", "", "", "abc", ""],
    ["5009", "郑十", "心内科", "", "", "", "", "5008"],
    ["50/10", "x" * 60, "", "", "", "", "", ""],
    ["5011", "陈一", "心内科", "", "", "", "", ""],
]


def test_hostile_rows_get_errors_with_their_reasons(org):
    batch = preview(org, HOSTILE)

    assert outcomes(batch) == [
        (2, "5001", "error", ["The hire date “2020-13-45” is not a date (e.g. 2020-07-01)."]),
        (3, "5002", "error", ["Unknown supervisor 9999: not in this file and not in Xinke."]),
        (4, "5003", "error", ["The supervisors form a circle: 5003 would be above themselves."]),
        (5, "5004", "error", ["The supervisors form a circle: 5004 would be above themselves."]),
        (6, "5005", "error", ["The 工号 5005 appears in rows 6、7."]),
        (7, "5005", "error", ["The 工号 5005 appears in rows 6、7."]),
        (8, "5006", "error", ["Unknown professional title (职称) “宇航员”; an administrator can add it to the list."]),
        (9, "5007", "error", ["The name is missing.",
                              "姓名: a formula or formula-like text (=cmd|' /C calc'!A0) is not accepted; type the "
                              "value itself"]),
        (10, "5008", "error", ["Enter a phone number of digits (and dashes) only."]),
        (11, "5009", "error", ["The supervisor 5008 has an error in row 10."]),
        (12, "50/10", "error", ["An employee number is 3 to 20 letters or digits.",
                                "The name is longer than 50 characters.", "The department is missing."]),
        (13, "5011", "create", []),
    ]


def test_nothing_is_written_while_a_row_is_wrong_unless_only_valid_rows_are_wanted(org):
    batch = preview(org, HOSTILE)

    with pytest.raises(ServiceError) as refused:
        services.batch_apply(batch=batch, by=org.hr, only_valid=False)
    assert refused.value.message == ("11 rows have errors: nothing was imported. Correct the file and upload it again, "
                                     "or import only the valid rows.")
    assert not User.objects.filter(username__startswith="50").exists()

    batch = services.batch_apply(batch=batch, by=org.hr, only_valid=True)

    assert list(User.objects.filter(username__startswith="50").values_list("username", flat=True)) == ["5011"]
    assert AuditEntry.objects.get(action="dataimport.batch.apply").after["skipped_rows"] == list(range(2, 13))
    assert batch.only_valid is True


def test_someone_who_left_is_not_brought_back_by_an_import(org):
    StaffProfile.objects.filter(user=org.outsider).update(status=StaffProfile.Status.DEPARTED)

    batch = preview(org, [["4100", "艾琳", "心内科", "", "", "", "", ""]])

    assert outcomes(batch) == [(2, "4100", "error", [
        "4100 艾琳 has left the hospital (status departed). Someone who returns is taken back on their profile by HR, "
        "not by an import."])]


def test_a_preview_made_stale_by_other_changes_is_refused_and_renewed(org):
    batch = preview(org, [["5001", "张三", "心内科", "", "", "", "", ""]])
    User.objects.create(username="5001", name="别人")

    with pytest.raises(ServiceError) as refused:
        services.batch_apply(batch=batch, by=org.hr, only_valid=False)

    assert refused.value.message == ("The records changed since this preview was made. The preview below is up to date: "
                                     "look at it again, then import.")
    batch.refresh_from_db()
    assert (batch.state, outcomes(batch)) == ("previewed", [(2, "5001", "update", [])])


def test_two_heads_named_for_one_department_change_nobody(org):
    batch = preview(org, [["5001", "张三", "心内科", "主任", "", "", "", ""],
                          ["5002", "李四", "心内科", "主任", "", "", "", ""]])

    assert section(batch, "Heads not set") == [
        "心内科: 5001 张三、5002 李四 all hold a post that makes them head; nobody is changed"]
    services.batch_apply(batch=batch, by=org.hr, only_valid=False)
    assert Department.objects.get(name="心内科").head_id is None


def test_only_hr_imports_the_roster(org):
    for person in (org.employee, org.head, org.admin):
        with pytest.raises(ServiceError):
            services.batch_preview(importer=ROSTER, upload=xlsx_upload([["5001", "张三", "心内科"]]), options={},
                                   by=person)
    assert ImportBatch.objects.count() == 0


def test_an_applied_or_discarded_import_cannot_be_applied_again(org):
    batch = services.batch_discard(batch=preview(org, [["5001", "张三", "心内科", "", "", "", "", ""]]), by=org.hr)

    with pytest.raises(ServiceError) as refused:
        services.batch_apply(batch=batch, by=org.hr, only_valid=False)
    assert refused.value.message == "This import is Discarded; upload the file again to import it."
    assert Group.objects.get(name=Role.STAFF.value).user_set.filter(username="5001").exists() is False
