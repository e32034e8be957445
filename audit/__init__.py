"""The append-only, hash-chained audit log that every domain's state changes are written to."""
