"""Fetch a handover (or one of its lines) for a user, or raise 404: the one way views get at them."""

from django.http import Http404
from django.shortcuts import get_object_or_404


from .models import EquipmentLine, Handover, HandoverItem
from .rules import can_view_handover

RELATED = ("person", "successor", "started_by", "completed_by", "department__head", "department__deputy", "post",
           "target_department__head", "target_department__deputy", "target_post", "revocation__approval",
           "revocation__issued_by")


def get_handover_for_user(user, pk):
    handover = get_object_or_404(Handover.objects.select_related(*RELATED), pk=pk)
    if not can_view_handover(user, handover):
        raise Http404
    return handover


def get_item_for_user(user, handover_pk, pk):
    handover = get_handover_for_user(user, handover_pk)
    item = get_object_or_404(HandoverItem.objects.select_related("owner", "confirmed_by"), pk=pk, handover=handover)
    item.handover = handover
    return item


def get_equipment_for_user(user, handover_pk, pk):
    handover = get_handover_for_user(user, handover_pk)
    line = get_object_or_404(EquipmentLine.objects.select_related("confirmed_by"), pk=pk, handover=handover)
    line.handover = handover
    return line
