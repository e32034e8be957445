"""Shared pieces of spreadsheet and PDF exports."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Neutralise spreadsheet formula injection in text that came from users (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class BaseExporter:
    """One export format: subclasses set content_type and extension and implement render() -> bytes."""

    content_type = "application/octet-stream"
    extension = "bin"

    def filename(self, stem):
        return f"{stem}.{self.extension}"

    def render(self):
        raise NotImplementedError
