"""Financial reports and rates (R-F1–R-F5)."""

from django.urls import path  # noqa: F401

app_name = "reporting"

urlpatterns: list = []
