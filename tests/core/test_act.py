"""core.views.act / attempt: the one POST action helper (messages, redirects, form pages)."""

from django import forms
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory

import core.views
from core.errors import ServiceError
from core.views import act, attempt


class ReasonForm(forms.Form):
    reason = forms.CharField()


def _request(method="post", data=None):
    request = getattr(RequestFactory(), method)("/x/", data or {})
    request._messages = CookieStorage(request)
    return request


def _messages(request):
    return [(message.level, message.message) for message in request._messages]


def _refuse(*_args):
    raise ServiceError("不允许")


def test_a_button_calls_the_service_and_says_so():
    request = _request()
    response = act(request, "/back/", lambda: 3, lambda count: f"完成 {count} 项")
    assert (response.status_code, response.url) == (302, "/back/")
    assert _messages(request) == [(constants.SUCCESS, "完成 3 项")]


def test_a_refusal_is_a_message_on_the_target_page():
    request = _request()
    response = act(request, "/back/", _refuse, "不会出现")
    assert (response.status_code, response.url) == (302, "/back/")
    assert _messages(request) == [(constants.ERROR, "不允许")]


def test_a_form_feeds_the_service_its_cleaned_data():
    request = _request(data={"reason": " 出差 "})
    seen = []
    response = act(request, lambda result: f"/done/{result}/", lambda data: seen.append(data) or 7, "好",
                   form=ReasonForm(request.POST))
    assert seen == [{"reason": "出差"}]
    assert response.url == "/done/7/"
    assert _messages(request) == [(constants.SUCCESS, "好")]


def test_an_invalid_form_goes_back_with_its_errors_or_the_given_text():  # zh-hans by default
    request = _request()
    response = act(request, "/back/", _refuse, "好", form=ReasonForm(request.POST))
    assert response.url == "/back/"
    assert _messages(request) == [(constants.ERROR, "这个字段是必填项。")]
    request = _request()
    act(request, "/back/", _refuse, "好", form=ReasonForm(request.POST), invalid="请填写原因。")
    assert _messages(request) == [(constants.ERROR, "请填写原因。")]


def _drawn(monkeypatch):
    drawn = []
    monkeypatch.setattr(core.views, "render", lambda request, template, context: drawn.append((template, context))
                        or "page")
    return drawn


def test_a_form_page_draws_the_form_on_get_without_calling_the_service(monkeypatch):
    drawn = _drawn(monkeypatch)
    request = _request("get")
    form = ReasonForm(None)
    assert act(request, "/x/", _refuse, "好", form=form, template="t.html", context=lambda: {"extra": 1}) == "page"
    assert drawn == [("t.html", {"form": form, "extra": 1})]
    assert _messages(request) == []


def test_a_form_page_shows_a_refusal_as_the_form_error(monkeypatch):
    drawn = _drawn(monkeypatch)
    request = _request(data={"reason": "出差"})
    form = ReasonForm(request.POST)
    assert act(request, "/x/", _refuse, "好", form=form, template="t.html", context={"extra": 1}) == "page"
    assert drawn == [("t.html", {"form": form, "extra": 1})]
    assert form.non_field_errors() == ["不允许"]
    assert _messages(request) == []


def test_a_form_page_draws_an_invalid_form_again_with_the_optional_message(monkeypatch):
    drawn = _drawn(monkeypatch)
    request = _request()
    form = ReasonForm(request.POST)
    act(request, "/x/", _refuse, "好", form=form, template="t.html", invalid="请更正下面的错误。")
    assert drawn == [("t.html", {"form": form})]
    assert _messages(request) == [(constants.ERROR, "请更正下面的错误。")]


def test_a_form_page_goes_to_the_result_on_success(monkeypatch):
    _drawn(monkeypatch)
    request = _request(data={"reason": "出差"})
    response = act(request, lambda result: f"/leave/{result}/", lambda data: 5, "已提交",
                   form=ReasonForm(request.POST), template="t.html")
    assert response.url == "/leave/5/"
    assert _messages(request) == [(constants.SUCCESS, "已提交")]


def test_attempt_returns_the_result_or_why_not():
    assert attempt(lambda: 4) == (4, None)
    assert attempt(_refuse) == (None, "不允许")
    assert attempt(lambda data: data["reason"], form=ReasonForm({"reason": "病"})) == ("病", None)
    assert attempt(_refuse, form=ReasonForm({}), invalid="请填写原因。") == (None, "请填写原因。")


def test_a_form_page_may_show_the_refusal_as_a_message(monkeypatch):
    drawn = _drawn(monkeypatch)
    request = _request(data={"reason": "出差"})
    form = ReasonForm(request.POST)
    act(request, "/x/", _refuse, "好", form=form, template="t.html", refusal_as_message=True)
    assert drawn == [("t.html", {"form": form})]
    assert form.non_field_errors() == []
    assert _messages(request) == [(constants.ERROR, "不允许")]
