"""Screening (初选): age from the ID number's birth date, the education rule and the declared exclusions.
An ineligible candidate leaves the pipeline with the reasons and cannot be moved on."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from core.errors import ServiceError
from hiring import services
from hiring.models import Candidate, HiringExclusion

from .helpers import id_number_aged, no_exclusions, open_posting, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def posting(org):
    return open_posting(org)


def screen(org, candidate, answers=None):
    return services.candidates.candidate_screen(candidate=candidate, by=org.hr, answers=answers or no_exclusions())


@pytest.mark.parametrize("age, eligible", [(17, False), (19, False), (20, True), (35, True), (36, False)])
def test_age_from_the_id_number(org, posting, age, eligible):
    candidate = screen(org, register(org, posting, age=age))

    assert candidate.age() == age
    assert candidate.state == (Candidate.State.SCREENED if eligible else Candidate.State.INELIGIBLE)


def test_under_18_is_refused_whatever_the_posting_says(org, posting):
    posting.min_age = 18
    posting.save()
    candidate = screen(org, register(org, posting, age=17))

    assert candidate.state == Candidate.State.INELIGIBLE
    assert candidate.ineligible_reasons == "Under 18: 17 years old by the ID number (年龄未满18周岁)."
    assert candidate.closed_reason == candidate.ineligible_reasons
    assert candidate.closed_at_state == Candidate.State.REGISTERED


def test_outside_the_posting_range(org, posting):
    candidate = screen(org, register(org, posting, age=36))

    assert candidate.ineligible_reasons == "36 years old by the ID number, outside the posting's 20–35."


def test_the_range_is_the_postings_own(org, posting):
    posting.max_age = 40
    posting.save()

    assert screen(org, register(org, posting, age=38)).state == Candidate.State.SCREENED


@pytest.mark.parametrize("education, required, eligible", [
    ("junior_college", "bachelor", False), ("bachelor", "bachelor", True), ("master", "bachelor", True),
    ("junior_college", "junior_college", True), ("bachelor", "master", False),
])
def test_education_rule(org, posting, education, required, eligible):
    posting.min_education = required
    posting.save()

    candidate = screen(org, register(org, posting, education=education))

    assert (candidate.state == Candidate.State.SCREENED) is eligible


def test_education_reason_is_recorded(org, posting):
    candidate = screen(org, register(org, posting, education="junior_college"))

    assert candidate.ineligible_reasons == "Education Junior college (大专) is below the required Bachelor's (本科)."


def test_a_declared_exclusion_makes_the_candidate_ineligible(org, posting):
    drugs = HiringExclusion.objects.get(text="品行恶劣，吸食毒品")
    answers = {**no_exclusions(), drugs.pk: True}

    candidate = screen(org, register(org, posting), answers)

    assert candidate.state == Candidate.State.INELIGIBLE
    assert candidate.ineligible_reasons == "Declared: 品行恶劣，吸食毒品"
    assert list(candidate.exclusion_checks.filter(applies=True).values_list("exclusion__text", flat=True)) == [
        "品行恶劣，吸食毒品"]


def test_every_item_of_the_checklist_must_be_answered(org, posting):
    candidate = register(org, posting)
    answers = no_exclusions()
    answers.popitem()

    with pytest.raises(ServiceError) as refused:
        screen(org, candidate, answers)

    assert refused.value.message == "Answer every item of the checklist: 拖欠公款，有记录在案"
    candidate.refresh_from_db()
    assert candidate.state == Candidate.State.REGISTERED


def test_an_ineligible_candidate_cannot_move_on(org, posting):
    candidate = screen(org, register(org, posting, age=36))

    with pytest.raises(ServiceError) as refused:
        services.candidates.candidate_record_exam(candidate=candidate, by=org.hr, exam_date=datetime.date.today(),
                                       score=Decimal("90"))

    assert refused.value.message == "钱程's application is closed (Ineligible (不符合条件))."
    candidate.refresh_from_db()
    assert (candidate.state, candidate.exam_score) == (Candidate.State.INELIGIBLE, None)


def test_eligibility_is_checked_again_at_every_step(org, posting):
    candidate = screen(org, register(org, posting, age=34))
    posting.max_age = 30  # HR narrows the requirement after screening
    posting.save()

    with pytest.raises(ServiceError) as refused:
        services.candidates.candidate_record_exam(candidate=candidate, by=org.hr, exam_date=datetime.date.today(),
                                       score=Decimal("90"))

    assert refused.value.message == ("钱程 is not eligible and cannot move on: 34 years old by the ID number, "
                                     "outside the posting's 20–30.")


def test_a_corrected_id_number_is_screened_again(org, posting, client):
    candidate = screen(org, register(org, posting, age=36))
    client.force_login(org.hr)
    data = {**{name: getattr(candidate, name) for name in services.candidates.CANDIDATE_FIELDS},
            "id_number": id_number_aged(30, seq=9)}

    response = client.post(reverse("hiring:candidate_edit", args=[candidate.pk]), data)

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.state, candidate.closed_reason, candidate.exclusion_checks.count()) == (
        Candidate.State.REGISTERED, "", 0)
    assert screen(org, candidate).state == Candidate.State.SCREENED


def test_an_invalid_id_number_is_refused_in_the_form(org, posting, client):
    client.force_login(org.hr)

    response = client.post(reverse("hiring:candidate_create", args=[posting.pk]), {
        "name": "钱程", "phone": "13900001111", "id_number": "110105199001011234", "education": "bachelor"})

    assert response.status_code == 200
    assert response.context["form"].errors["id_number"] == [
        "The check digit of this ID number is wrong; please check for a typo."]
    assert Candidate.objects.count() == 0


def test_the_same_person_applies_once(org, posting):
    register(org, posting, seq=3)

    with pytest.raises(ServiceError) as refused:
        register(org, posting, seq=3)

    assert refused.value.message == "This person has already applied to this posting."


def test_the_screening_page_records_the_checklist(org, posting, client):
    candidate = register(org, posting)
    client.force_login(org.hr)
    data = {f"exclusion_{pk}": "no" for pk in no_exclusions()}

    response = client.post(reverse("hiring:candidate_screen", args=[candidate.pk]), data)

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.state == Candidate.State.SCREENED
    assert candidate.screened_by == org.hr
