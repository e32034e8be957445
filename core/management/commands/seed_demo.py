"""seed_demo: every installed app's demo history, found rather than listed (core knows no domain).

An app with a demo has a module `<app>/demo.py` with `ORDER` (a number: the demos run in ascending ORDER, so a demo
may use what the demos with a lower ORDER made — the organisation is 10) and `seed()`, idempotent, returning how
many rows it created (or {part: count} for an app that seeds several parts). An optional `NOTE` is printed at the
end (the demo password).
"""

from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule


def demo_modules():
    """The project's apps' demo modules, in the order they run (installed libraries are not asked)."""
    found = [import_module(f"{config.name}.demo") for config in apps.get_app_configs()
             if Path(config.path).parent == settings.BASE_DIR and module_has_submodule(config.module, "demo")]
    return sorted(found, key=lambda module: module.ORDER)


class Command(BaseCommand):
    help = "Build a believable demo hospital. Running it again changes nothing."

    @transaction.atomic
    def handle(self, *args, **options):
        # The demo's history notifies people as it is built; nobody should get those e-mails.
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        notes = []
        for module in demo_modules():
            created = module.seed()
            label = module.__name__.split(".")[0]
            for part, count in (created.items() if isinstance(created, dict) else [(label, created)]):
                self.stdout.write(f"{part}: {count} created")
            notes.append(getattr(module, "NOTE", ""))
        self.stdout.write(self.style.SUCCESS(" ".join(["Demo ready.", *filter(None, notes)])))
