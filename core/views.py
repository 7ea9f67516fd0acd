from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.navigation import panels_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    panels = [
        {"template": panel.template, **(panel.context(request) if panel.context else {})}
        for panel in panels_for(request.user)
    ]
    return render(request, "core/dashboard.html", {"panels": panels})


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer and docker-compose: the process answers and the database is reachable."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok"})
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "database unavailable"}, status=503)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the database may be what failed.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request": request}))
