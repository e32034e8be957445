"""Settings for the test suite: the real settings with XINKE_TESTING on (MD5 hasher, eager tasks, locmem mail)."""

import os

os.environ["XINKE_TESTING"] = "1"

from .settings import *  # noqa: E402,F403
