"""Policy simulations (R-S2)."""

from django.urls import path

from reporting import views_simulations

app_name = "simulations"

urlpatterns = [
    path("simulacijas/", views_simulations.simulation_list, name="simulation_list"),
    path("simulacijas/<int:pk>/", views_simulations.simulation_detail, name="simulation_detail"),
    path("simulacijas/<int:pk>/statuss/", views_simulations.simulation_status, name="simulation_status"),
    path(
        "simulacijas/<int:pk>/lejupielade/<str:fmt>/",
        views_simulations.simulation_download,
        name="simulation_download",
    ),
]
