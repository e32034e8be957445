"""The duty pages, by aggregate: my duty and the calendar feed (mine), rosters and rotations (roster), swaps, the
handover, logs and registers (records), fault calls and complaints (calls), patrols, overtime and findings."""
