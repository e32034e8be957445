"""Every change to training: one keyword-only function per state change, split by aggregate.

- plans.py    the annual plan and its revisions (approved through the engine)
- sessions.py sessions, attendance (QR sign-in and ticks), materials, the satisfaction survey, reminders
- hours.py    self-study, the monthly slides, the hours reminders
- exams.py    the question bank, exams, attempts, marking, retakes and the induction exam
- external.py external training (外派培训) through the engine, the certificate and the hours

Each checks (refusals raise core.errors.ServiceError with a translated message), saves inside
transaction.atomic(), writes the audit log and notifies. Views, tasks and the demo call these, never copy them.
"""
