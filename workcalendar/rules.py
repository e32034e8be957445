"""Who may do what with the working-day calendar."""


def can_load_calendar(user):
    """Load a year's holiday notice: administrators and HR (the role table gives them core.add_calendaryear)."""
    return user.is_authenticated and user.is_active and user.has_perm("core.add_calendaryear")
