"""0005 relabels the conduct rules of an existing database by item number and adds the missing items.

A database seeded before it has R1 = 迟到60分钟按旷工半天处理 (item 二) with an incident judged by it, and R9 = the
bonus rule of item 八; after it the same rows are R2 and R8 (the incident still points at its rule) and items
一, 四, 十 and 十八 are there.
"""

import datetime
import importlib

from tests.migrator import migrate  # noqa: F401 (the fixture)

BEFORE = [("discipline", "0004_incident_basis")]
AFTER = [("discipline", "0005_conduct_items_by_number")]


def test_an_old_database_gets_item_numbers_and_the_missing_items(migrate):
    apps = migrate(BEFORE)
    # A transactional test before this one may have flushed the reference data: load the seed (idempotent).
    importlib.import_module("discipline.migrations.0002_seed_schedules").load_schedules(apps, None)
    Rule = apps.get_model("discipline", "Rule")
    Incident = apps.get_model("discipline", "Incident")
    conduct = Rule.objects.filter(revision__schedule__code="conduct")
    # The database as the first seeding left it.
    conduct.filter(code__in=["R1", "R4", "R10", "R18"]).delete()
    conduct.filter(code="R2").update(code="R1", order=10)
    conduct.filter(code="R8").update(code="R9", order=90)
    late = conduct.get(code="R1")
    person = apps.get_model("staff", "User").objects.create(username="7001", name="旧")
    department = apps.get_model("staff", "Department").objects.create(code="old-it", name="旧信息科", kind="it")
    incident = Incident.objects.create(person=person, department=department, rule=late, facts="迟到75分钟",
                                       occurred_on=datetime.date(2026, 10, 5), state="acknowledged")

    apps = migrate(AFTER)
    Rule = apps.get_model("discipline", "Rule")
    rules = {rule.code: rule for rule in Rule.objects.filter(revision__schedule__code="conduct")}

    assert sorted(rules, key=lambda code: rules[code].order) == [
        "R1", "R2", "R3", "R4", "R5", "R7", "R8", "R10", "R13", "R18", "R19"]
    assert rules["R2"].pk == late.pk and rules["R2"].text == "迟到60分钟按旷工半天处理。"
    assert apps.get_model("discipline", "Incident").objects.get(pk=incident.pk).rule.code == "R2"
    assert "代签到" in rules["R1"].text and rules["R1"].effect == "record"
    assert rules["R8"].effect == "month_bonus"
