"""Financial reports and rates (R-F1–R-F5)."""

from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("parskati/", views.report_list, name="report_list"),
    path("parskati/<int:pk>/", views.report_detail, name="report_detail"),
    path("parskati/<int:pk>/statuss/", views.report_status, name="report_status"),
    path("parskati/<int:pk>/noslegt/", views.report_finalise, name="report_finalise"),
    path("parskati/<int:pk>/lejupielade/<str:fmt>/", views.report_download, name="report_download"),
    path("likmes/", views.rate_list, name="rate_list"),
    path("likmes/jauna/", views.rate_create, name="rate_create"),
    path("likmes/<int:pk>/labot/", views.rate_edit, name="rate_edit"),
]
