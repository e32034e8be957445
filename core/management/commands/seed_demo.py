from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from appraisal import demo as appraisal_demo
from authz import demo as authz_demo
from discipline import demo as discipline_demo
from dutyroster import demo as dutyroster_demo
from leave import demo as leave_demo
from offboarding import demo as offboarding_demo
from staff import demo as staff_demo
from staff import hiring_demo
from training import demo as training_demo

# Each domain's demo history, in dependency order. Later domains append theirs.
SEEDERS = [
    ("staff", staff_demo.seed),
    ("hiring", hiring_demo.seed),
    ("discipline", discipline_demo.seed),
    ("appraisal", appraisal_demo.seed),
    ("authz", authz_demo.seed),
    ("leave", leave_demo.seed),
    ("offboarding", offboarding_demo.seed),
    ("dutyroster", dutyroster_demo.seed),
    ("training", training_demo.seed),
]


class Command(BaseCommand):
    help = "Build a believable demo hospital. Running it again changes nothing."

    @transaction.atomic
    def handle(self, *args, **options):
        # The demo's history notifies people as it is built; nobody should get those e-mails.
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        for name, seed in SEEDERS:
            created = seed()
            self.stdout.write(f"{name}: {created} created")
        self.stdout.write(self.style.SUCCESS(f"Demo ready. Every demo account's password: {staff_demo.DEMO_PASSWORD}"))
