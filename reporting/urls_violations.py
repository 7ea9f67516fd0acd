"""Violations and repayment (R-R1)."""

from django.urls import path

from reporting import views_violations

app_name = "violations"

urlpatterns = [
    path("parkapumi/", views_violations.violation_list, name="violation_list"),
    path("parkapumi/jauns/<int:contract_pk>/", views_violations.violation_create, name="violation_create"),
    path("parkapumi/<int:pk>/", views_violations.violation_detail, name="violation_detail"),
    path(
        "parkapumi/<int:pk>/atmaksas-pieprasijums.pdf",
        views_violations.violation_demand,
        name="violation_demand",
    ),
    path("parkapumi/<int:pk>/pazinojums.pdf", views_violations.violation_notice, name="violation_notice"),
]
