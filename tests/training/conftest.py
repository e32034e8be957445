import datetime
import zoneinfo

import pytest
import time_machine

# Monday 16 November 2026, 9:00 in the hospital's time zone.
TODAY = datetime.date(2026, 11, 16)
NOW = datetime.datetime(2026, 11, 16, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield
