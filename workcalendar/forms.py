import hashlib

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin

from . import notice as notice_reader

TEXT_MAX = 20000


def fingerprint(text):
    """Ties a save to the text that was previewed."""
    return hashlib.sha256((text or "").strip().encode()).hexdigest()[:32]


class NoticeForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("The notice, or a table of dates"), required=False, max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text=_("Paste the notice's list as published (一、元旦：1月1日（周五）放假…) or one date a line: "
                    "2027-02-20, 上班, 春节."),
    )
    upload = forms.FileField(label=_("…or upload it"), required=False,
                             help_text=_("A .txt file with the notice, or a .csv / .xlsx table: date, 放假 or 上班, "
                                         "name."))
    source_name = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    previewed = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload:
            try:
                data["text"] = notice_reader.read_upload(upload)
            except notice_reader.UploadError as error:
                raise forms.ValidationError(str(error)) from None
            data["source_name"] = upload.name[:200]
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Paste the notice or upload a file."))
        if len(data["text"]) > TEXT_MAX:
            raise forms.ValidationError(_("The text is too long for a holiday notice."))
        return data

    def was_previewed(self):
        return self.cleaned_data.get("previewed") == fingerprint(self.cleaned_data["text"])
