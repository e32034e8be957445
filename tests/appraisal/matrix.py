"""Objects for the appraisal rows of tests/permission_matrix.py (see tests/core/test_permission_matrix.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from appraisal import services
from appraisal.models import Adjustment, month_start

from .helpers import locked, open_month, reviewed, scorecard_of, submitted


def arguments(org, key):
    period = month_start(timezone.localdate())
    open_month(period)
    employee = org.employee
    if key == "appraisal_scorecard_self":
        return {"pk": scorecard_of(employee, period).pk}
    if key == "appraisal_scorecard_review":
        return {"pk": submitted(employee, period).pk}
    if key == "appraisal_scorecard_confirm":
        return {"pk": reviewed(employee, org.supervisor, period).pk}
    if key == "appraisal_scorecard_locked":
        return {"pk": locked(employee, org.supervisor, period).pk}
    if key == "appraisal_reviewer_line":
        scorecard = submitted(employee, period)
        line = services.adjustment_add(scorecard=scorecard, by=org.supervisor, kind=Adjustment.Kind.BONUS,
                                       fact="周末加班", basis="院领导临时安排", points=2)
        return {"pk": scorecard.pk, "line_pk": line.pk}
    if key == "appraisal_discipline_line":
        scorecard = submitted(employee, period)
        line = Adjustment.objects.create(scorecard=scorecard, kind=Adjustment.Kind.DEDUCTION, fact="迟到",
                                         points=3, status=Adjustment.Status.PROPOSED,
                                         source="discipline", evidence_id=999)
        return {"pk": scorecard.pk, "line_pk": line.pk}
    if key == "appraisal_month":
        return {"year": period.year, "month": period.month}
    if key == "appraisal_person":
        return {"username": employee.username, "year": period.year}
    if key == "appraisal_department":
        return {"code": "it", "year": period.year}
    if key == "appraisal_periodic":
        return {"code": "it", "year": period.year, "period": "q1"}
    if key == "appraisal_year":
        return {"year": period.year}
    if key == "appraisal_attachment":
        scorecard = scorecard_of(employee, period)
        attached = services.attachment_add(scorecard=scorecard, by=employee, file=SimpleUploadedFile(
            "工作计划.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf"))
        return {"pk": scorecard.pk, "attachment_pk": attached.pk}
    if key == "appraisal_export_job":
        job = services.export_job_create(by=org.hr, period=period, department=None, fmt="xlsx")
        services.export_job_run(job_id=job.pk)  # the test's transaction never commits: run it here
        return {"pk": job.pk}
    if key in ("appraisal_feedback_round", "appraisal_feedback_request", "appraisal_feedback_answer"):
        feedback_round = services.feedback_round_open(department=org.it, year=period.year, by=org.head)
        if key == "appraisal_feedback_round":
            return {"pk": feedback_round.pk}
        request = services.feedback_rater_add(feedback_round=feedback_round, subject=employee, rater=org.supervisor,
                                              relation="superior", by=org.head)
        if key == "appraisal_feedback_answer":
            return {"pk": request.pk}
        return {"pk": feedback_round.pk, "request_pk": request.pk}
    raise KeyError(key)
