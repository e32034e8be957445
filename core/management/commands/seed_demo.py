from django.core.management.base import BaseCommand
from django.db import transaction

from staff import demo as staff_demo

# Each domain's demo history, in dependency order. Later domains append theirs.
SEEDERS = [("staff", staff_demo.seed)]


class Command(BaseCommand):
    help = "Build a believable demo hospital. Running it again changes nothing."

    @transaction.atomic
    def handle(self, *args, **options):
        for name, seed in SEEDERS:
            created = seed()
            self.stdout.write(f"{name}: {created} created")
        self.stdout.write(self.style.SUCCESS(f"Demo ready. Every demo account's password: {staff_demo.DEMO_PASSWORD}"))
