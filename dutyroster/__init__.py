"""The duty roster (值班) and shift handovers (交接班)."""
