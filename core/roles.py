"""The roles of SPEC §1. A role is a Django group of the same code; its permissions are declared in the
models and granted by the migration that creates the group."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Supervisor")
    ASSISTANT = "assistant", _("Assistant")
    FINANCE = "finance", _("Finance officer")
    MINISTRY = "ministry", _("Ministry")


# Roles whose scope is one municipality (SPEC §1).
MUNICIPAL_ROLES: frozenset[Role] = frozenset({Role.CASEWORKER, Role.SUPERVISOR, Role.FINANCE})


def roles_of(user) -> frozenset[Role]:
    """The roles a user holds, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_asistents_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in Role if role.value in names)
        user._asistents_roles = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))
