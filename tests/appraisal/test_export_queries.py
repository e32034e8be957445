"""A month's score sheets are read in a fixed number of queries, however many scorecards: nothing is read per
scorecard (such as a field the exporter's .only() leaves out)."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from appraisal.exporters import exporter_for
from appraisal.models import Scorecard

from .helpers import NOVEMBER, NOW, locked, open_month, submitted

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_one_scorecard_or_the_whole_month_take_the_same_queries(org, fmt):
    with time_machine.travel(NOW, tick=False):
        open_month()
        confirmed = locked(org.employee, org.supervisor)
        submitted(org.supervisor)
        counts = []
        for scorecards in (Scorecard.objects.filter(pk=confirmed.pk), Scorecard.objects.filter(period=NOVEMBER)):
            with CaptureQueriesContext(connection) as queries:
                exporter_for(fmt, scorecards=scorecards).render()
            counts.append((scorecards.count(), len(queries)))

    assert [scorecards for scorecards, _queries in counts] == [1, 2]
    assert counts[1][1] == counts[0][1]
