"""The caseworker's dashboard panel: my applications by status, overdue ones (R-D1), those waiting for me."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from assistance import selectors
from assistance.models import Application


def caseworker_panel(request: HttpRequest) -> dict:
    board = selectors.caseworker_dashboard(user=request.user, today=timezone.localdate())
    return {
        "board": board,
        "status_counts": [(value, label, board.counts[value]) for value, label in Application.Status.choices],
        "today": timezone.localdate(),
    }


def caseworker_grants_panel(request: HttpRequest) -> dict:
    ending = selectors.grants_ending(user=request.user, today=timezone.localdate())
    return {"ending": list(ending[:10]), "ending_total": ending.count()}


def supervisor_panel(request: HttpRequest) -> dict:
    waiting = selectors.proposals_to_decide(user=request.user)
    return {"proposals": list(waiting[:15]), "proposals_total": waiting.count()}
