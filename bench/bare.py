"""The floor of the page benchmarks: a bare Django view that renders a 50-row table of grants from one joined query,
through the same middleware as every page. Import it once Django is set up."""

from django.http import HttpResponse
from django.template import engines

BARE = engines["django"].from_string(
    "<table>{% for grant in grants %}<tr><td>{{ grant.user.username }}</td><td>{{ grant.user.name }}</td>"
    "<td>{{ grant.system.name }}</td><td>{{ grant.permission_set.name }}</td><td>{{ grant.account_id }}</td>"
    "<td>{{ grant.granted_at|date:'Y-m-d' }}</td></tr>{% endfor %}</table>")


def bare_table(request):
    """The floor: one joined query, 50 rows, a plain template, through the same middleware."""
    from authz.models import Grant

    grants = Grant.objects.select_related("user", "system", "permission_set").order_by("-granted_at", "-pk")[:50]
    return HttpResponse(BARE.render({"grants": grants}, request))
