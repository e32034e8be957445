"""What the training views share."""

from django.http import Http404, HttpResponse
from django.utils import timezone


def year_from(request, key="year"):
    """The year asked for (this year when missing or absurd)."""
    try:
        year = int(request.GET.get(key) or timezone.localdate().year)
    except (TypeError, ValueError):
        year = timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def int_or_404(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def download(content, content_type, filename):
    """A generated file as an attachment (the name may be Chinese: RFC 6266 filename*)."""
    from urllib.parse import quote

    response = HttpResponse(content, content_type=content_type)
    ascii_name = filename.encode("ascii", "ignore").decode() or "training"
    response["Content-Disposition"] = (f'attachment; filename="{ascii_name}"; '
                                       f"filename*=UTF-8''{quote(filename)}")
    return response
