"""Scorecards in every state for the appraisal tests, through the services as people would do it."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from appraisal import services
from appraisal.models import ExportJob, ScoreLine, Scorecard, month_start
from appraisal.services import Entry

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOVEMBER = datetime.date(2026, 11, 1)
# 25 November 2026, 10:00 in the hospital's time zone: the month's scorecards exist, the deadline is 5 December.
NOW = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)


def open_month(period=NOVEMBER):
    services.scorecards_create_for_month(period=period)


def scorecard_of(user, period=NOVEMBER):
    return Scorecard.objects.with_figures().get(user=user, period=period)


def lines(scorecard):
    return list(ScoreLine.objects.filter(scorecard=scorecard).select_related("item").order_by("pk"))


def full_marks(line):
    return line.item.max_points


def fill_self(scorecard, score=full_marks, summary="完成HIS月度巡检"):
    entries = [Entry(line.pk, Decimal(score(line))) for line in lines(scorecard)]
    services.self_assessment_save(scorecard=scorecard, by=scorecard.user, entries=entries, summary_gains=summary,
                                  summary_losses="")


def fill_review(scorecard, by, score=full_marks, opinion="工作认真"):
    entries = [Entry(line.pk, Decimal(score(line))) for line in lines(scorecard)]
    services.review_save(scorecard=scorecard, by=by, entries=entries, opinion=opinion)


def submitted(user, period=NOVEMBER, score=full_marks):
    scorecard = scorecard_of(user, period)
    fill_self(scorecard, score)
    services.self_assessment_submit(scorecard=scorecard, by=user)
    return scorecard_of(user, period)


def reviewed(user, reviewer, period=NOVEMBER, self_score=full_marks, reviewer_score=full_marks):
    scorecard = submitted(user, period, self_score)
    fill_review(scorecard, reviewer, reviewer_score)
    services.review_confirm(scorecard=scorecard, by=reviewer)
    return scorecard_of(user, period)


def locked(user, reviewer, period=NOVEMBER, **scores):
    scorecard = reviewed(user, reviewer, period, **scores)
    services.scorecard_acknowledge(scorecard=scorecard, by=user)
    return scorecard_of(user, period)


def done_export(org, fmt="xlsx", period=NOVEMBER, department=None):
    """A finished export (the queued task runs after commit, which a test's transaction never does)."""
    job = services.export_job_create(by=org.hr, period=month_start(period), department=department, fmt=fmt)
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == ExportJob.State.DONE
    return job


def form_data(scorecard, action="save", score=full_marks, **fields):
    """A self-assessment or review form's POST: a score (or "" for None) and an empty remark per line."""
    data = {"action": action, **fields}
    for line in lines(scorecard):
        value = score(line)
        data[f"score_{line.pk}"] = "" if value is None else str(value)
        data[f"remark_{line.pk}"] = ""
    return data
