"""The two workplace robots' wire formats: WeCom group robots (企业微信群机器人) and DingTalk custom robots
(钉钉自定义机器人, with 加签). Pure functions and one HTTP call; no database.

WeCom:    POST {webhook}  {"msgtype": "markdown", "markdown": {"content": "…"}}  (content ≤ 4096 bytes)
DingTalk: POST {webhook}&timestamp=TS&sign=S  {"msgtype": "markdown", "markdown": {"title": "…", "text": "…"},
          "at": {...}}, S = base64(HMAC-SHA256(key=secret, msg=f"{TS}\\n{secret}")), TS in milliseconds.
Both answer {"errcode": 0, "errmsg": "ok"}; any other errcode is a failure, even with HTTP 200.
"""

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

WECOM = "wecom"
DINGTALK = "dingtalk"
MAX_CONTENT_BYTES = 4096  # WeCom's markdown limit; DingTalk allows more, the same cap keeps both readable
TIMEOUT_SECONDS = 10
# Markup a person's text must not bring into a message: links ([text](url)) and HTML-like tags (<font>, <@userid>).
_NEUTRAL = str.maketrans({"[": "［", "]": "］", "<": "＜", ">": "＞"})


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A robot answers where it is asked: a redirect (to some other host) is a failure, never followed."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


class RobotError(Exception):
    """The robot did not take the message: unreachable, an HTTP error, or an errcode other than 0."""


def plain(text):
    """A person's text, safe inside a markdown message."""
    return (text or "").translate(_NEUTRAL)


def truncated(text, limit=MAX_CONTENT_BYTES):
    """At most `limit` UTF-8 bytes, cut on a character boundary with an ellipsis."""
    data = text.encode()
    if len(data) <= limit:
        return text
    return data[:limit - len("…".encode())].decode(errors="ignore") + "…"


def dingtalk_sign(secret, timestamp_ms):
    """加签: base64 of HMAC-SHA256 over "timestamp\\nsecret", keyed with the secret (not yet URL-encoded)."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def with_query(url, **params):
    """The URL with these query parameters added (URL-encoded once)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + [(key, str(value)) for key, value in params.items()]
    return urlunsplit(parts._replace(query=urlencode(query)))


def request_for(kind, webhook, secret, title, text, now_ms=None):
    """(url, JSON body) of one markdown message."""
    text = truncated(text)
    if kind == DINGTALK:
        timestamp = now_ms if now_ms is not None else int(time.time() * 1000)
        url = with_query(webhook, timestamp=timestamp, sign=dingtalk_sign(secret, timestamp))
        body = {"msgtype": "markdown", "markdown": {"title": title[:100], "text": text},
                "at": {"atUserIds": [], "isAtAll": False}}
        return url, body
    return webhook, {"msgtype": "markdown", "markdown": {"content": text}}


def send(kind, webhook, secret, title, text, timeout=TIMEOUT_SECONDS):
    """Post one markdown message. Raises RobotError, with a message that never shows the webhook or the secret."""
    url, body = request_for(kind, webhook, secret, title, text)
    request = urllib.request.Request(url, data=json.dumps(body, ensure_ascii=False).encode(), method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})

    def hidden(message):
        for value in (webhook, secret, url):
            if value:
                message = message.replace(value, "…")
        return message[:500]

    try:
        with _opener.open(request, timeout=timeout) as response:
            raw = response.read(65536)
    except urllib.error.HTTPError as error:
        raise RobotError(f"HTTP {error.code}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise RobotError(hidden(f"unreachable: {reason}")) from None
    try:
        reply = json.loads(raw.decode())
        errcode = int(reply.get("errcode", -1))
    except (ValueError, AttributeError, TypeError):
        raise RobotError(hidden(f"not a robot's reply: {raw[:200]!r}")) from None
    if errcode != 0:
        raise RobotError(hidden(f"errcode {errcode}: {reply.get('errmsg', '')}"))
