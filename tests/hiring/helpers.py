"""Build hiring objects the way people do, through the services (shared by the hiring tests and the
permission matrix)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from approvals.models import Step
from approvals.services import Decision, step_decide
from hiring import services
from hiring.models import Candidate, HiringExclusion, HiringPolicy
from staff.models import StaffProfile
from tests.factories import StaffProfileFactory, UserFactory, valid_id_number

from core.roles import Role


def id_number_aged(years, seq=7, today=None):
    """A valid ID number of someone `years` old today (born a little after today's date that many years ago)."""
    today = today or timezone.localdate()
    born = today.replace(year=today.year - years) - datetime.timedelta(days=10)
    return valid_id_number(seq, born=born)


def request_headcount(org, number=2, post_code="system_admin"):
    from staff.models import Post

    return services.headcounts.headcount_create(
        by=org.head, department=org.it, post=Post.objects.get(code=post_code), number=number,
        reason="workload", justification="夜间值班人手不足", job_description="负责服务器与数据库的日常运维",
    )


def approve_headcount(org, headcount, meeting_date=None):
    step_decide(step=headcount.approval.current_step(), by=org.hr, decision=Decision.APPROVE, comment="同意")
    return services.headcounts.headcount_record_meeting(
        headcount=headcount, by=org.hr, meeting_date=meeting_date or timezone.localdate(),
        meeting_reference="院办〔2026〕12号", decision=Decision.APPROVE)


def open_posting(org, panel=None, number=2, publish=True):
    headcount = approve_headcount(org, request_headcount(org, number=number))
    posting = headcount.posting
    data = {"published_where": "医院网站、人才市场", "closes_on": timezone.localdate() + datetime.timedelta(days=20)}
    posting = services.postings.posting_update(posting=posting, by=org.hr, data=data,
                                      panel=panel if panel is not None else [org.head, org.supervisor, org.hr])
    if publish:
        posting = services.postings.posting_publish(posting=posting, by=org.hr)
    return posting


CANDIDATE = {"name": "钱程", "phone": "13900001111", "email": "qian@example.com", "education": "bachelor",
             "degree": "工学学士", "school": "某某大学", "major": "计算机科学与技术", "work_history": "2022–2025 某公司运维"}


def register(org, posting, seq=7, age=25, **overrides):
    data = {**CANDIDATE, "id_number": id_number_aged(age, seq=seq), **overrides}
    return services.candidates.candidate_register(posting=posting, by=org.hr, data=data)


def no_exclusions():
    return {exclusion.pk: False for exclusion in services.candidates.screening_exclusions()}


def panel_scores(org, candidate, scores=(Decimal("80"), Decimal("84"), Decimal("76"))):
    members = list(candidate.posting.panel.order_by("pk"))
    for member, score in zip(members, scores):
        services.candidates.interview_score_record(candidate=candidate, by=member, score=score, comments="表达清楚")


def advance(org, candidate, to):
    """Move a candidate along the pipeline, passing every step, up to the state `to`."""
    today = timezone.localdate()
    State = Candidate.State
    steps = [
        (State.SCREENED, lambda c: services.candidates.candidate_screen(candidate=c, by=org.hr, answers=no_exclusions())),
        (State.EXAMINED, lambda c: services.candidates.candidate_record_exam(candidate=c, by=org.hr, exam_date=today,
                                                                  score=Decimal("78"))),
        (State.INTERVIEWED, lambda c: (panel_scores(org, c), services.candidates.candidate_conclude_interview(
            candidate=c, by=org.hr, interview_date=today))[1]),
        (State.MEDICAL_PASSED, lambda c: services.candidates.candidate_record_medical(candidate=c, by=org.hr, medical_date=today,
                                                                           passed=True)),
        (State.BACKGROUND_CHECKED, lambda c: services.candidates.candidate_record_background(
            candidate=c, by=org.hr, checked_on=today, passed=True)),
        (State.OFFERED, lambda c: services.candidates.candidate_offer(candidate=c, by=org.hr, start_date=today)),
    ]
    for state, step in steps:
        if Candidate.PIPELINE.index(candidate.state) >= Candidate.PIPELINE.index(state):
            continue
        candidate = step(candidate)
        if state == to:
            break
    candidate.refresh_from_db()
    return candidate


def tick_all(org, candidate):
    for item in candidate.onboarding_items.all():
        services.candidates.onboarding_tick(item=item, by=org.hr, done=True)


def hire(org, candidate, employee_no="1301"):
    candidate = advance(org, candidate, Candidate.State.OFFERED)
    tick_all(org, candidate)
    return services.candidates.candidate_hire(candidate=candidate, by=org.hr, employee_no=employee_no,
                                   reported_on=timezone.localdate())


def probationer(org, starts_on, username="1208", name="孙丽"):
    """Someone hired outside the pipeline whose probation HR tracks (supervised by org.supervisor)."""
    profile = StaffProfileFactory(user=UserFactory(username=username, name=name, roles=[Role.STAFF]),
                                  department=org.it, status=StaffProfile.Status.PROBATION, hire_date=starts_on,
                                  supervisor=org.supervisor,
                                  # a birth date the factory never uses: no clash with its sequence
                                  id_number=valid_id_number(208, born=datetime.date(1996, 3, 8)))
    return services.probations.probation_start(profile=profile, by=org.hr, starts_on=starts_on)


def policy(**values):
    current = HiringPolicy.current()
    for name, value in values.items():
        setattr(current, name, value)
    current.save()
    return current


def medical_exclusion():
    return HiringExclusion.objects.get(stage=HiringExclusion.Stage.MEDICAL)


def active_step(request):
    return Step.objects.get(request=request, state=Step.State.ACTIVE)


def matrix_arguments(org, key):
    """URL arguments for tests/core/test_permission_matrix.py: one IT posting whose panel is the head alone."""
    if key == "hiring_headcount":
        return {"pk": request_headcount(org).pk}
    if key == "hiring_probation":
        return {"pk": probationer(org, starts_on=timezone.localdate() - datetime.timedelta(days=30)).pk}
    posting = open_posting(org, panel=[org.head])
    if key == "hiring_posting":
        return {"pk": posting.pk}
    candidate = register(org, posting)
    if key == "hiring_candidate":
        return {"pk": candidate.pk}
    if key == "hiring_attachment":
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("简历.pdf", b"%PDF-1.4\n%cv\n", content_type="application/pdf")
        return {"pk": services.candidates.attachment_add(candidate=candidate, by=org.hr, kind="cv", upload=upload).pk}
    if key == "hiring_onboarding_item":
        policy(min_panel_scores=1)
        candidate = advance(org, candidate, Candidate.State.OFFERED)
        return {"pk": candidate.onboarding_items.first().pk}
    raise KeyError(key)
