"""Writes of the assistance app. Keyword-only, typed, one transaction each."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from assistance.models import Municipality, StaffProfile
from core.models import User
from core.roles import MUNICIPAL_ROLES, Role


class StaffAssignmentError(ValueError):
    pass


@transaction.atomic
def staff_member_set(
    *,
    user: User,
    roles: set[Role],
    municipality: Municipality | None,
    by: User | None,
    reason: str,
) -> StaffProfile:
    """Give a user their roles and municipality; a municipal role needs a municipality (SPEC §1)."""
    if roles & MUNICIPAL_ROLES and municipality is None:
        raise StaffAssignmentError("a caseworker, supervisor or finance officer needs a municipality")
    user.groups.set(Group.objects.filter(name__in=[role.value for role in roles]))
    user.__dict__.pop("_asistents_roles", None)
    profile = StaffProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        profile = StaffProfile(user=user)
    if profile.pk is None or profile.municipality_id != getattr(municipality, "pk", None):
        profile.municipality = municipality
        profile.save_with_reason(by=by, reason=reason)
    return profile
