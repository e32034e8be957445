"""Who may do what in offboarding and transfer (离岗交接): the person or HR starts it; the successor (接交人员)
confirms each item; HR completes it after the certificate (注销确认证明). The leaders of the departments concerned
follow it."""

from django.db.models import Q

from core.roles import is_hr
from staff.models import Department
from staff.rules import leads_department, works_with_it_department

from .models import Handover


def can_start_handover(user, person):
    return user.is_authenticated and (user.pk == person.pk or is_hr(user))


def can_view_handover(user, handover):
    if user.pk in (handover.person_id, handover.successor_id, handover.started_by_id) or is_hr(user):
        return True
    return leads_department(user, handover.department) or leads_department(user, handover.target_department)


def can_hand_over_item(user, item, handover):
    """Mark an item handed over: its owner or the person leaving the post."""
    return user.pk in (item.owner_id, handover.person_id)


def can_confirm_handover(user, handover):
    """Only the successor checks and confirms, on the spot (接交人员现场确认)."""
    return user.pk == handover.successor_id


def can_edit_equipment(user, handover):
    """The equipment list: the person leaving, HR, a leader of their department."""
    return user.pk == handover.person_id or is_hr(user) or leads_department(user, handover.department)


def can_complete_handover(user, handover):
    return is_hr(user) and user.pk != handover.person_id


def can_cancel_handover(user, handover):
    """Call a handover off (the person stays): HR, or whoever started it."""
    return is_hr(user) or user.pk == handover.started_by_id


def can_use_offboarding(user):
    """The handover menu: the IT department and those who follow it (works_with_it_department), and anyone a handover concerns — named in it, or leading a department it
    leaves or joins (one query, once). Other departments' heads see it only when it holds a handover of theirs."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_can_use_offboarding"):
        led = Department.objects.filter(Q(head=user) | Q(deputy=user)).values("pk")
        user._can_use_offboarding = works_with_it_department(user) or (Handover.objects.filter(
            Q(person=user) | Q(successor=user) | Q(department__in=led) | Q(target_department__in=led)).exists())
    return user._can_use_offboarding
