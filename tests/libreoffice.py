"""Open an exported workbook as a user's spreadsheet would: LibreOffice recalculates every formula, and the test
compares what it computed with the values the app wrote (cached in the file)."""

import io
import os
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

SOFFICE = shutil.which("soffice")


def recalculated(content):
    """The workbook after LibreOffice recalculated it (read with data_only), or skip when it is not installed."""
    if SOFFICE is None:
        if os.environ.get("XINKE_REQUIRE_LIBREOFFICE") == "1":
            raise pytest.UsageError("XINKE_REQUIRE_LIBREOFFICE=1 but soffice is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "export.xlsx"
        source.write_bytes(content)
        out = Path(folder) / "out"
        subprocess.run([SOFFICE, "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(out), str(source)],
                       check=True, capture_output=True, timeout=120, env={**os.environ, "HOME": folder})
        return openpyxl.load_workbook(io.BytesIO((out / "export.xlsx").read_bytes()), data_only=True)


def formula_mismatches(content):
    """[(sheet, cell, app's value, LibreOffice's value)] for every formula whose values differ (numbers to 0.01)."""
    formulas = openpyxl.load_workbook(io.BytesIO(content))
    cached = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    computed = recalculated(content)
    mismatches = []
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if not (isinstance(cell.value, str) and cell.value.startswith("=")):
                    continue
                ours, theirs = cached[sheet.title][cell.coordinate].value, computed[sheet.title][cell.coordinate].value
                if isinstance(ours, (int, float)) and isinstance(theirs, (int, float)):
                    same = Decimal(str(ours)).quantize(Decimal("0.01")) == Decimal(str(theirs)).quantize(
                        Decimal("0.01"))
                else:
                    same = ours == theirs
                if not same:
                    mismatches.append((sheet.title, cell.coordinate, ours, theirs))
    return mismatches


def formula_count(content):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return sum(1 for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
               if isinstance(cell.value, str) and cell.value.startswith("="))
