from django.core.paginator import Paginator

PAGE_SIZE = 25


def paginate(request, queryset, size=PAGE_SIZE):
    """The requested page of a list, and the list's filters as a query string for the page links."""
    page = Paginator(queryset, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def paginate_ids(request, queryset, rows, size=PAGE_SIZE):
    """paginate() for a large list: the page's ids from `queryset` (filtered and ordered: a narrow query an index
    can serve), then those rows from `rows` with everything the table shows. Joining every row to its related
    tables before keeping one page of them costs the whole list on every page."""
    page, query = paginate(request, queryset.values_list("pk", flat=True), size)
    found = rows.in_bulk(list(page.object_list))
    page.object_list = [found[pk] for pk in page.object_list]
    return page, query
