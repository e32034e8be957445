"""Hiring and probation (录用与试用期): every state change is one keyword-only function, split by aggregate.

- headcounts.py  headcount requests (用人计划) through the approval engine; an approved one opens a posting
- postings.py    postings: requirements, panel, publishing, closing
- candidates.py  the candidate pipeline from registration to the hire (eligibility, exam, interview, checks,
                 offer and its 3-day notice, onboarding papers), and the notice reminders
- probations.py  probations: start, violation, induction exam, the end-of-probation assessment, reminders
- common.py      who to tell, the HR check, dates and reasons

Each checks what the policies require (refusals raise ServiceError with a translated message), saves inside
transaction.atomic(), writes the audit log and notifies the people concerned. Views, Celery tasks, the demo and the
approval engine's hooks call these (`services.candidates.candidate_offer(...)`) and never copy them.

The policies: 医院信息科人员录用制度 (用人需求, 应聘者基本要求, 招聘实施, 录用, 试用期三个月), 信息科人员录用制度
(不得录用的情形, 《试用协议》, 《试用人员上岗通知书》), 医院信息管理人员录用 (用人计划: 使用部门申请 → 人事科审核 →
院办公会议批准; 新进人员培训考核后方可上机) and the XX医院 version (试用期结束综合考核合格者正式聘用).
Their numbers live in HiringPolicy and on each posting.
"""

from . import candidates, common, headcounts, postings, probations  # noqa: F401  (services.<part>.<function>)
