from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assistance import selectors
from core.roles import Role, has_role

REFERENCE_ROLES = (Role.CASEWORKER, Role.SUPERVISOR, Role.FINANCE, Role.MINISTRY)


@login_required
def municipality_list(request: HttpRequest) -> HttpResponse:
    if not (request.user.is_superuser or has_role(request.user, *REFERENCE_ROLES)):
        raise PermissionDenied
    municipalities = selectors.municipality_list(user=request.user)
    own = set(selectors.municipalities_for(user=request.user).values_list("pk", flat=True))
    can_open = request.user.has_perm("assistance.view_municipality_staff")
    return render(
        request,
        "assistance/municipality_list.html",
        {"municipalities": municipalities, "openable": own if can_open else set()},
    )


@login_required
@permission_required("assistance.view_municipality_staff", raise_exception=True)
def municipality_detail(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = selectors.municipality_for_detail(user=request.user, pk=pk)
    return render(request, "assistance/municipality_detail.html", {"municipality": municipality})
