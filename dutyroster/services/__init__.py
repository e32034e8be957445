"""Every change to the duty roster and its records, one keyword-only function each, split by aggregate:
rosters (roster.py), swaps, the calendar feed, handovers, logs and registers, fault calls and complaints, patrols,
overtime, and the findings they propose (findings.py)."""
