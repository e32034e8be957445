"""The fine and point schedules (考核办法), incidents, appeals and monthly statements."""

from django.apps import AppConfig


class DisciplineConfig(AppConfig):
    name = "discipline"
