"""The layers of pyproject.toml hold (`python3 dev.py test` runs lint-imports first; this says it inside pytest)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_import_contract_is_kept():
    lint = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-logo", "--no-cache"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)

    assert lint.returncode == 0, lint.stdout[-3000:]
    assert "0 broken" in lint.stdout
