"""A real local HTTP server (pytest-httpserver) standing in for WeCom and DingTalk robots, and channels pointing to
it. Import the fixture where it is used: `from tests.notifications.robot import robot  # noqa: F401`."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug import Response

from notifications import push, robots

WECOM_PATH = "/cgi-bin/webhook/send"
DINGTALK_PATH = "/robot/send"
SECRET = "SEC0123456789abcdef"
OK = {"errcode": 0, "errmsg": "ok"}


@pytest.fixture
def robot(httpserver, settings):
    """The server, its host allowed for pushes. Answers nothing until a test says how. The site's language (that of
    the pushes) is English here, like the tests' other messages."""
    settings.PUSH_WEBHOOK_HOSTS = [urlsplit(httpserver.url_for("/")).hostname]
    settings.LANGUAGE_CODE = "en"
    return httpserver


def wecom_webhook(server, key="KEY-1"):
    return f"{server.url_for(WECOM_PATH)}?key={key}"


def dingtalk_webhook(server, token="TOKEN-1"):
    return f"{server.url_for(DINGTALK_PATH)}?access_token={token}"


def wecom_channel(server, *, by, owner=None, department=None, key="KEY-1", name="信息科工作群"):
    return push.channel_save(by=by, kind="wecom", name=name, owner=owner, department=department,
                             webhook=wecom_webhook(server, key))


def dingtalk_channel(server, *, by, owner=None, department=None, secret=SECRET, name="钉钉群"):
    return push.channel_save(by=by, kind="dingtalk", name=name, owner=owner, department=department,
                             webhook=dingtalk_webhook(server), secret=secret)


def wecom_accepts(server, key="KEY-1", reply=OK, status=200):
    """WeCom's robot: a markdown message to the webhook with the key; any other request is an error."""
    server.expect_request(WECOM_PATH, method="POST", query_string={"key": key}).respond_with_json(reply, status=status)


def dingtalk_accepts(server, secret=SECRET):
    """DingTalk's robot: checks the 加签 signature of each request as DingTalk does, answers errcode 310000 if wrong."""

    def handler(request):
        timestamp, sign = request.args.get("timestamp", ""), request.args.get("sign", "")
        if request.args.get("access_token") != "TOKEN-1" or sign != robots.dingtalk_sign(secret, timestamp):
            return Response(json.dumps({"errcode": 310000, "errmsg": "sign not match"}), 200,
                            content_type="application/json")
        body = request.get_json()
        assert body["msgtype"] == "markdown" and set(body["markdown"]) == {"title", "text"}
        return Response(json.dumps(OK), 200, content_type="application/json")

    server.expect_request(DINGTALK_PATH, method="POST").respond_with_handler(handler)


def received(server):
    """The JSON bodies the robot received, in order."""
    return [json.loads(request.get_data()) for request, _response in server.log]


def query(server, index=0):
    return {key: values[0] for key, values in parse_qs(urlsplit(server.log[index][0].url).query).items()}
