"""Navigation items and dashboard panels by role.

Each app registers its own in AppConfig.ready(), so core never imports an app, and each later issue adds
its pages without touching the shell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.functional import Promise

from core.roles import Role, roles_of


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[Role]
    order: int = 100
    permission: str | None = None


@dataclass(frozen=True)
class Panel:
    """A block on a role's dashboard: a template and an optional function returning its context."""

    role: Role
    template: str
    order: int = 100
    context: Callable[..., dict] | None = field(default=None, compare=False)


_nav: list[NavItem] = []
_panels: list[Panel] = []


def register_nav(*items: NavItem) -> None:
    for item in items:
        if item not in _nav:
            _nav.append(item)


def register_panels(*panels: Panel) -> None:
    for panel in panels:
        if panel not in _panels:
            _panels.append(panel)


def _visible(roles: frozenset[Role], wanted: Iterable[Role], user) -> bool:
    return user.is_superuser or bool(roles & set(wanted))


def nav_for(user) -> list[NavItem]:
    roles = roles_of(user)
    items = [
        item
        for item in _nav
        if _visible(roles, item.roles, user) and (item.permission is None or user.has_perm(item.permission))
    ]
    return sorted(items, key=lambda item: item.order)


def panels_for(user) -> list[Panel]:
    roles = roles_of(user)
    return sorted((p for p in _panels if p.role in roles), key=lambda p: (p.order, p.role))
