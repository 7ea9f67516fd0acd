"""The ministry's national dashboard (issue 7)."""

from django.urls import path  # noqa: F401

app_name = "ministry"

urlpatterns: list = []
