"""Pages of hiring: attachments only for HR and the panel, the board, the home page's work items, and lists
whose queries do not grow with the number of rows."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import home
from hiring import services
from hiring.models import Candidate, CandidateAttachment, Probation
from staff.models import StaffProfile
from tests.factories import StaffProfileFactory, UserFactory
from tests.html import by_testid, find_all

from .helpers import advance, open_posting, probationer, register

pytestmark = pytest.mark.django_db
MAX_QUERIES = 15
PDF = b"%PDF-1.4\n%cv\n"


@pytest.fixture
def posting(org):
    return open_posting(org, panel=[org.head])


@pytest.fixture
def attachment(org, posting):
    candidate = register(org, posting)
    return services.candidates.attachment_add(candidate=candidate, by=org.hr, kind="cv",
                                   upload=SimpleUploadedFile("简历.pdf", PDF, content_type="application/pdf"))


@pytest.mark.parametrize("role, status", [
    ("hr", 200), ("head", 200), ("supervisor", 404), ("employee", 404), ("outsider", 404), ("admin", 404)])
def test_attachments_only_for_hr_and_the_panel(client, org, attachment, role, status):
    client.force_login(org.by_role(role))

    response = client.get(reverse("hiring:attachment_download", args=[attachment.pk]))

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment;")


def test_the_leader_off_the_panel_sees_no_file_links(client, org, attachment):
    client.force_login(org.supervisor)

    response = client.get(attachment.candidate.get_absolute_url())

    assert response.status_code == 200
    assert reverse("hiring:attachment_download", args=[attachment.pk]) not in response.content.decode()
    assert by_testid(response, "id-number").startswith(attachment.candidate.id_number[:3] + "*")


def test_an_upload_of_the_wrong_type_is_refused(client, org, posting):
    candidate = register(org, posting)
    client.force_login(org.hr)

    response = client.post(reverse("hiring:attachment_upload", args=[candidate.pk]), {
        "kind": "cv", "file": SimpleUploadedFile("cv.pdf", b"MZ not a pdf")}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["File: The file's content does not match its type."]
    assert CandidateAttachment.objects.count() == 0


def test_the_board_has_a_column_per_stage(client, org):
    posting = open_posting(org, number=3)
    advance(org, register(org, posting, seq=1), Candidate.State.OFFERED)
    advance(org, register(org, posting, seq=2), Candidate.State.EXAMINED)
    services.candidates.candidate_reject(candidate=register(org, posting, seq=3), by=org.hr, reason="重复报名")
    client.force_login(org.head)

    response = client.get(reverse("hiring:posting_board", args=[posting.pk]))

    assert response.status_code == 200
    columns = [attrs["data-testid"] for _tag, attrs, _text in find_all(response, "data-testid")
               if attrs["data-testid"].startswith("column-")]
    assert columns == ["column-registered", "column-screened", "column-examined", "column-interviewed",
                       "column-medical_passed", "column-background_checked", "column-offered", "column-accepted",
                       "column-closed"]
    cards = {column["state"]: [c.name for c in column["cards"]] for column in response.context["columns"]}
    assert (cards["offered"], cards["examined"], cards["closed"], cards["registered"]) == (
        ["钱程"], ["钱程"], ["钱程"], [])


def test_the_head_sees_only_the_postings_of_their_department(client, org, posting):
    client.force_login(org.head)
    assert [p.pk for p in client.get(reverse("hiring:posting_list")).context["page"].object_list] == [posting.pk]
    client.force_login(org.outsider)
    assert list(client.get(reverse("hiring:posting_list")).context["page"].object_list) == []


def test_home_lists_hiring_work(org):
    posting = open_posting(org)
    passed = advance(org, register(org, posting, seq=1), Candidate.State.INTERVIEWED)
    to_score = advance(org, register(org, posting, seq=2, name="孙悦"), Candidate.State.EXAMINED)
    today = datetime.date.today()
    ending = probationer(org, starts_on=today - datetime.timedelta(days=85))

    hr_titles = [item.title for item in home.pending_work(org.hr)]
    head_titles = [item.title for item in home.pending_work(org.head)]

    assert f"Notify the start date: 钱程 (by {passed.notice_due_on})" in hr_titles
    assert "Score the interview: 孙悦" in head_titles
    assert f"Assess the probation of 孙丽 (ends {ending.ends_on})" in head_titles
    assert to_score.state == Candidate.State.EXAMINED


def _add_candidates(org, posting, count, start):
    Candidate.objects.bulk_create([
        Candidate(posting=posting, name=f"应聘者{n}", phone="13900000000", id_number=f"{n:018d}",
                  education="bachelor", registered_by=org.hr, state=Candidate.State.REGISTERED)
        for n in range(start, start + count)])


def _add_probations(org, count, start):
    for n in range(start, start + count):
        profile = StaffProfileFactory(user=UserFactory(username=f"{7000 + n}"), department=org.it,
                                      status=StaffProfile.Status.PROBATION)
        Probation.objects.create(profile=profile, starts_on=datetime.date(2026, 9, 1),
                                 ends_on=datetime.date(2026, 11, 30), original_ends_on=datetime.date(2026, 11, 30))


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.fixture
def without_the_menu(settings):
    """The page's own queries: the shell's menu (every domain's counters) is the same on every page."""
    template = {**settings.TEMPLATES[0]}
    template["OPTIONS"] = {**template["OPTIONS"], "context_processors": [
        name for name in template["OPTIONS"]["context_processors"] if name != "core.context_processors.navigation"]}
    settings.TEMPLATES = [template]


@pytest.mark.parametrize("menu", [True, False])
@pytest.mark.parametrize("role", ["hr", "head"])
def test_list_queries_do_not_grow(client, org, posting, role, menu, request):
    if not menu:
        request.getfixturevalue("without_the_menu")
    client.force_login(org.by_role(role))
    urls = [reverse("hiring:candidate_list"), reverse("hiring:posting_list"), reverse("hiring:headcount_list"),
            reverse("hiring:probation_list"), reverse("hiring:posting_detail", args=[posting.pk]),
            reverse("hiring:posting_board", args=[posting.pk]), reverse("hiring:candidate_list") + "?state=registered"]
    client.get(urls[0])
    _add_candidates(org, posting, 10, 0)
    _add_probations(org, 10, 0)
    small = [_queries(client, url)[0] for url in urls]

    _add_candidates(org, posting, 990, 10)
    _add_probations(org, 40, 10)
    large = [_queries(client, url) for url in urls]

    assert [count for count, _response in large] == small
    if not menu:
        assert max(small) <= MAX_QUERIES
    assert len(large[0][1].context["page"].object_list) == 25


def test_a_panel_member_sees_only_their_own_score_until_the_result(client, org):
    from decimal import Decimal

    posting = open_posting(org)
    candidate = advance(org, register(org, posting), Candidate.State.EXAMINED)
    services.candidates.interview_score_record(candidate=candidate, by=org.head, score=Decimal("88"))
    services.candidates.interview_score_record(candidate=candidate, by=org.supervisor, score=Decimal("70"))

    client.force_login(org.head)
    as_member = client.get(candidate.get_absolute_url())
    client.force_login(org.hr)
    as_hr = client.get(candidate.get_absolute_url())

    assert [(e.member, e.score) for e in as_member.context["scores"]] == [(org.head, Decimal("88.0"))]
    assert as_member.context["average"] is None
    assert len(as_hr.context["scores"]) == 2
    assert as_hr.context["average"] == Decimal("79.00")


def test_a_panel_id_past_any_integer_is_refused_in_the_form(client, org, posting):
    """A huge id in the posting's panel: an invalid choice, not an OverflowError from SQLite (issue 12.8)."""
    client.force_login(org.hr)
    url = reverse("hiring:posting_edit", args=[posting.pk])

    response = client.post(url, {"panel": ["9" * 30]})

    assert response.status_code == 200
    assert "panel" in response.context["form"].errors
