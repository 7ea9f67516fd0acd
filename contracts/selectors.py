"""Reads of the contracts app, scoped to the user (SPEC §1): a caseworker or supervisor sees the contracts of
their municipality, an assistant only their own, a superuser all, anyone else none. Outside the scope a
contract is simply not in the queryset, so a detail lookup answers 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from assistance.selectors import scope_to_user
from contracts.models import Contract
from core.roles import Role, has_role


def _contracts() -> QuerySet[Contract]:
    return Contract.objects.select_related(
        "municipality",
        "allocation__application__person",
        "allocation__rule_set",
        "assistant",
        "assistant__provider",
    )


def contracts_for(*, user) -> QuerySet[Contract]:
    """The contracts `user` may see, with the recipient and the assistant in the same query."""
    contracts = _contracts()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return contracts.none()
    if user.is_superuser:
        return contracts
    visible = contracts.none()
    if has_role(user, Role.CASEWORKER, Role.SUPERVISOR):
        visible = visible | scope_to_user(contracts, user=user)
    if has_role(user, Role.ASSISTANT):
        visible = visible | contracts.filter(assistant__user=user)
    return visible


def contract_for_detail(*, user, pk: int) -> Contract:
    """One contract in the user's scope; 404 outside it."""
    return get_object_or_404(contracts_for(user=user), pk=pk)
