"""core.errors: the checks every service refuses with."""

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from core.errors import ServiceError, optional_text, require, required_text


def refusal(call):
    with pytest.raises(ServiceError) as refused:
        call()
    return refused.value.message


def test_require_passes_a_true_condition_and_refuses_a_false_one_with_its_message():
    assert require(1, "never shown") is None
    assert refusal(lambda: require([], "Choose someone.")) == "Choose someone."


def test_required_text_is_stripped_and_refused_when_blank():
    assert required_text("  交班正常 \n", "Write something.") == "交班正常"
    assert refusal(lambda: required_text(" \t\n", "Write something.")) == "Write something."
    assert refusal(lambda: required_text(None, "Write something.")) == "Write something."


@translation.override("zh-hans")
def test_text_beyond_the_limit_is_refused_in_the_persons_language():
    assert required_text("a" * 5, "Write something.", limit=5) == "aaaaa"
    assert refusal(lambda: required_text("a" * 6, "Write something.", limit=5)) == "内容过长：最多 5 个字符。"
    assert refusal(lambda: optional_text("a" * 2001)) == "内容过长：最多 2000 个字符。"
    assert optional_text(None) == ""


@translation.override("en")
@given(st.text(max_size=50))
def test_any_text_is_returned_stripped_or_refused_for_being_blank_or_long(value):
    expected = value.strip()
    if not expected:
        assert refusal(lambda: required_text(value, "missing", limit=20)) == "missing"
    elif len(expected) > 20:
        assert refusal(lambda: required_text(value, "missing", limit=20)) == (
            "The text is too long: at most 20 characters.")
    else:
        assert required_text(value, "missing", limit=20) == expected
