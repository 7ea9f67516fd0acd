from django.contrib import admin
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView
from django.views.i18n import set_language

urlpatterns = [
    path("", include("core.urls")),
    path("", include("assistance.urls")),
    path("", include("contracts.urls")),
    path("", include("reporting.urls")),
    path("", include("reporting.urls_violations")),
    path("", include("reporting.urls_ministry")),
    path("", include("reporting.urls_simulations")),
    path("valoda/", set_language, name="set_language"),
    # One login page for everybody, with the lockout and the Latvian texts.
    path("admin/login/", RedirectView.as_view(url=reverse_lazy("login"), query_string=True)),
    path("admin/", admin.site.urls),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
