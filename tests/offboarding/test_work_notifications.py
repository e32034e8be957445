"""A handover in the bell: the successor's checking waits until they confirmed it and changed the passwords; an
item sent back waits for its owner until handed over again; calling the handover off ends all of it."""

from notifications.models import Notification
from offboarding import services

from .helpers import confirm_everything, hand_over_everything, start


def waiting():
    return sorted(Notification.objects.waiting().values_list("recipient__username", "subject"))


def test_the_successors_work_waits_until_confirmed_and_passwords_changed(people):
    handover = start(people)
    assert waiting() == [("1106", "You take over from 艾丽 (接交人员)")]

    hand_over_everything(handover)
    assert waiting() == [("1106", "Everything of 艾丽 is handed over: please check it")]  # the same work, once
    confirm_everything(handover, people)
    assert waiting() == [("1106", "Everything of 艾丽 is handed over: please check it")]  # the passwords remain

    services.handover_passwords_changed(handover=handover, by=people.successor)

    assert waiting() == []


def test_an_item_sent_back_waits_for_its_owner_until_handed_over_again(people):
    handover = start(people)
    item = handover.items.get(category="contracts")
    services.item_hand_over(item=item, by=people.leaver, note="档案柜 3 号")
    services.item_return(item=item, by=people.successor, note="缺少机房空调维保合同")
    assert ("1101", "Sent back: 合同档案（维保、采购合同及相关档案）") in waiting()

    services.item_hand_over(item=item, by=people.leaver, note="已补齐")

    assert [username for username, _subject in waiting()] == ["1106"]


def test_cancelling_the_handover_ends_what_waited(people):
    handover = start(people)
    item = handover.items.get(category="contracts")
    services.item_hand_over(item=item, by=people.leaver, note="档案柜 3 号")
    services.item_return(item=item, by=people.successor, note="缺少机房空调维保合同")

    services.handover_cancel(handover=handover, by=people.hr, reason="本人撤回离职申请")

    assert waiting() == []
    assert set(Notification.objects.filter(kind="work").values_list("outcome", flat=True)) == {"cancelled"}
