"""The ministry's national dashboard (issue 7)."""

from django.urls import path

from reporting import views_dashboard

app_name = "ministry"

urlpatterns = [
    path("valsts-parskats/", views_dashboard.dashboard, name="dashboard"),
]
