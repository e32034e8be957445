from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from appraisal.exporters import exporter_for
from appraisal.management import month_argument
from appraisal.models import Scorecard
from staff.models import Department


class Command(BaseCommand):
    help = "Write a month's score sheets: the Excel workbook or the PDF sheets, hospital-wide or for one department."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--format", required=True, choices=["xlsx", "pdf"])
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument("--department", help="a department's code (default: the whole hospital)")

    def handle(self, *args, month, format, out, department=None, **options):
        period = month_argument(month)
        chosen = None
        if department:
            chosen = Department.objects.filter(code=department).first()
            if chosen is None:
                raise CommandError(f"No department with the code {department!r}.")
        scorecards = Scorecard.objects.filter(period=period)
        if chosen is not None:
            scorecards = scorecards.filter(department=chosen)
        count = scorecards.count()
        if not count:
            raise CommandError(f"There are no scorecards for {month}.")
        exporter = exporter_for(format, period=period, department=chosen)
        path = Path(out)
        with path.open("wb") as stream:
            exporter.write(stream)
        self.stdout.write(f"{count} score sheets written to {path} ({path.stat().st_size} bytes)")
