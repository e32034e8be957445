"""Issue 13's test: a WeCom robot (a real local HTTP server) receives an approval push, with a link to the
request, and the next approver's robot the next one."""

from django.conf import settings

from approvals.models import Step
from approvals.services import Decision, request_submit, step_decide
from notifications import push
from notifications.models import PushDelivery, PushPreference
from tests.notifications.robot import received, robot, wecom_accepts, wecom_channel  # noqa: F401


def test_an_approval_push_reaches_the_approvers_wecom_robot(org, make_request, robot,
                                                             django_capture_on_commit_callbacks):
    wecom_accepts(robot, key="BOB")
    wecom_accepts(robot, key="CHARLIE")
    for person, key in ((org.supervisor, "BOB"), (org.head, "CHARLIE")):
        wecom_channel(robot, by=person, owner=person, key=key, name=f"{person.name}的机器人")
        push.preference_save(user=person, source=PushPreference.Source.OWN, scope=PushPreference.Scope.WORK)

    with django_capture_on_commit_callbacks(execute=True):
        request = request_submit(request=make_request(org.employee), by=org.employee)

    link = f"{settings.SITE_URL}{request.get_absolute_url()}"
    assert received(robot) == [{"msgtype": "markdown", "markdown": {"content": (
        "**Waiting for you: 请假三天**\n"
        "> 艾丽's request needs your decision at the step “直接上级审批”.\n"
        f"[Open in Xinke]({link})")}}]
    assert robot.log[0][0].args["key"] == "BOB"

    with django_capture_on_commit_callbacks(execute=True):
        step_decide(step=Step.objects.get(request=request, state="active"), by=org.supervisor,
                    decision=Decision.APPROVE)

    assert [request.args["key"] for request, _response in robot.log] == ["BOB", "CHARLIE"]
    assert list(PushDelivery.objects.values_list("state", flat=True)) == ["sent", "sent"]
