"""includes/filter_bar.html: the one filter bar of the list pages."""

from django import forms
from django.template.loader import render_to_string
from django.test import RequestFactory

from tests.html import find_all


class Filters(forms.Form):
    q = forms.CharField(label="搜索", required=False)
    department = forms.ChoiceField(label="科室", required=False, choices=[("", "全部"), ("1", "信息科")])
    behind = forms.BooleanField(label="仅未达标", required=False)
    year = forms.IntegerField(label="年份", required=False)


def draw(data=None, **flags):
    request = RequestFactory().get("/leave/", data or {})
    return render_to_string("includes/filter_bar.html", {"form": Filters(data), **flags, "request": request})


def test_every_field_with_its_label_then_filter_and_reset_to_the_page_itself():
    html = draw()
    assert [attrs["for"] for _tag, attrs, _text in find_all(html, "for")] == [
        "id_q", "id_department", "id_behind", "id_year"]
    assert find_all(html, "type", "submit")[0][2] == "筛选"
    assert find_all(html, "href", "/leave/")[0][2] == "重置"
    assert find_all(html, "data-autosubmit") == []
    assert find_all(html, "class", "form-check-label")[0][2] == "仅未达标"  # a checkbox stands beside its label


def test_the_options_columns_kept_parameter_skipped_fields_reset_and_autosubmit():
    html = draw(autosubmit=True, keep_name="scope", keep_value="team", skip="q department", first_cols="col-12",
                cols="col-6 col-md-2", buttons_cols="col-12 col-md-auto", reset="/leave/?scope=team")
    form = find_all(html, "method", "get")[0][1]
    assert "data-autosubmit" in form
    assert find_all(html, "type", "hidden")[0][1] == {"type": "hidden", "name": "scope", "value": "team"}
    assert [attrs["for"] for _tag, attrs, _text in find_all(html, "for")] == ["id_behind", "id_year"]
    assert [attrs["class"] for _tag, attrs, _text in find_all(html, "class")
            if attrs["class"].startswith("col-")] == [
        "col-6 col-md-2 form-check pt-4 ps-4", "col-6 col-md-2", "col-12 col-md-auto d-flex gap-2"]
    assert find_all(html, "href", "/leave/?scope=team")[0][2] == "重置"
    first = [attrs["class"] for _tag, attrs, _text in find_all(draw(first_cols="col-12"), "class")
             if attrs["class"].startswith("col-")]
    assert first == ["col-12", "col-6 col-md-3", "col-6 col-md-3 form-check pt-4 ps-4", "col-6 col-md-3",
                     "col-6 col-md-3 d-flex gap-2"]


def test_invalid_filters_say_so_field_by_field_or_in_the_given_words():
    assert find_all(draw({"year": "x"}), "class", "col-12 text-danger small")[0][2] == "年份: 输入整数。"
    given = draw({"year": "x"}, invalid="部分筛选条件无效。")
    assert find_all(given, "class", "col-12 text-danger small")[0][2] == "部分筛选条件无效。"


def test_widths_give_the_named_fields_their_own_columns_before_first_cols_and_cols():
    html = draw(widths="q: col-12 col-md-4, year: col-6 col-md-1", first_cols="col-12", cols="col-6 col-md-2")
    assert [attrs["class"] for _tag, attrs, _text in find_all(html, "class")
            if attrs["class"].startswith("col-")] == [
        "col-12 col-md-4", "col-6 col-md-2", "col-6 col-md-2 form-check pt-4 ps-4", "col-6 col-md-1",
        "col-6 col-md-3 d-flex gap-2"]
