"""Training plans, hours and exams (教育培训), including the induction exam that gates system access."""

from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
