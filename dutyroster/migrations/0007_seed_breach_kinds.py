"""The breaches witnessed on duty named by the policies, as admin data (what they cost stays the rule's, in the
discipline schedules: amounts, thresholds and the doubling on repeats):

- 总值班的电话超过3分钟不接的，扣罚20元 (000, F12): the general duty's phone, measured in minutes;
- 电话无人接听5分钟，扣质量分3分，依次加倍 (000, Q6): the service phone of the main shift, in minutes;
- 值班期间不允许睡觉，违反者一次扣罚50元 (F19): every duty;
- 值白班人员要服从值主班人员的安排，无故不服从安排的，一次扣质量分3分 (Q7a): the day shifts, recorded by the
  main shift of that day too;
- 值白付班的还要负责当日的室内卫生，检查卫生不合格扣质量分3分，依次加倍 (Q7b): the assisting day shift;
- 值班人员24小时开机，如关机联系不上一次即扣除当月奖金 (R19): every duty.
"""

from django.db import migrations

KINDS = [
    # code, name, rule, measure, duty types (empty: all), recorder, what counts
    ("phone_general", "总值班电话超过3分钟未接", "F12", "minutes", ["general"], "leaders",
     "总值班的电话超过3分钟不接的，扣罚20元。记录电话响了多少分钟无人接听。"),
    ("phone_service", "服务电话无人接听5分钟", "Q6", "minutes", ["main"], "leaders",
     "接听服务电话以值主班人员为主，电话无人接听5分钟，扣质量分3分，依次加倍。"),
    ("sleeping", "值班期间睡觉", "F19", "", [], "leaders", "值班期间不允许睡觉，违反者一次扣罚50元。"),
    ("disobeyed", "值白班不服从值主班安排", "Q7a", "", ["day", "day_aux"], "main_shift",
     "值白班人员要服从值主班人员的安排，无故不服从安排的，一次扣质量分3分。值主班人员可以记录。"),
    ("cleaning", "值白付班卫生检查不合格", "Q7b", "", ["day_aux"], "leaders",
     "值白付班的还要负责当日的室内卫生，检查卫生不合格扣质量分3分，依次加倍。"),
    ("unreachable", "值班期间关机联系不上", "R19", "", [], "leaders",
     "值班人员不能脱岗，且值班人员24小时开机，如关机联系不上一次即扣除当月奖金。"),
]


def seed(apps, schema_editor):
    BreachKind = apps.get_model("dutyroster", "BreachKind")
    DutyType = apps.get_model("dutyroster", "DutyType")
    for order, (code, name, rule, measure, types, recorder, description) in enumerate(KINDS, start=1):
        kind, created = BreachKind.objects.get_or_create(code=code, defaults={
            "name": name, "rule_code": rule, "measure": measure, "recorder": recorder, "description": description,
            "sort_order": order * 10})
        if created and types:
            kind.duty_types.set(DutyType.objects.filter(code__in=types))


class Migration(migrations.Migration):
    dependencies = [("dutyroster", "0006_breach_kinds")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
