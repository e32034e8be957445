"""notify_each: one notification per person, each person once, the one who acted left out."""

from notifications.models import Notification
from notifications.services import notify_each


def test_each_person_is_told_once_in_order_and_the_skipped_are_not(org):
    told = notify_each([org.supervisor, org.head, None, org.supervisor, org.employee, org.hr],
                       skip=(org.employee, None), subject="假期已撤销", body="原因", url="/leave/1/")

    assert [n.recipient for n in told] == [org.supervisor, org.head, org.hr]
    stored = Notification.objects.order_by("pk")
    assert list(stored.values_list("recipient", "subject", "body", "url", "kind")) == [
        (person.pk, "假期已撤销", "原因", "/leave/1/", Notification.Kind.NEWS)
        for person in (org.supervisor, org.head, org.hr)]


def test_work_is_passed_to_every_notification(org):
    told = notify_each(iter([org.head, org.hr]), subject="待您处理", work=org.employee)

    assert [n.kind for n in told] == [Notification.Kind.WORK, Notification.Kind.WORK]
    assert [n.work_id for n in told] == [org.employee.pk, org.employee.pk]


def test_nobody_to_tell(org):
    assert notify_each([], subject="无人") == []
    assert Notification.objects.count() == 0
