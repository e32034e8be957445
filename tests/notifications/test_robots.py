"""The robots' wire formats, without a network: DingTalk's 加签, the markdown bodies, and text kept inert."""

from notifications import robots


def test_dingtalk_signature_matches_the_documented_vector():
    # /work/shared/stack-notes.md: TS=1700000000000, secret=SEC0123456789abcdef
    assert robots.dingtalk_sign("SEC0123456789abcdef", 1700000000000) == "TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk="


def test_the_dingtalk_url_carries_the_timestamp_and_the_url_encoded_signature():
    url, body = robots.request_for(robots.DINGTALK, "https://oapi.dingtalk.com/robot/send?access_token=T",
                                   "SEC0123456789abcdef", "待您处理", "**待您处理**", now_ms=1700000000000)

    assert url == ("https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=1700000000000"
                   "&sign=TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D")
    assert body == {"msgtype": "markdown", "markdown": {"title": "待您处理", "text": "**待您处理**"},
                    "at": {"atUserIds": [], "isAtAll": False}}


def test_a_wecom_message_is_posted_to_the_webhook_as_it_is():
    url, body = robots.request_for(robots.WECOM, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K", "",
                                   "标题", "**标题**")

    assert (url, body) == ("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K",
                           {"msgtype": "markdown", "markdown": {"content": "**标题**"}})


def test_a_persons_text_cannot_bring_links_or_tags():
    assert robots.plain('请假[点此](https://evil.example) <font color="red">急</font> <@all>') == (
        '请假［点此］(https://evil.example) ＜font color="red"＞急＜/font＞ ＜@all＞')


def test_a_long_message_is_cut_to_the_robots_limit_on_a_character_boundary():
    text = "审" * 2000  # 6,000 bytes

    cut = robots.truncated(text)

    assert len(cut.encode()) <= robots.MAX_CONTENT_BYTES
    assert cut.endswith("…")
    assert cut[:-1] == "审" * len(cut[:-1])
    assert robots.truncated("短消息") == "短消息"
