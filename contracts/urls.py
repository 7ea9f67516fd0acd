from django.urls import path

from contracts import views_contracts, views_invitations, views_timesheets

app_name = "contracts"
urlpatterns = [
    path("asistenti/<int:pk>/uzaicinat/", views_invitations.assistant_invite, name="assistant_invite"),
    path("uzaicinajums/<str:token>/", views_invitations.invitation_accept, name="invitation_accept"),
    path("iesniegumi/<int:application_pk>/ligums/", views_contracts.contract_create, name="contract_create"),
    path("ligumi/<int:pk>/", views_contracts.contract_detail, name="contract_detail"),
    path("ligumi/<int:pk>/pdf/", views_contracts.contract_download, name="contract_download"),
    path("mani-ligumi/", views_timesheets.my_contracts, name="my_contracts"),
    path("mani-ligumi/augsupielade/", views_timesheets.timesheet_upload, name="timesheet_upload"),
    path("mani-ligumi/<int:pk>/<str:month>/", views_timesheets.timesheet_edit, name="timesheet_edit"),
    path("uzskaites-lapas/", views_timesheets.review_queue, name="review_queue"),
    path("uzskaites-lapas/<int:pk>/", views_timesheets.review_sheet, name="review_sheet"),
]
