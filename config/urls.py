from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("core.urls")),
    path("pasvaldibas/", include("assistance.urls")),
    path("valoda/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
