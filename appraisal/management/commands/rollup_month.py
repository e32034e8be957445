from django.core.management.base import BaseCommand

from appraisal.management import month_argument
from appraisal.models import period_label
from appraisal.services import month_rollup


class Command(BaseCommand):
    help = ("Close a month of scorecards: results, ranks and each department's statistics. "
            "Running it again recomputes the same figures.")

    def add_arguments(self, parser):
        parser.add_argument("month", help="YYYY-MM")

    def handle(self, *args, month, **options):
        period = month_argument(month)
        result = month_rollup(period=period)
        self.stdout.write(f"{period_label(period)}: {result.scorecards} scorecards, {result.completed} confirmed, "
                          f"{result.newly_closed} closed now")
        for scorecard in result.incomplete:
            self.stdout.write(self.style.WARNING(
                f"not confirmed: {scorecard.user.username} {scorecard.user.display_name} ({scorecard.state})"))
