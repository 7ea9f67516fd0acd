"""Reads scoped to the user: the one scoping mechanism every list, detail page, download and command uses.

A municipal role (caseworker, supervisor, finance) sees its own municipality; a superuser sees all; the
ministry sees municipalities only in aggregates (`for_aggregates=True`), never case data. Anything outside
the scope is simply not in the queryset, so a detail lookup answers 404, never 403 and never the data.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from assistance.models import Municipality, StaffProfile
from core.models import User
from core.roles import MUNICIPAL_ROLES, Role, has_role

M = TypeVar("M", bound=Model)


def municipalities_for(*, user, for_aggregates: bool = False) -> QuerySet[Municipality]:
    """The municipalities whose data `user` may see."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Municipality.objects.none()
    if user.is_superuser or (for_aggregates and has_role(user, Role.MINISTRY)):
        return Municipality.objects.all()
    if not has_role(user, *MUNICIPAL_ROLES):
        return Municipality.objects.none()
    return Municipality.objects.filter(staff__user=user)


def scope_to_user(
    queryset: QuerySet[M], *, user, path: str = "municipality", for_aggregates: bool = False
) -> QuerySet[M]:
    """Restrict any queryset to the rows whose `path` municipality the user may see."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return queryset
    allowed = municipalities_for(user=user, for_aggregates=for_aggregates)
    return queryset.filter(**{f"{path}__in": allowed.values("pk")})


def scoped_get_or_404(queryset: QuerySet[M], *, user, path: str = "municipality", **lookup) -> M:
    return get_object_or_404(scope_to_user(queryset, user=user, path=path), **lookup)


def municipality_for_detail(*, user, pk: int) -> Municipality:
    staff = StaffProfile.objects.select_related("user").prefetch_related("user__groups")
    queryset = Municipality.objects.prefetch_related(Prefetch("staff", queryset=staff))
    return scoped_get_or_404(queryset, user=user, path="pk", pk=pk)


def municipality_list(*, user) -> QuerySet[Municipality]:
    return municipalities_for(user=user, for_aggregates=True).select_related("merged_into")


def municipality_by_name(name: str) -> Municipality | None:
    """Canonical names, matched ignoring case (SPEC §4)."""
    return Municipality.objects.filter(name__iexact=name.strip()).first()


def municipality_of(user: User) -> Municipality | None:
    profile = getattr(user, "staff_profile", None) if user.is_authenticated else None
    return profile.municipality if profile else None
