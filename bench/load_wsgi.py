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
from django.urls import include, path  # noqa: E402

from bench.bare import bare_table  # noqa: E402

urls = types.ModuleType("bench_load_urls")
urls.urlpatterns = [path("bench/bare/", bare_table), path("", include("config.urls"))]
sys.modules["bench_load_urls"] = urls
settings.ROOT_URLCONF = "bench_load_urls"
