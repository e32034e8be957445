"""Three workers send the same robot's waiting pushes at the same moment: the channel's row lock makes them take
turns, so the robot gets exactly its 20 a minute, each push once, and nobody deadlocks. PostgreSQL only: the test
database of SQLite is an in-memory shared cache whose table locks do not wait (a production SQLite file serialises
writers with IMMEDIATE transactions and a busy timeout)."""

import threading

import pytest
from django.db import connection, connections

from notifications import push
from notifications.models import PushDelivery
from tests.authz.hospital import policy_loaded  # noqa: F401 (a fixture)

from .robot import robot, wecom_accepts, wecom_channel  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"),
]


def test_simultaneous_workers_keep_the_rate_and_send_each_push_once(policy_loaded, org, robot):
    wecom_accepts(robot)
    channel = wecom_channel(robot, by=org.admin, department=org.it)
    PushDelivery.objects.bulk_create([PushDelivery(channel=channel, title=f"消息{n}", text=f"**消息{n}**")
                                      for n in range(30)])
    ids = list(PushDelivery.objects.order_by("pk").values_list("pk", flat=True))
    barrier = threading.Barrier(3)
    errors = []

    def worker():
        try:
            barrier.wait(timeout=10)
            for delivery_id in ids:
                push.delivery_send(delivery_id)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert len(robot.log) == 20
    assert PushDelivery.objects.filter(state="sent").count() == 20
    assert PushDelivery.objects.filter(state="waiting").count() == 10
    assert sorted({request.get_data() for request, _response in robot.log}) == sorted(
        request.get_data() for request, _response in robot.log)  # no push twice
