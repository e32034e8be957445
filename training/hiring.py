"""The one place training meets hiring (试用期): the probation of a new hire and its induction result.

新进人员须进行相关业务知识培训及考核，考核通过后方可上机操作: passing the induction exam is recorded on the
probation by hiring's own service, which opens the authorization gate (authz.gates.NEW_ACCOUNT "induction").
Staff who are already regular have no active probation and are never blocked.
"""

from hiring.models import Probation
from hiring.services.probations import probation_record_induction


def active_probations():
    return Probation.objects.filter(state=Probation.State.ACTIVE)


def active_probation(person):
    """The person's current probation, or None."""
    return active_probations().filter(profile__user=person).select_related("profile__department").first()


def probation_by_id(probation_id):
    return Probation.objects.select_related("profile__user", "profile__department").filter(pk=probation_id).first()


def probations_waiting_for_induction(department=None):
    """Active probations whose induction exam is not passed yet (the people to give the induction exam to)."""
    probations = active_probations().filter(induction_passed_on__isnull=True).select_related(
        "profile__user", "profile__department")
    if department is not None:
        probations = probations.filter(profile__department=department)
    return probations


def new_hires_without_induction(department, on):
    """New hires of the department on probation on a day without the induction exam passed by then."""
    from django.db.models import Q

    return (Probation.objects.filter(profile__department=department, starts_on__lte=on)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
            .filter(Q(induction_passed_on__isnull=True) | Q(induction_passed_on__gt=on))
            .select_related("profile__user"))


def record_induction(*, probation_id, by, passed_on):
    """Hiring records the pass on the probation (audited, the person and the leaders told)."""
    probation = probation_by_id(probation_id)
    if probation is None or probation.state != Probation.State.ACTIVE or probation.induction_passed_on is not None:
        return None
    return probation_record_induction(probation=probation, by=by, passed_on=passed_on)
