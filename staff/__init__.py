"""People and organisation: departments, posts and their descriptions, staff profiles, roles."""
