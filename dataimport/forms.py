from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin


class UploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("Excel workbook (.xlsx) or CSV file"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))


class ApplyForm(forms.Form):
    ALL, VALID = "all", "valid"
    mode = forms.ChoiceField(choices=[(ALL, _("Import every row")), (VALID, _("Import only the valid rows"))])


class OutcomeFilterForm(forms.Form):
    show = forms.ChoiceField(label=_("Show"), required=False, choices=[
        ("", _("All rows")), ("error", _("Errors")), ("create", _("New")), ("update", _("Updated")),
        ("unchanged", _("Unchanged"))])
