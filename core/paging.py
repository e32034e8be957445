from django.core.paginator import Paginator

PAGE_SIZE = 25


def paginate(request, queryset, size=PAGE_SIZE):
    """The requested page of a list, and the list's filters as a query string for the page links."""
    page = Paginator(queryset, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
