"""Policy simulations (R-S2)."""

from django.urls import path  # noqa: F401

app_name = "simulations"

urlpatterns: list = []
