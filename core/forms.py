import functools

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class StyledFormMixin:
    """Give every widget Bootstrap's classes, so all forms look alike (one form style)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
                if type(widget) is forms.Select:  # the same widget, drawn without a template per option
                    widget.__class__ = QuickSelect
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


BIGINT_MAX = 2**63 - 1


class BoundedIdsMixin:
    """For a ModelMultipleChoiceField: an id past a 64-bit integer is an invalid choice, not an OverflowError from
    SQLite ("Python int too large to convert to SQLite INTEGER")."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if text.lstrip("-").isdigit() and abs(int(text)) > BIGINT_MAX:
                raise forms.ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                            params={"pk": pk})
        return super()._check_values(value)


class QuickSelect(forms.Select):
    """A <select> drawn in Python. Django renders every <option> through a template of its own, so a filter bar
    listing 200 departments and the systems cost tens of milliseconds on each page of a list; this writes the same
    markup with the same form behaviour in a few. Grouped choices keep Django's rendering."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        options = []
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                return super().render(name, value, attrs, renderer)
            option_value = "" if option_value is None else str(option_value)
            chosen = option_value in selected
            selected.discard(option_value)  # a single select marks its first match only, as Django's does
            options.append(format_html('<option value="{}"{}>{}</option>', option_value,
                                       " selected" if chosen else "", label))
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)),
                           mark_safe("".join(options)))


def named_options(field, label="name"):
    """Draw a filter bar's ModelChoiceField from (pk, `label`) pairs, read when the select is drawn. From its queryset
    Django makes a model of every row (200 departments) and, on PostgreSQL, reads them through a server-side cursor
    (DECLARE, FETCH, CLOSE: three round trips) on each page of the list. `label` is the field the model's __str__
    shows. Cleaning a chosen value still looks it up in the field's queryset."""
    queryset, head = field.queryset, [] if field.empty_label is None else [("", field.empty_label)]

    @functools.cache  # read once: the widget also looks at the first option (for the required attribute)
    def options():
        return [*head, *queryset.values_list("pk", label)]

    field.choices = options
