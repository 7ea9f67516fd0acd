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
