"""Load the department's three schedules as written in the policy document.

Reference data that production needs as much as the demo: 信息科考核办法和相关规定 (22 rules in yuan, 8th
revision in force from 2022-11-12), 医院信息科考核办法 (quality points) and 信息科人员考核制度. Admins change
them afterwards by cloning a revision into a draft and publishing it.
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

SEED = Path(__file__).resolve().parent.parent / "seed_data" / "schedules.json"
DECIMALS = ("amount", "share_min_percent", "share_max_percent", "at_least", "more_than", "at_most", "measured_max")


def load_schedules(apps, schema_editor):
    Schedule = apps.get_model("discipline", "Schedule")
    Revision = apps.get_model("discipline", "Revision")
    Rule = apps.get_model("discipline", "Rule")
    for data in json.loads(SEED.read_text(encoding="utf-8")):
        if Schedule.objects.filter(code=data["code"]).exists():
            continue
        schedule = Schedule.objects.create(
            code=data["code"], name=data["name"], unit=data["unit"], sort_order=data["sort_order"],
            in_force_since=datetime.date.fromisoformat(data["in_force_since"]), preamble=data["preamble"],
        )
        revision = Revision.objects.create(
            schedule=schedule, number=data["revision"]["number"], state="published",
            effective_from=datetime.date.fromisoformat(data["revision"]["effective_from"]),
            note=data["revision"]["note"],
        )
        for rule in data["rules"]:
            values = {key: value for key, value in rule.items() if key not in DECIMALS}
            values.update({key: Decimal(rule[key]) for key in DECIMALS if rule.get(key) is not None})
            Rule.objects.create(revision=revision, **values)


class Migration(migrations.Migration):
    dependencies = [("discipline", "0001_initial")]

    operations = [migrations.RunPython(load_schedules, migrations.RunPython.noop)]
