"""The duty roster (值班) and what happens on duty: handovers (交接班), logs and registers, fault calls (报修),
patrols (包片区) and overtime (加班)."""
