"""Uploaded files: kept outside the web root, limited in size and type, served only after an access check."""

import logging
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# Content signatures, checked against the bytes, not the file name.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
}
OFFICE_MARKERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
ALLOWED_EXTENSIONS = tuple(SIGNATURES)


class ProtectedStorage(LazyObject):
    """FileSystemStorage rooted at PROTECTED_MEDIA_ROOT, with no public URL."""

    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.PROTECTED_MEDIA_ROOT, base_url=None)


protected_storage = ProtectedStorage()


@receiver(setting_changed)
def _reset_protected_storage(*, setting, **kwargs):
    # Without this the storage keeps the folder it was first set up with, whatever the setting says now.
    if setting == "PROTECTED_MEDIA_ROOT":
        protected_storage._wrapped = empty


def get_protected_storage():
    return protected_storage


@deconstructible
class UploadValidator:
    """Refuse a file that is too large or whose content is not what its extension says."""

    def __call__(self, upload):
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise ValidationError(
                _("The file is too large: at most %(size)s.") % {"size": filesizeformat(settings.UPLOAD_MAX_BYTES)},
                code="too_large",
            )
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in SIGNATURES:
            raise ValidationError(
                _("Only these file types are accepted: %(types)s.") % {"types": ", ".join(ALLOWED_EXTENSIONS)},
                code="extension",
            )
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if not head.startswith(SIGNATURES[extension]) or not _office_file_matches(upload, extension):
            raise ValidationError(_("The file's content does not match its type."), code="content")

    def __eq__(self, other):
        return isinstance(other, UploadValidator)


def _office_file_matches(upload, extension):
    marker = OFFICE_MARKERS.get(extension)
    if marker is None:
        return True
    try:
        with zipfile.ZipFile(upload) as archive:
            return marker in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


validate_upload = UploadValidator()


def serve_protected(field_file, download_name):
    """Send a stored file as an attachment, never inline, so the browser does not render it. A file missing from
    storage (a restore without the uploads volume) is a 404 for the person, and a warning in the log."""
    try:
        opened = field_file.open("rb")
    except OSError:
        logger.warning("Stored file missing: %s", field_file.name)
        raise Http404 from None
    response = FileResponse(opened, as_attachment=True, filename=download_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
