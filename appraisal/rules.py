"""Who may do what in appraisal (绩效考核): the person, their reviewer (direct supervisor or department head), HR."""

from core.roles import is_hr
from staff.rules import leads_department, works_with_it_department


def can_use_appraisal(user):
    """The scorecards menu (月度绩效): the IT department's staff and leaders, HR, the VP and auditors."""
    return works_with_it_department(user)


def reviews_scorecard(user, scorecard):
    """The reviewer (考评人) assigned to the scorecard, or the head of its department; never the person."""
    if not user.is_authenticated or user.pk == scorecard.user_id:
        return False
    return user.pk in (scorecard.reviewer_id, scorecard.department.head_id)


def can_view_all_scorecards(user):
    return is_hr(user) or user.has_perm("appraisal.view_all_scorecards")


def can_view_scorecard(user, scorecard):
    return user.pk == scorecard.user_id or reviews_scorecard(user, scorecard) or can_view_all_scorecards(user)


def can_self_assess(user, scorecard):
    return user.pk == scorecard.user_id


def can_reopen_scorecard(user, scorecard):
    """Only the head of the scorecard's department reopens a confirmed or closed scorecard."""
    return user.pk == scorecard.department.head_id and user.pk != scorecard.user_id


def can_export_scorecards(user):
    """HR exports score sheets and rolls months up."""
    return is_hr(user) or user.has_perm("appraisal.export_scorecards")


def can_view_department_appraisal(user, department):
    """A department's month overview and year: its head or deputy, and HR."""
    return leads_department(user, department) or can_view_all_scorecards(user)


def can_view_person_appraisal(user, profile):
    """A person's year of scorecards: the person, their supervisor, their department's head or deputy, HR."""
    return (user.pk in (profile.user_id, profile.supervisor_id) or leads_department(user, profile.department)
            or can_view_all_scorecards(user))


def can_open_feedback_round(user, department):
    """The head of the department opens its 360° round (360度评估) and chooses the raters."""
    return user.is_authenticated and department is not None and user.pk == department.head_id


def can_manage_feedback_round(user, feedback_round):
    return can_open_feedback_round(user, feedback_round.department)


def can_view_feedback_round(user, feedback_round):
    """The round's page (who rates whom, answered or not, the anonymous results): its head and HR."""
    return can_manage_feedback_round(user, feedback_round) or can_view_all_scorecards(user)


def can_answer_feedback(user, request):
    """Only the rater asked answers; nobody else ever sees that rater's answers."""
    return user.is_authenticated and user.pk == request.rater_id
