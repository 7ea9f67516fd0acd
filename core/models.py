"""Shared model bases: every domain model gets history; workflow models get status changes with a reason.

Subclass HistoricalModel for a model whose changes must be kept (SPEC §2: who, when, old and new value),
WorkflowModel for one with a status. Services call `transition_to` after locking the row
(`select_for_update`); the history row records the user and the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import rules

# django-simple-history keeps the reason in a 100-character column.
HISTORY_REASON_LENGTH = 100


class User(AbstractUser):
    """A person who logs in: social-service staff, assistants, ministry staff, administrators."""

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")


class HistoricalModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def save_with_reason(self, *, by, reason: str, **kwargs) -> None:
        """Save and record who made the change and why in the history row."""
        self._history_user = by
        self._change_reason = str(reason)[:HISTORY_REASON_LENGTH]
        self.save(**kwargs)


class WorkflowModel(HistoricalModel):
    """A model with a `status` field and an allowed-transitions table, one per workflow."""

    TRANSITIONS: ClassVar[Mapping[str, frozenset[str]]] = {}

    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)

    class Meta:
        abstract = True

    def transition_to(self, new_status: str, *, by, reason: str, fields: tuple[str, ...] = ()) -> None:
        """Change the status; `fields` are other fields changed with it, saved in the same history row."""
        from django.utils import timezone

        rules.check_transition(self.TRANSITIONS, self.status, new_status)
        self.status = new_status
        self.status_changed_at = timezone.now()
        self.save_with_reason(
            by=by, reason=reason, update_fields=["status", "status_changed_at", "updated_at", *fields]
        )
