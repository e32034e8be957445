from django import forms


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
