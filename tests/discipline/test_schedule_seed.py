"""The data migration holds the three schedules exactly as the policy document writes them."""

import datetime
from decimal import Decimal

from discipline.models import Revision, Rule, Schedule

# 信息科考核办法和相关规定, 8th revision (2022.11.12): item → yuan (rule 1 is the department's double).
MONEY_RULES = {
    "F2": 20, "F3": 50, "F4a": 50, "F4b": 30, "F5": 200, "F6": 50, "F7": 50, "F8": 20, "F9": 10, "F10": 50,
    "F11": 30, "F12": 20, "F13": 50, "F14": 50, "F15": 20, "F16": 50, "F17": 50, "F18": 50, "F19": 50,
    "F20": 200, "F21": 200, "F22": 200,
}


def rules_of(code):
    return {rule.code: rule for rule in Rule.objects.filter(revision__schedule__code=code)}


def test_the_money_schedule_is_the_eighth_revision_in_force_since_2022_11_12(db):
    schedule = Schedule.objects.get(code="fines")

    revision = schedule.revisions.get()

    assert (schedule.name, schedule.unit, schedule.in_force_since) == (
        "信息科考核办法和相关规定", "yuan", datetime.date(2018, 1, 13))
    assert (revision.number, revision.effective_from, revision.state) == (8, datetime.date(2022, 11, 12), "published")


def test_the_22_money_rules_with_their_exact_amounts(db):
    rules = rules_of("fines")

    fines = {code: rule.amount for code, rule in rules.items() if rule.effect == Rule.Effect.FINE}

    assert fines == {code: Decimal(amount) for code, amount in MONEY_RULES.items()}
    # 22 items of the document: item 4 (leave of a day / half a day) is two rules, item 1 is the multiplier
    assert len({code.rstrip("ab") for code in rules}) == 22
    assert (rules["F1"].effect, rules["F1"].amount) == (Rule.Effect.MULTIPLIER, Decimal("2"))
    assert rules["F1"].text == "违反医院的规章制度,科室进行双倍处罚;"


def test_the_money_rules_thresholds_as_written(db):
    rules = rules_of("fines")

    assert (rules["F2"].measure, rules["F2"].at_most) == ("minutes", Decimal("5"))  # 5分钟以内
    assert (rules["F3"].measure, rules["F3"].more_than) == ("minutes", Decimal("15"))  # 超过15分钟
    assert (rules["F12"].measure, rules["F12"].more_than) == ("minutes", Decimal("3"))  # 超过3分钟不接
    assert (rules["F9"].per_item, rules["F14"].per_item) == (True, True)  # 每件扣罚
    assert {rule.escalation for rule in rules.values()} == {Rule.Escalation.NONE}


def test_the_point_schedule_three_points_doubling_and_overtime(db):
    rules = rules_of("points")

    doubling = sorted(code for code, rule in rules.items() if rule.escalation == Rule.Escalation.DOUBLING)
    deductions = {code: rule.amount for code, rule in rules.items() if rule.effect == Rule.Effect.DEDUCTION}
    overtime = rules["Q13"]

    assert doubling == ["Q1", "Q2", "Q3", "Q6", "Q7b"]  # 依次加倍
    assert {rule.escalation_period for rule in rules.values()} == {Rule.Period.MONTH}
    assert set(deductions.values()) == {Decimal("3"), Decimal("10")}
    assert deductions["Q4b"] == Decimal("10")  # 造成严重后果的扣除当月10分值
    assert (rules["Q6"].measure, rules["Q6"].at_least) == ("minutes", Decimal("5"))  # 电话无人接听5分钟
    assert (overtime.effect, overtime.amount, overtime.at_least, overtime.excluded_on_main_shift) == (
        Rule.Effect.BONUS, Decimal("2"), Decimal("2"), True)  # 加班一次(2小时2分)加2分,值主班除外
    assert Schedule.objects.get(code="points").unit == "points"


def test_the_personnel_rules_conversion_bonus_and_compensation(db):
    rules = rules_of("conduct")

    assert (rules["R2"].effect, rules["R2"].amount, rules["R2"].at_least) == (
        Rule.Effect.ABSENCE, Decimal("0.5"), Decimal("60"))  # 二、迟到60分钟按旷工半天处理
    assert (rules["R7"].effect, rules["R7"].share_min_percent, rules["R7"].share_max_percent) == (
        Rule.Effect.COMPENSATION, Decimal("30"), Decimal("60"))  # 赔偿损失的30%—60%
    assert rules["R8"].effect == Rule.Effect.MONTH_BONUS  # 八、因个人因素影响医院及科室评分…扣当奖金
    assert (rules["R13"].more_than, rules["R13"].measure) == (Decimal("30"), "minutes")  # 30分钟内响应
    assert rules["R19"].effect == Rule.Effect.MONTH_BONUS  # 关机联系不上一次即扣除当月奖金


def test_the_personnel_rules_are_coded_by_their_item_numbers(db):
    rules = rules_of("conduct")

    codes = [rule.code for rule in sorted(rules.values(), key=lambda rule: rule.order)]

    assert codes == ["R1", "R2", "R3", "R4", "R5", "R7", "R8", "R10", "R13", "R18", "R19"]
    assert rules["R2"].text == "迟到60分钟按旷工半天处理。"
    assert rules["R8"].text.startswith("个人按时完成本职工作")


def test_the_items_that_give_no_consequence_are_recorded_only(db):
    rules = rules_of("conduct")

    recorded = {code: rule.text for code, rule in rules.items() if rule.effect == Rule.Effect.RECORD}

    assert sorted(recorded) == ["R1", "R10", "R13", "R18", "R3", "R4"]
    assert "代签到" in recorded["R1"]
    assert recorded["R4"] == "不得虚报工作量(含值班、加班等)。"
    assert recorded["R10"] == "工作中不能出现生、冷、硬、顶、推等情况。"
    assert recorded["R18"] == "技术人员必须按照要求按时归档表格。"


def test_every_seeded_rule_passes_its_own_validation(db):
    for rule in Rule.objects.select_related("revision__schedule"):
        rule.full_clean()
    assert Revision.objects.filter(state=Revision.State.PUBLISHED).count() == 3
