from django.core.management.base import BaseCommand

from appraisal.management import month_argument
from appraisal.models import period_label
from appraisal.services import scorecards_create_for_month


class Command(BaseCommand):
    help = ("Create a month's scorecards for every active staff member whose post has a template "
            "(what the beat task does on the 1st). Running it again creates nothing new.")

    def add_arguments(self, parser):
        parser.add_argument("month", help="YYYY-MM")

    def handle(self, *args, month, **options):
        period = month_argument(month)
        created = scorecards_create_for_month(period=period)
        self.stdout.write(f"{period_label(period)}: {created} scorecards created")
