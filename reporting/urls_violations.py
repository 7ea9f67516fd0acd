"""Violations and repayment (R-R1)."""

from django.urls import path  # noqa: F401

app_name = "violations"

urlpatterns: list = []
