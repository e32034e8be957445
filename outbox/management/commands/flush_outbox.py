from django.core.management.base import BaseCommand

from outbox.services import flush_outbox


class Command(BaseCommand):
    help = "Publish background work that waited in the outbox while the broker was unreachable."

    def handle(self, *args, **options):
        sent = flush_outbox()
        self.stdout.write(f"{sent} published")
