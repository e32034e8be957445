"""Reference data of the duty roster that production needs as much as the demo; admins edit it afterwards.

- the duty types of the policies: 总值班 (F8 records, F9 the day's work, F12 the phone within 3 minutes), 值主班 (the
  duty phone and the handover of counted items: F10/F11, Q5, Q6; no overtime bonus, Q13 值主班除外; 24 hours, then
  rest), 值白班 (obeys the main shift, Q7a), 值白付班 (also cleans the room that day, Q7b) and 24-hour on-call
  (24小时开机, R19); sleeping on duty (F19) applies to all;
- the registers kept on duty (数据备份登记, 软件更新、增补登记, 网络安全监管记录 and the machine room's four forms);
- the duty policy row: 15 minutes to respond (004, stricter than 000's 30), 1 hour unattended, 12 hours for a major
  outage, the scorecard points of 004 and the rules proposed.
"""

import datetime

from django.db import migrations

T = datetime.time
TYPES = [
    # code, name, short, category, colour, start, end, answers phone, handover, log, no overtime bonus,
    # rest hours, allows probation, rules, what the shift does, posts (empty: anyone)
    ("general", "总值班", "总", "general", "purple", T(8), T(8), True, False, True, False, 0, False,
     "F8 F9 F12 F19 R19", "总值班做好日常工作记录，安排当天工作；总值班的电话3分钟内接听。", ["head", "deputy_head"]),
    ("main", "值主班", "主", "main", "blue", T(8), T(8), True, True, True, True, 24, True,
     "F10 F11 F19 Q5 Q6 R19",
     "负责接听电话和处理问题，安排值白班人员到现场处理，做好终端反馈故障登记、处理表的登记；每班对物品（备用机数量、"
     "待完成工作、维修工具数量等）进行交接；借出物品填写物品借出登记（包括备用机去向）；当日接收和安装的设备填写登记表。",
     []),
    ("day", "值白班", "白", "day", "green", T(8), T(17, 30), False, False, True, False, 0, True, "F19 Q7a",
     "服从值主班人员的安排，下科室维修硬件设备的填写硬件维护表。", []),
    ("day_aux", "值白付班", "付", "day_aux", "orange", T(8), T(17, 30), False, False, True, False, 0, True,
     "F19 Q7a Q7b", "服从值主班人员的安排；负责当日的室内卫生。", []),
    ("on_call", "24小时值班", "24", "on_call", "grey", T(8), T(8), False, False, False, False, 0, True, "R19",
     "值班人员不能脱岗，24小时开机，保持联系畅通。", []),
]
BOOKS = [
    # code, name, what is recorded, subject heading, daily
    ("backup", "数据备份登记", "数据备份人员严格执行数据备份制度，并进行登记：备份对象、方式、结果。", "系统/数据库", True),
    ("software", "软件更新、增补登记", "值班人员必须对信息系统软件更新、增补进行登记。", "系统", False),
    ("security", "网络安全监管记录", "值班人员必须对网络进行安全监管，并要有记录；每日安全检查记录。", "网络/设备", True),
    ("room_config", "服务器端配置登记表", "机房四表之一：服务器端配置的变更登记。", "服务器", False),
    ("room_faults", "机房日常故障登记表", "机房四表之一：机房日常故障及处理。", "设备", False),
    ("room_log", "机房运行日志", "机房四表之一：机房每日运行情况（温湿度、电源、空调、设备运行）。", "机房", True),
    ("room_hardware", "硬件特殊维护表", "机房四表之一：硬件的特殊维护记录。", "设备", False),
]


def seed(apps, schema_editor):
    DutyType = apps.get_model("dutyroster", "DutyType")
    RegisterBook = apps.get_model("dutyroster", "RegisterBook")
    DutyPolicy = apps.get_model("dutyroster", "DutyPolicy")
    Post = apps.get_model("staff", "Post")
    DutyPolicy.objects.get_or_create(pk=1)
    for order, row in enumerate(TYPES, start=1):
        (code, name, short, category, colour, start, end, phone, handover, log, no_bonus, rest, probation, rules,
         duties, posts) = row
        duty_type, created = DutyType.objects.get_or_create(code=code, defaults={
            "name": name, "short": short, "category": category, "colour": colour, "starts_at": start, "ends_at": end,
            "answers_phone": phone, "needs_handover": handover, "needs_log": log, "no_overtime_bonus": no_bonus,
            "rest_hours_after": rest, "allows_probation": probation, "rule_codes": rules, "duties": duties,
            "sort_order": order * 10})
        if created and posts:
            duty_type.posts.set(Post.objects.filter(code__in=posts))
    for order, (code, name, description, subject, daily) in enumerate(BOOKS, start=1):
        RegisterBook.objects.get_or_create(code=code, defaults={
            "name": name, "description": description, "subject_label": subject, "is_daily": daily,
            "sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("dutyroster", "0001_duty_roster"), ("staff", "0002_seed_posts")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
