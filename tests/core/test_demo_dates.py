"""The demo is built relative to the day it is seeded: no signature, confirmation or other record of something done
is dated after that moment, even early in a month (last month's scorecards) or days after a fixed hire date."""

import datetime
import zoneinfo
from io import StringIO

import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import models

# Three days into September: last month's scorecards are signed in the first days of the month, and 孙丽 (hired
# 2026-09-01) has not had her induction week yet.
NOW = datetime.datetime(2026, 9, 3, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))

# Moments that are meant to lie ahead: deadlines, planned windows, a technician's booked visit, sessions and exams,
# duties on the roster.
AHEAD = {("approvals", "step", "due_at"), ("authz", "privilegedchange", "window_start"),
         ("authz", "privilegedchange", "window_end"), ("authz", "externalaccess", "starts_at"),
         ("authz", "externalaccess", "ends_at"), ("training", "session", "starts_at"),
         ("training", "session", "ends_at"), ("training", "exam", "opens_at"), ("training", "exam", "closes_at"),
         ("dutyroster", "assignment", "starts_at"), ("dutyroster", "assignment", "ends_at")}
# Days on which something was done (not planned ones such as start dates, deadlines or departure dates).
DONE_ON = {"hiring.Probation": ["induction_passed_on"],
           "hiring.Candidate": ["exam_date", "interview_date", "interview_passed_on", "medical_date",
                               "background_checked_on"],
           "hiring.HeadcountRequest": ["meeting_date"], "hiring.Posting": ["published_on"],
           "leave.LeaveRequest": ["returned_on"], "discipline.Incident": ["occurred_on"]}


def test_nothing_done_in_the_demo_is_dated_after_it_was_seeded(db):
    # Rows the migrations wrote (at the real time, before the travel) are not the demo's.
    before = {model: set(model.objects.values_list("pk", flat=True)) for model in apps.get_models()}
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", stdout=StringIO())
    late = []
    for model in apps.get_models():
        meta = model._meta
        for field in meta.get_fields():
            if isinstance(field, models.DateTimeField) and (meta.app_label, meta.model_name, field.name) not in AHEAD:
                rows = model.objects.filter(**{f"{field.name}__gt": NOW}).exclude(pk__in=before[model])
                late += [f"{meta.label}.{field.name}={value}" for value in rows.values_list(field.name, flat=True)]
    for label, names in DONE_ON.items():
        model = apps.get_model(label)
        for name in names:
            late += [f"{label}.{name}={value}" for value in
                     model.objects.filter(**{f"{name}__gt": NOW.date()}).values_list(name, flat=True)]
    assert late == [], "\n".join(late)
