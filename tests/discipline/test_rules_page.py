"""Everyone can read the rules in force, with what each costs and how repeats escalate."""

from decimal import Decimal

from django.urls import reverse

from discipline import services

from .conftest import day


def test_the_rules_in_force_today(english, org):
    english.force_login(org.outsider)

    response = english.get(reverse("discipline:rules"))

    schedules = response.context["schedules"]
    assert [(item["schedule"].code, item["revision"].number, len(item["rules"])) for item in schedules] == [
        ("fines", 8, 23), ("points", 1, 17), ("conduct", 1, 11)]
    page = response.content.decode()
    assert "迟到、早退, 5分钟以内,扣罚20元;" in page
    assert [rule.cost_text() for rule in schedules[1]["rules"] if rule.code in ("Q5", "Q13")] == [
        "3 points per item", "+2 points"]


def test_a_published_revision_that_takes_effect_later_is_announced(english, org, fines_revision):
    ninth = services.revision_clone(revision=fines_revision, by=org.admin)
    ninth.rules.filter(code="F2").update(amount=Decimal("30"))
    services.revision_publish(revision=ninth, effective_from=day(12, 1), by=org.admin)
    english.force_login(org.employee)

    response = english.get(reverse("discipline:rules"))

    fines = response.context["schedules"][0]
    assert (fines["revision"].number, fines["upcoming"].number) == (8, 9)
    assert "Revision 9 takes effect on 2026-12-01." in response.content.decode()
