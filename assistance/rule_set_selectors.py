"""Reads of the rule-set pages (R-S1). Rule sets are national data: the ministry (and a superuser) sees all of
them; the municipal roles read the one in force through their pages, not these."""

from __future__ import annotations

import datetime as dt
import enum

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment
from assistance.models import Allocation, RuleSet
from core.roles import Role, has_role


class State(enum.StrEnum):
    IN_FORCE = "in_force"
    COMING = "coming"  # a draft with a valid-from date after today
    DRAFT = "draft"  # no valid-from date: simulations only
    FORMER = "former"  # was in force, replaced


STATE_LABELS = {
    State.IN_FORCE: _("In force"),
    State.COMING: _("Draft, comes into force"),
    State.DRAFT: _("Draft for simulations"),
    State.FORMER: _("Not in force"),
}


def may_see_rule_sets(user, permission: str = "assistance.view_ruleset") -> bool:
    """The rule-set pages are the ministry's (and a superuser's); every other role gets 403."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or (has_role(user, Role.MINISTRY) and user.has_perm(permission))


def _with_use() -> QuerySet[RuleSet]:
    assessed = Assessment.objects.filter(rule_set_code=OuterRef("code"), rule_set_version=OuterRef("version"))
    allocated = Allocation.objects.filter(rule_set=OuterRef("pk"))
    return RuleSet.objects.annotate(assessed=Exists(assessed), allocated=Exists(allocated))


def _mark(rule_set: RuleSet, *, in_force: RuleSet, today: dt.date) -> RuleSet:
    if rule_set.pk == in_force.pk:
        state = State.IN_FORCE
    elif rule_set.valid_from is None:
        state = State.DRAFT
    elif rule_set.valid_from > today:
        state = State.COMING
    else:
        state = State.FORMER
    rule_set.state = state
    rule_set.state_label = STATE_LABELS[state]
    rule_set.in_use = rule_set.assessed or rule_set.allocated
    # Only a draft nobody has used may be edited (services.rule_set_draft_refusal says why not).
    rule_set.editable = state in (State.DRAFT, State.COMING) and not rule_set.in_use
    return rule_set


def rule_sets_overview(*, today: dt.date, in_force: RuleSet) -> list[RuleSet]:
    """Every code and version, with .state, .state_label, .in_use and .editable, in one query."""
    return [
        _mark(rule_set, in_force=in_force, today=today)
        for rule_set in _with_use().order_by("code", "-version")
    ]


def rule_set_for_detail(*, pk: int, today: dt.date, in_force: RuleSet) -> RuleSet:
    return _mark(get_object_or_404(_with_use(), pk=pk), in_force=in_force, today=today)
