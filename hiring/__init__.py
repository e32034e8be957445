"""Hiring and probation (录用与试用期): headcount requests (用人计划), postings, candidates and their checks,
onboarding papers, probations with the induction exam gate and the end-of-probation assessment."""
