#!/usr/bin/env python3
"""The two commands of README, in plain Python so they need nothing but Python itself.

    python3 dev.py run    set up (virtual environment, install, migrate, translations, demo data)
                          and serve the app at http://127.0.0.1:8000, with Celery beat for
                          scheduled tasks (run in-process: no Redis needed)
    python3 dev.py test   set up, check the import layers (lint-imports) and run the whole test suite on
                          every core (extra arguments go to pytest; -n 0 runs it in one process)
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
PYTHON = BIN / "python"
STAMP = VENV / ".installed"


def sh(*args, env=None):
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, check=True, env=env)


def install():
    """Create .venv and install the project with its test tools; again only when pyproject changes."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not PYTHON.exists():
        sh(sys.executable, "-m", "venv", VENV)
    sh(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    sh(PYTHON, "-m", "pip", "install", "--quiet", "-e", ".[test]")
    STAMP.write_text(wanted)


def manage(*args, env):
    sh(PYTHON, "manage.py", *args, env=env)


def run():
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "1")}
    install()
    manage("migrate", "--noinput", env=env)
    manage("compile_translations", env=env)
    manage("seed_demo", env=env)
    # Scheduled work (reminders, escalations, monthly jobs): Celery beat runs each task in its own
    # process when no broker is configured, so the embedded default needs no other service.
    beat = subprocess.Popen(
        [str(BIN / "celery"), "-A", "config", "beat", "--loglevel", "WARNING",
         "-S", "django_celery_beat.schedulers:DatabaseScheduler"], cwd=ROOT, env=env)
    try:
        manage("runserver", "127.0.0.1:8000", env=env)
    finally:
        beat.terminate()
        beat.wait(timeout=10)


def test(pytest_args):
    env = {**os.environ, "XINKE_TESTING": "1"}
    install()
    manage("compile_translations", env=env)
    # The layers first (pyproject.toml [tool.importlinter]): an import across a layer fails with the contract's name.
    lint = subprocess.run([str(BIN / "lint-imports"), "--no-logo"], cwd=ROOT, env=env)
    if lint.returncode:
        sys.exit(lint.returncode)
    # Every core (pytest-xdist) unless the arguments say otherwise (-n 0: one process).
    workers = [] if any(arg.startswith(("-n", "--numprocesses")) for arg in pytest_args) else [
        "-n", os.environ.get("XINKE_TEST_WORKERS", "auto")]
    result = subprocess.run([str(PYTHON), "-m", "pytest", *workers, *pytest_args], cwd=ROOT, env=env)
    sys.exit(result.returncode)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "run":
        run()
    elif command == "test":
        test(sys.argv[2:])
    else:
        print(__doc__)
        sys.exit(2)
