"""Invitations (issue 5 §1): a caseworker issues the link, the assistant opens it and sets a password.

The token travels only in the link. The pages that carry it are never cached, send no Referer, and a dead
link answers 404 without Django's request log line, which would write the path (and so the token) to the log.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from contracts import invitations
from contracts.forms import InvitationAcceptForm
from contracts.models import Assistant
from core.forms import add_service_errors

LOGIN_BACKEND = "core.backends.AsistentsBackend"


def _private(response: HttpResponse) -> HttpResponse:
    """No Referer to anyone (the address holds the token); never_cache adds Cache-Control: no-store."""
    response["Referrer-Policy"] = "no-referrer"
    return response


def _invalid(request: HttpRequest) -> HttpResponse:
    """The same page for an unknown, used, replaced or expired link: it tells nobody whether an assistant
    or an account exists."""
    response = render(request, "contracts/invitation_invalid.html", status=404)
    response._has_been_logged = True  # django.request would log the path, and so the token
    return _private(response)


@login_required
@permission_required("contracts.change_assistant", raise_exception=True)
@require_POST
@never_cache
def assistant_invite(request: HttpRequest, pk: int) -> HttpResponse:
    assistant = get_object_or_404(Assistant, pk=pk)
    try:
        token = invitations.assistant_invite(assistant=assistant, by=request.user)
    except invitations.InvitationError as exc:
        errors = [str(message) for messages_ in exc.errors.values() for message in messages_]
        context = {"assistant": assistant, "errors": errors}
        return _private(render(request, "contracts/invitation_created.html", context, status=409))
    link = request.build_absolute_uri(reverse("contracts:invitation_accept", args=[token]))
    context = {
        "assistant": assistant,
        "link": link,
        "username": assistant.user.username,
        "valid_days": invitations.DEFAULT_VALID_DAYS,
        "expires": assistant.invitation_expires,
    }
    return _private(render(request, "contracts/invitation_created.html", context))


@never_cache
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        assistant = invitations.invitation_assistant(token=token)
    except invitations.InvitationError:
        return _invalid(request)
    if request.user.is_authenticated:
        # Accepting would replace the session of whoever is logged in here (a caseworker trying the link).
        return _private(render(request, "contracts/invitation_accept.html", {"assistant": assistant}))
    form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.invitation_accept(token=token, **form.cleaned_data)
        except invitations.InvitationError as exc:
            if "token" in exc.errors:  # used or expired meanwhile
                return _invalid(request)
            add_service_errors(form, exc.errors)
        else:
            login(request, user, backend=LOGIN_BACKEND)
            message = _("Your password is set. Next time log in with the username %(username)s.")
            messages.success(request, message % {"username": user.username})
            return redirect("dashboard")
    context = {"assistant": assistant, "form": form, "username": assistant.user.username}
    return _private(render(request, "contracts/invitation_accept.html", context))
