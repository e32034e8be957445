"""The WSGI application of the load benchmark (bench/load_bench.py): the project as deployed, plus the bare 50-row
table at /bench/bare/ (the floor every page is compared with, under the same load)."""

import os
import sys
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

from django.conf import settings  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import include, path  # noqa: E402

BARE = engines["django"].from_string(
    "<table>{% for grant in grants %}<tr><td>{{ grant.user.username }}</td><td>{{ grant.user.name }}</td>"
    "<td>{{ grant.system.name }}</td><td>{{ grant.permission_set.name }}</td><td>{{ grant.account_id }}</td>"
    "<td>{{ grant.granted_at|date:'Y-m-d' }}</td></tr>{% endfor %}</table>")


def bare_table(request):
    """The floor: one joined query, 50 rows, a plain template, through the same middleware (as bench/authz_bench)."""
    from authz.models import Grant

    grants = Grant.objects.select_related("user", "system", "permission_set").order_by("-granted_at", "-pk")[:50]
    return HttpResponse(BARE.render({"grants": grants}, request))


urls = types.ModuleType("bench_load_urls")
urls.urlpatterns = [path("bench/bare/", bare_table), path("", include("config.urls"))]
sys.modules["bench_load_urls"] = urls
settings.ROOT_URLCONF = "bench_load_urls"
