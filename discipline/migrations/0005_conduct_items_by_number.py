"""信息科人员考核制度: rules coded by the policy's item numbers, and the items that were missing.

The first seeding coded 迟到60分钟按旷工半天处理 (item 二) as R1 and the bonus rule of item 八 as R9, and left out
items 一 (代签到), 四 (虚报工作量), 十 (生、冷、硬、顶、推) and 十八 (按时归档表格). Each rule of the seed is found in
every revision by its text: a mislabelled one gets its item's code (the rule and its incidents stay the same
row — only the label changes), a missing one is added with the consequence the text gives (record only where
it gives none). A fresh database already has the seed's codes, so this changes nothing there.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

SEED = Path(__file__).resolve().parent.parent / "seed_data" / "schedules.json"
DECIMALS = ("amount", "share_min_percent", "share_max_percent", "at_least", "more_than", "at_most", "measured_max")


def _seed_rules():
    conduct = next(data for data in json.loads(SEED.read_text(encoding="utf-8")) if data["code"] == "conduct")
    return conduct["revision"]["note"], conduct["rules"]


def number_the_items(apps, schema_editor):
    Revision = apps.get_model("discipline", "Revision")
    Rule = apps.get_model("discipline", "Rule")
    note, seed_rules = _seed_rules()
    for revision in Revision.objects.filter(schedule__code="conduct"):
        by_text = {rule.text: rule for rule in Rule.objects.filter(revision=revision)}
        # Relabel first (R1 → R2 frees R1 for item 一), then add what is missing.
        for data in seed_rules:
            rule = by_text.get(data["text"])
            if rule is not None and rule.code != data["code"]:
                rule.code, rule.order = data["code"], data["order"]
                rule.save(update_fields=["code", "order"])
        codes = set(Rule.objects.filter(revision=revision).values_list("code", flat=True))
        for data in seed_rules:
            if data["text"] in by_text or data["code"] in codes:
                continue
            values = {key: value for key, value in data.items() if key not in DECIMALS}
            values.update({key: Decimal(data[key]) for key in DECIMALS if data.get(key) is not None})
            Rule.objects.create(revision=revision, **values)
        if revision.number == 1 and revision.note.startswith("原文未注明日期和修订次数") and revision.note != note:
            revision.note = note
            revision.save(update_fields=["note"])


class Migration(migrations.Migration):
    dependencies = [("discipline", "0004_incident_basis")]

    operations = [migrations.RunPython(number_the_items, migrations.RunPython.noop)]
