"""The duty roster (值班) and shift handovers (交接班)."""

from django.apps import AppConfig


class DutyrosterConfig(AppConfig):
    name = "dutyroster"
