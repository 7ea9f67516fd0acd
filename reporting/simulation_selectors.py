"""Reads of the policy simulation pages (R-S2), scoped to the user (STYLE.md).

A simulation holds aggregates only (counts and sums per municipality, never a person), so the ministry sees
every one of them whoever asked; a superuser too; every other role none, so a detail lookup outside the
scope answers 404.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from assistance.models import Municipality, RuleSet
from assistance.selectors import municipalities_for
from core.roles import Role, has_role
from reporting.models import Simulation


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def simulations_for(*, user) -> QuerySet[Simulation]:
    """The ministry and a superuser: all simulations, newest first; everybody else: none."""
    simulations = Simulation.objects.select_related("rule_set", "baseline", "municipality", "requested_by")
    if not _active(user):
        return simulations.none()
    if user.is_superuser or has_role(user, Role.MINISTRY):
        return simulations
    return simulations.none()


def simulation_for_detail(*, user, pk: int) -> Simulation:
    return get_object_or_404(simulations_for(user=user), pk=pk)


def simulation_rule_sets() -> QuerySet[RuleSet]:
    """Every rule set may be simulated: V1–V5 and the drafts, by code and newest version first."""
    return RuleSet.objects.order_by("code", "-version")


def simulation_municipalities(*, user, on: dt.date) -> QuerySet[Municipality]:
    """The municipalities one may simulate for: those whose aggregates the user sees (the ministry: all)
    that exist on `on` (a municipality merged into another before it is no longer offered)."""
    return municipalities_for(user=user, for_aggregates=True).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
