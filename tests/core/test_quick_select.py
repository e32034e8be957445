"""core.forms.QuickSelect: the filter bars' <select>, drawn without a template per option, is the markup Django's
Select draws, and a form field behaves the same with it; so is a ModelChoiceField drawn from named_options()."""

import pytest
from django import forms
from django.test.html import parse_html

from core.forms import QuickSelect, StyledFormMixin, named_options
from staff.models import Department

CHOICES = [("", "全部科室"), (1, "信息科"), (2, "心内科 <急诊>"), (3, "药剂科 & 库房")]


def both(value, attrs=None, choices=CHOICES):
    django_select, quick = forms.Select(choices=choices), QuickSelect(choices=choices)
    return (parse_html(django_select.render("department", value, attrs)),
            parse_html(quick.render("department", value, attrs)))


def test_the_markup_is_djangos_for_every_value():
    for value in (None, "", 1, "2", "3", "99"):
        django_html, quick_html = both(value, {"id": "id_department", "class": "form-select", "required": True})
        assert quick_html == django_html


def test_a_single_select_marks_only_its_first_match():
    django_html, quick_html = both("1", choices=[(1, "甲"), ("1", "乙")])
    assert quick_html == django_html
    assert str(quick_html).count("selected") == 1


def test_grouped_choices_keep_djangos_rendering():
    grouped = [("临床", [(1, "心内科"), (2, "外科")]), ("医技", [(3, "检验科")])]
    django_html, quick_html = both(2, choices=grouped)
    assert quick_html == django_html


class DepartmentFilter(StyledFormMixin, forms.Form):
    department = forms.ModelChoiceField(queryset=Department.objects.order_by("pk"), required=False,
                                        empty_label="全部科室")
    kind = forms.ChoiceField(choices=[("", "全部"), ("it", "信息")], required=False)
    many = forms.MultipleChoiceField(choices=[("a", "A")], required=False)


def test_styled_forms_draw_plain_selects_quickly_and_validate_the_same(org):
    form = DepartmentFilter({"department": str(org.ward.pk), "kind": "it"})

    assert (type(form.fields["department"].widget), type(form.fields["kind"].widget),
            type(form.fields["many"].widget)) == (QuickSelect, QuickSelect, forms.SelectMultiple)
    assert form.is_valid()
    assert form.cleaned_data["department"] == org.ward
    html = parse_html(str(form["department"]))
    expected = forms.Select(choices=form.fields["department"].choices).render(
        "department", str(org.ward.pk), {"id": "id_department", "class": "form-select"})
    assert html == parse_html(expected)


class NamedDepartmentFilter(DepartmentFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        named_options(self.fields["department"])


@pytest.mark.parametrize("data", [None, {}, {"department": "ward"}, {"department": "999999"}])
def test_named_options_draw_the_same_select_in_one_query_and_validate_the_same(org, data,
                                                                                django_assert_num_queries):
    if data == {"department": "ward"}:
        data = {"department": str(org.ward.pk)}
    plain, named = DepartmentFilter(data), NamedDepartmentFilter(data)
    if data is not None:  # cleaning looks the chosen department up in the queryset, as before
        assert named.is_valid() == plain.is_valid()
        assert named.cleaned_data.get("department") == plain.cleaned_data.get("department")

    with django_assert_num_queries(1):  # a plain SELECT of (id, name), read once for the widget and the options
        drawn = str(named["department"])
    assert parse_html(drawn) == parse_html(str(plain["department"]))
