"""Objects for the training rows of tests/permission_matrix.py (see tests/core/test_permission_matrix.py).

The deputy (supervisor) organises a session for 艾丽 (employee) today; the head keeps the question bank and set an
exam that 艾丽 took; 艾丽 recorded self-study and uploaded slides."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from training import signin
from training.services import exams, external, hours, sessions

from . import helpers

PDF = b"%PDF-1.4\n%test\n"


def arguments(org, key):
    today = timezone.localdate()
    if key == "training_plan":
        return {"pk": helpers.approved_plan(org).pk}
    if key == "training_draft":
        return {"pk": helpers.draft_plan(org).pk}
    if key == "training_item":
        return {"pk": helpers.draft_plan(org).items.get().pk}
    if key in ("training_session", "training_token", "training_material"):
        session = helpers.schedule(org, today, start=timezone.localtime().hour, people=[org.employee])
        if key == "training_token":
            return {"token": signin.make_token(session)}
        if key == "training_material":
            material = sessions.material_add(session=session, by=org.supervisor,
                                             upload=SimpleUploadedFile("讲义.pdf", PDF))
            return {"pk": material.pk}
        return {"pk": session.pk}
    if key == "training_attended":
        session = helpers.attended(org, today - datetime.timedelta(days=1))
        return {"pk": session.pk}
    if key == "training_external":
        from training.models import ExternalTraining

        from .test_external import FIELDS, approve_all

        helpers.vice_president()
        record = approve_all(external.external_request(person=org.employee, by=org.employee, **FIELDS))
        record = external.external_report(record=record, by=org.employee, report="学习总结", hours=Decimal("16"),
                                          certificate=SimpleUploadedFile("证书.pdf", PDF))
        assert record.state == ExternalTraining.State.REPORTED
        return {"pk": record.pk}
    if key == "training_person":
        return {"username": org.employee.username}
    if key == "training_person_month":
        return {"username": org.employee.username, "year": today.year, "month": today.month}
    if key == "training_proposal":
        from training.models import EvidenceProposal, EvidenceRule

        rule = EvidenceRule.objects.filter(post=org.employee.profile.post).first()
        proposal = EvidenceProposal.objects.create(person=org.employee, period=today.replace(day=1), rule=rule,
                                                   count=1, facts=["本月未组织或讲授培训"], points=rule.points)
        return {"pk": proposal.pk}
    if key == "training_self_study":
        record = hours.self_study_record(person=org.employee, by=org.employee, studied_on=today, title="Linux 安全加固",
                                         hours=Decimal("2"), evidence=SimpleUploadedFile("笔记.pdf", PDF))
        return {"pk": record.pk}
    if key == "training_deck":
        deck = hours.slides_upload(person=org.employee, by=org.employee, month=today, title="11月问题及处理方法",
                                   upload=SimpleUploadedFile("slides.pdf", PDF), slides=10)
        return {"pk": deck.pk}
    questions = helpers.question_bank(org)
    if key == "training_question":
        return {"pk": questions[0].pk}
    exam = helpers.open_exam(org, questions, people=[org.employee])
    assignment = exam.assignments.get()
    if key == "training_exam":
        return {"pk": exam.pk}
    if key == "training_assignment":
        return {"pk": assignment.pk}
    attempt = exams.attempt_start(assignment=assignment, by=org.employee)
    helpers.answer_all(attempt, org.employee)
    if key == "training_attempt_running":
        return {"pk": attempt.pk}
    attempt = exams.attempt_submit(attempt=attempt, by=org.employee)
    if key == "training_attempt":
        return {"pk": attempt.pk}
    raise KeyError(key)
