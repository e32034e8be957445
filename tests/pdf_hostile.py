"""User text that reportlab would read as paragraph markup, and how to check a PDF printed it as typed."""

import subprocess

HOSTILE = ["显示器 a<b", "R&D <科室>", '<link href="https://evil.example/">点我</link>', '<img src="/etc/passwd"/>']


def pdf_text(data):
    """The text in reading order (a cell's wrapped lines stay together), without any whitespace."""
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return "".join(text.split())


def missing(data, values=HOSTILE):
    """The values not printed as typed (wrapping may break a value anywhere, so whitespace is ignored)."""
    text = pdf_text(data)
    return [value for value in values if "".join(value.split()) not in text]


def printed_as_typed(data, values=HOSTILE):
    """Every value appears literally, and no link was planted."""
    return missing(data, values) == [] and b"/URI" not in data
