"""In the browser: 人事科 moves a candidate from registration to an offer, and the head converts a probationer
(人事科 approving the proposal)."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from hiring.models import Candidate, Probation
from staff.models import StaffProfile
from tests.hiring.helpers import open_posting, panel_scores, register

from ..factories import StaffProfileFactory, UserFactory
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def org(transactional_db):
    """The base people, after putting back the migrations' reference data that an earlier transactional test
    may have emptied (posts, hiring policy and chains, the audit chain's head)."""
    from audit.models import ChainHead
    from tests.conftest import Org

    importlib.import_module("staff.migrations.0002_seed_posts").load_posts(apps, None)
    importlib.import_module("staff.migrations.0004_hiring_seed").seed(apps, None, app_label="hiring")
    ChainHead.objects.get_or_create(pk=1)
    return Org()


def submit(page, action):
    page.click(f"form[action$='{action}'] button[type=submit]")


def test_hr_moves_a_candidate_to_an_offer(live_server, page, org):
    today = timezone.localdate().isoformat()
    posting = open_posting(org)
    candidate = register(org, posting)
    sign_in(page, live_server, org.hr.username)

    page.goto(live_server.url + candidate.get_absolute_url())
    page.click("[data-testid=screen-link]")
    for select in page.locator("main form select").all():
        select.select_option("no")
    page.click("main form button[type=submit]")
    assert page.locator("[data-testid=candidate-state]").first.inner_text() == "初选合格"

    page.fill("[data-testid=action-exam] input[name=exam_date]", today)
    page.fill("[data-testid=action-exam] input[name=score]", "82")
    page.click("[data-testid=action-exam] button[type=submit]")
    assert page.locator("[data-testid=exam]").inner_text().startswith("82.0 / 100")

    panel_scores(org, Candidate.objects.get(pk=candidate.pk))  # the panel scores on their own pages
    page.reload()
    page.fill("[data-testid=action-interview] input[name=interview_date]", today)
    page.click("[data-testid=action-interview] button[type=submit]")
    assert page.locator("[data-testid=interview-average]").inner_text().startswith("80.00")

    for step in ("medical", "background"):
        page.fill(f"[data-testid=action-{step}] input[name=checked_on]", today)
        page.select_option(f"[data-testid=action-{step}] select[name=result]", "pass")
        page.click(f"[data-testid=action-{step}] button[type=submit]")
    page.fill("[data-testid=action-offer] input[name=start_date]", today)
    page.click("[data-testid=action-offer] button[type=submit]")

    assert page.locator("[data-testid=candidate-state]").first.inner_text() == "已通知上班"
    assert page.locator("[data-testid=onboarding] li").count() == 9
    candidate.refresh_from_db()
    assert (candidate.state, candidate.start_date, candidate.offered_by) == (
        Candidate.State.OFFERED, timezone.localdate(), org.hr)


def test_the_head_converts_a_probationer(live_server, page, org):
    starts_on = timezone.localdate() - datetime.timedelta(days=100)
    profile = StaffProfileFactory(user=UserFactory(username="1208", name="孙丽"), department=org.it,
                                  status=StaffProfile.Status.PROBATION, hire_date=starts_on, supervisor=org.supervisor)
    from hiring import services as hiring_services

    probation = hiring_services.probations.probation_start(profile=profile, by=org.hr, starts_on=starts_on)
    sign_in(page, live_server, org.head.username)

    page.goto(live_server.url + probation.get_absolute_url())
    page.click("[data-testid=assess-link]")
    for name, value in (("work_rating", "good"), ("conduct_rating", "excellent"), ("attendance_rating", "good"),
                        ("proposal", "convert")):
        page.select_option(f"select[name={name}]", value)
    page.fill("textarea[name=summary]", "试用期综合考核合格，同意转正。")
    page.click("main form button[type=submit]")
    assert page.locator("[data-testid=assessment-state]").inner_text() != ""

    sign_in(page, live_server, org.hr.username)
    page.goto(live_server.url + probation.get_absolute_url())
    page.click("[data-testid=decision] button[value=approve]")
    page.wait_for_selector("[data-testid=decision] .alert-success")
    page.reload()

    assert page.locator("[data-testid=probation-state]").inner_text() == "转正"
    probation.refresh_from_db()
    profile.refresh_from_db()
    assert (probation.state, profile.status) == (Probation.State.CONVERTED, StaffProfile.Status.REGULAR)
