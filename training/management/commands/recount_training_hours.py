from django.core.management.base import BaseCommand

from training.services.hours import year_hours_recount_all


class Command(BaseCommand):
    help = ("Rebuild everyone's stored yearly training hours from attendance, external training and self-study "
            "(after a bulk load, or to repair). Running it again changes nothing.")

    def handle(self, *args, **options):
        self.stdout.write(f"{year_hours_recount_all()} yearly totals stored")
