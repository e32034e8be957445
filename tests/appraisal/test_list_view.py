"""The scorecard list: who sees which rows, the filters, and a constant number of queries."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appraisal.models import AppraisalPolicy, Scorecard, ScorecardTemplate
from staff.models import User
from tests.factories import DepartmentFactory

from ..html import find_all
from .helpers import NOVEMBER, NOW, submitted

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_session_renewal")]
LIST = reverse("appraisal:list")
MAX_QUERIES = 15


def people_in_list(response):
    return [scorecard.user.username for scorecard in response.context["page"].object_list]


@pytest.mark.parametrize("role, expected", [
    ("employee", ["1101"]), ("supervisor", ["1101", "1102"]), ("head", ["1101", "1102"]), ("hr", ["1101", "1102"]),
    ("outsider", []), ("admin", []),
])
def test_each_person_sees_only_what_they_may(client, org, november, role, expected):
    client.force_login(org.by_role(role))

    response = client.get(LIST)

    assert response.status_code == 200
    assert sorted(people_in_list(response)) == expected


def test_the_filters(client, org, november):
    with time_machine.travel(NOW, tick=False):
        submitted(org.employee)
    client.force_login(org.supervisor)

    assert people_in_list(client.get(LIST, {"view": "mine"})) == ["1102"]
    assert people_in_list(client.get(LIST, {"view": "review"})) == ["1101"]
    assert people_in_list(client.get(LIST, {"state": "review"})) == ["1101"]
    assert people_in_list(client.get(LIST, {"q": "艾丽"})) == ["1101"]
    assert people_in_list(client.get(LIST, {"month": "2026-10"})) == []
    assert sorted(people_in_list(client.get(LIST, {"month": "2026-11", "department": org.it.pk}))) == ["1101", "1102"]
    assert people_in_list(client.get(LIST, {"month": "November"})) == []  # an invalid filter shows nothing


def test_the_row_offers_the_next_step(client, org, november):
    with time_machine.travel(NOW, tick=False):
        submitted(org.employee)
    client.force_login(org.supervisor)

    response = client.get(LIST)

    links = {attrs["href"] for _tag, attrs, text in find_all(response, "href") if text in ("Review", "Fill in")}
    employee = Scorecard.objects.get(user=org.employee)
    supervisor = Scorecard.objects.get(user=org.supervisor)
    assert links == {reverse("appraisal:review", args=[employee.pk]),
                     reverse("appraisal:self_assessment", args=[supervisor.pk])}


def add_scorecards(org, count, start, period=NOVEMBER):
    """Scorecards of people each in their own department, with the supervisor as reviewer."""
    template = ScorecardTemplate.objects.get(post__code="network_admin")
    users = User.objects.bulk_create([User(username=f"7{n:05d}", name=f"员工{n}") for n in range(start, start + count)])
    departments = [DepartmentFactory(code=f"q{n}", name=f"科室Q{n}") for n in range(start, start + min(count, 20))]
    Scorecard.objects.bulk_create([
        Scorecard(user=user, period=period, template=template, department=departments[index % len(departments)],
                  reviewer=org.supervisor, self_deadline=AppraisalPolicy.current().deadlines_for(period)[0],
                  review_deadline=AppraisalPolicy.current().deadlines_for(period)[1])
        for index, user in enumerate(users)
    ])


def list_queries(client, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, params or {})
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("role", ["supervisor", "hr"])
@pytest.mark.parametrize("params", [{}, {"state": "self", "month": "2026-11"}, {"q": "员工", "department": ""}])
def test_list_queries_do_not_grow_with_the_number_of_rows(client, org, november, role, params):
    client.force_login(org.by_role(role))
    client.get(LIST)
    add_scorecards(org, 8, start=0)
    assert Scorecard.objects.count() == 10

    with_ten, response = list_queries(client, params)
    add_scorecards(org, 990, start=8)
    assert Scorecard.objects.count() == 1000
    with_thousand, response = list_queries(client, params)

    assert with_thousand == with_ten
    assert with_thousand <= MAX_QUERIES
    assert len(response.context["page"].object_list) == 50


def test_a_page_keeps_the_lists_order_when_its_ids_come_first(client, org, november):
    """The list pages ids first (a narrow query), then fetches those rows: the order is the month, then the
    department's place, then the employee number, as it always was."""
    add_scorecards(org, 120, start=0)
    client.force_login(org.hr)

    pages = [client.get(LIST, {"page": number}).context["page"].object_list for number in (1, 2, 3)]

    expected = list(Scorecard.objects.order_by("-period", "department__sort_order", "user__username")
                    .values_list("pk", flat=True))
    assert [scorecard.pk for page in pages for scorecard in page] == expected
    assert [type(scorecard.user).__name__ for scorecard in pages[0][:1]] == ["User"]


def test_pages_across_months_keep_the_order_and_the_count(client, org, november):
    """Only the months a page covers are sorted: pages that start or end inside a month, or span three, still list
    every scorecard once in the list's order, filtered or not."""
    add_scorecards(org, 40, start=0)
    add_scorecards(org, 30, start=40, period=NOVEMBER.replace(month=10))
    add_scorecards(org, 45, start=70, period=NOVEMBER.replace(month=9))
    add_scorecards(org, 3, start=115, period=NOVEMBER.replace(month=7))
    client.force_login(org.hr)

    for params, scorecards in (({}, Scorecard.objects.all()),
                               ({"q": "员工1"}, Scorecard.objects.filter(user__name__icontains="员工1"))):
        expected = list(scorecards.order_by("-period", "department__sort_order", "user__username")
                        .values_list("pk", flat=True))
        pages = [client.get(LIST, {**params, "page": number}).context["page"]
                 for number in range(1, (len(expected) + 49) // 50 + 1)]
        assert pages[0].paginator.count == len(expected)
        assert [scorecard.pk for page in pages for scorecard in page.object_list] == expected


def test_the_show_select_names_what_an_unfiltered_list_shows(client, org, november):
    client.force_login(org.supervisor)

    html = client.get(LIST).content.decode()

    # The first option is what the browser shows selected: the unfiltered list is everything one may see.
    first_option = html.split('name="view"', 1)[1].split("<option", 2)[1]
    assert first_option.startswith(' value="all"')


@pytest.mark.parametrize("role, filters, expected", [
    ("head", {}, (True, True)),  # heads 信息科: its overview and its 360° rounds
    ("supervisor", {}, (True, False)),  # deputy head: the overview, not the rounds (the head opens those)
    ("employee", {}, (False, False)),
    ("hr", {}, (True, True)),
    ("hr", {"q": "nobody"}, (True, True)),  # an empty page: the overview still lists departments with scorecards
])
def test_the_header_links_follow_who_leads_what(client, org, november, role, filters, expected):
    client.force_login(org.by_role(role))

    response = client.get(LIST, filters)

    links = {attrs["href"] for _tag, attrs, _text in find_all(response, "href")}
    month = response.context["today"]
    assert (reverse("appraisal:month", args=[month.year, month.month]) in links,
            reverse("appraisal:feedback_rounds") in links) == expected
