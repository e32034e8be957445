"""The home page: the successor's checks and password change, IT's revocation once confirmed, HR's completion."""

from core.home import pending_work

from .helpers import confirm_everything, hand_over_everything, sign_revocation, start


def titles(user):
    return [item.title for item in pending_work(user) if item.kind in ("Handover", "Revocation (注销)")]


def test_each_person_sees_their_part_in_turn(people):
    people.with_grant()
    handover = start(people)

    assert titles(people.leaver) == ["Hand 7 items over to 王工"]
    assert titles(people.successor) == ["Check and confirm the handover of 艾丽"]
    hand_over_everything(handover)
    confirm_everything(handover, people)
    sign_revocation(handover, people)

    assert titles(people.leaver) == []
    assert titles(people.successor) == ["Change the passwords handed over by 艾丽",  # and, as IT staff, revoke
                                        "Revoke the accounts of 艾丽: the handover is confirmed"]
    assert titles(people.it) == ["Revoke the accounts of 艾丽: the handover is confirmed"]
    assert titles(people.hr) == ["Complete the handover of 艾丽"]
