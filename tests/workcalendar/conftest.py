import datetime

import pytest
import time_machine

# Today is Friday 2026-12-04: next year's notice is due, 2027 is counted provisionally.
TODAY = datetime.datetime(2026, 12, 4, 10, 0)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield
