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
from core.roles import Role
from tests.dataimport.helpers import xlsx_upload

ROSTER = registry.get("roster")
DEPARTURES = "名单中没有的人员：可能已离岗"
HEAD = "负责人"
EMPLOYEE_NO_RULE = "工号应为 3 至 20 位字母或数字。"


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
    assert batch.preview["outcomes"][1]["changes"] == [["职称", "工程师", "高级工程师"]]
    assert section(batch, "将新建的科室") == ["急诊科（1 人）"]
    assert section(batch, "已匹配的科室") == ["信息科", "心内科"]
    assert section(batch, "将设定的科室负责人和副职") == [f"急诊科 {HEAD}：— → 李四 (5002)"]
    assert section(batch, DEPARTURES) == [
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
    assert batch.preview["outcomes"][0]["changes"] == [["姓名", "张三", "张三丰"], ["科室", "心内科", "信息科"]]
    services.batch_apply(batch=batch, by=org.hr, only_valid=False)

    zhang = User.objects.get(username="5001")
    assert (zhang.name, zhang.profile.department.name, zhang.profile.professional_title.name, zhang.profile.phone,
            zhang.profile.supervisor.username) == ("张三丰", "信息科", "主治医师", "13800000001", "4100")
    assert User.objects.filter(username="5001").count() == 1
    assert zhang.profile.history.count() == 2


def test_departures_are_listed_never_deactivated(org):
    batch = preview(org, [row for row in everyone_listed(org) if row[0] != "4100"])

    assert section(batch, DEPARTURES) == ["4100 艾琳 · 心内科"]
    services.batch_apply(batch=batch, by=org.hr, only_valid=False)
    assert (org.outsider.profile.status, User.objects.get(pk=org.outsider.pk).is_active) == ("regular", True)


def test_a_roster_of_some_departments_lists_only_their_missing_people(org):
    batch = preview(org, [["1101", "艾丽", "信息科", "", "", "", "", ""]], scope="departments")

    assert section(batch, DEPARTURES) == [
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
        (2, "5001", "error", ["入职日期“2020-13-45”不是有效日期（如 2020-07-01）。"]),
        (3, "5002", "error", ["未知的直接上级 9999：既不在本文件中，也不在系统中。"]),
        (4, "5003", "error", ["直接上级形成循环：5003 会成为自己的上级。"]),
        (5, "5004", "error", ["直接上级形成循环：5004 会成为自己的上级。"]),
        (6, "5005", "error", ["工号 5005 在第 6、7 行重复出现。"]),
        (7, "5005", "error", ["工号 5005 在第 6、7 行重复出现。"]),
        (8, "5006", "error", ["未知的职称“宇航员”；可请管理员先添加到可选值中。"]),
        (9, "5007", "error", ["缺少姓名。", "姓名：不接受公式或类似公式的内容（=cmd|' /C calc'!A0），请直接填写数值"]),
        (10, "5008", "error", ["电话号码只能包含数字和连字符（-）。"]),
        (11, "5009", "error", ["直接上级 5008 所在的第 10 行有错误。"]),
        (12, "50/10", "error", [EMPLOYEE_NO_RULE, "姓名超过 50 个字符。", "缺少科室。"]),
        (13, "5011", "create", []),
    ]


def test_nothing_is_written_while_a_row_is_wrong_unless_only_valid_rows_are_wanted(org):
    batch = preview(org, HOSTILE)

    with pytest.raises(ServiceError) as refused:
        services.batch_apply(batch=batch, by=org.hr, only_valid=False)
    assert refused.value.message == "11 行有错误：未导入任何数据。请修改文件后重新上传，或仅导入无误的行。"
    assert not User.objects.filter(username__startswith="50").exists()

    batch = services.batch_apply(batch=batch, by=org.hr, only_valid=True)

    assert list(User.objects.filter(username__startswith="50").values_list("username", flat=True)) == ["5011"]
    assert AuditEntry.objects.get(action="dataimport.batch.apply").after["skipped_rows"] == list(range(2, 13))
    assert batch.only_valid is True


def test_someone_who_left_is_not_brought_back_by_an_import(org):
    StaffProfile.objects.filter(user=org.outsider).update(status=StaffProfile.Status.DEPARTED)

    batch = preview(org, [["4100", "艾琳", "心内科", "", "", "", "", ""]])

    assert outcomes(batch) == [(2, "4100", "error", [
        "4100 艾琳 已离职。返聘人员由人事科在其档案中恢复，不能通过导入恢复。"])]


def test_a_preview_made_stale_by_other_changes_is_refused_and_renewed(org):
    batch = preview(org, [["5001", "张三", "心内科", "", "", "", "", ""]])
    User.objects.create(username="5001", name="别人")

    with pytest.raises(ServiceError) as refused:
        services.batch_apply(batch=batch, by=org.hr, only_valid=False)

    assert refused.value.message == "预览之后记录已有变动。下方预览已按最新数据重新生成：请再核对一遍后导入。"
    batch.refresh_from_db()
    assert (batch.state, outcomes(batch)) == ("previewed", [(2, "5001", "update", [])])


def test_two_heads_named_for_one_department_change_nobody(org):
    batch = preview(org, [["5001", "张三", "心内科", "主任", "", "", "", ""],
                          ["5002", "李四", "心内科", "主任", "", "", "", ""]])

    assert section(batch, "未设定负责人") == [f"心内科：5001 张三、5002 李四 的职务都对应{HEAD}，均不作更改"]
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
    assert refused.value.message == "此次导入的状态为“已放弃”；如需导入，请重新上传文件。"
    assert Group.objects.get(name=Role.STAFF.value).user_set.filter(username="5001").exists() is False


def test_a_second_click_on_import_writes_nothing_more(org):
    batch = preview(org, [["5001", "张三", "心内科", "", "", "", "", ""]])
    services.batch_apply(batch=batch, by=org.hr, only_valid=False)

    with pytest.raises(ServiceError) as refused:
        services.batch_apply(batch=batch, by=org.hr, only_valid=False)

    assert refused.value.message == "此次导入的状态为“已导入”；如需导入，请重新上传文件。"
    assert User.objects.filter(username="5001").count() == 1
    assert AuditEntry.objects.filter(action="dataimport.batch.apply").count() == 1
