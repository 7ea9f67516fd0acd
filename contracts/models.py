"""Assistants, providers, contracts (R-C1–R-C3) and monthly timesheets (R-T1–R-T6).

The database guards what must never happen: one current sheet per contract and month, entries that end
after they start on the same day, no overlapping entries in one sheet (a PostgreSQL exclusion constraint,
migration 0002), no negative transport.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import HistoricalModel, WorkflowModel


class TaxStatus(models.TextChoices):
    """R-C1: for an employee-like assistant the social service pays the employer's contributions."""

    EMPLOYEE = "employee", _("Employee-like (employer's contributions paid)")
    SELF_EMPLOYED = "self_employed", _("Self-employed")


class Provider(HistoricalModel):
    """A legal entity providing assistants (R-C1)."""

    name = models.CharField(_("name"), max_length=200)
    registration_number = models.CharField(_("registration number"), max_length=11, unique=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Assistant(HistoricalModel):
    """A natural person who assists; logs in after accepting an invitation (no password sent in clear)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistant",
    )
    personal_code = models.CharField(_("personal code"), max_length=11, unique=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    tax_status = models.CharField(_("tax status"), max_length=20, choices=TaxStatus.choices)
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistants",
    )
    invitation_hash = models.CharField(_("invitation"), max_length=64, blank=True, editable=False)
    invitation_expires = models.DateTimeField(_("invitation valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("assistant")
        verbose_name_plural = _("assistants")
        ordering = ["last_name", "first_name", "pk"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Contract(HistoricalModel):
    """One assistant for one grant (R-C1); the contracts running together stay within R-C2."""

    number = models.CharField(_("contract number"), max_length=40, unique=True)
    municipality = models.ForeignKey(
        "assistance.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    allocation = models.ForeignKey(
        "assistance.Allocation", verbose_name=_("grant"), on_delete=models.PROTECT, related_name="contracts"
    )
    assistant = models.ForeignKey(
        Assistant, verbose_name=_("assistant"), on_delete=models.PROTECT, related_name="contracts"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    monthly_hours = models.PositiveSmallIntegerField(_("hours a month"))
    tax_status = models.CharField(_("tax status"), max_length=20, choices=TaxStatus.choices)
    document = models.FileField(_("document"), upload_to="contracts/", max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-start", "number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="contract_period_ordered"
            ),
            models.CheckConstraint(condition=models.Q(monthly_hours__gt=0), name="contract_hours_positive"),
        ]

    def __str__(self) -> str:
        return self.number


class Timesheet(WorkflowModel):
    """The monthly timesheet of one contract (R-T1, R-T5). A correction of an accepted sheet is a new
    revision; only the current revision counts."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    TRANSITIONS = {
        Status.DRAFT: frozenset({Status.SUBMITTED}),
        Status.SUBMITTED: frozenset({Status.ACCEPTED, Status.RETURNED}),
        Status.RETURNED: frozenset({Status.SUBMITTED}),
        Status.ACCEPTED: frozenset(),
    }

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="timesheets"
    )
    municipality = models.ForeignKey(
        "assistance.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    is_current = models.BooleanField(_("current revision"), default=True)
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    recipient_confirmed = models.BooleanField(_("confirmed by the recipient"), default=False)
    confirmation_scan = models.FileField(
        _("signed scan"), upload_to="timesheets/", max_length=200, blank=True
    )
    return_comment = models.TextField(_("comment of the return"), blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    worked_minutes = models.PositiveIntegerField(_("worked minutes"), default=0)
    payable_minutes = models.PositiveIntegerField(_("payable minutes"), default=0)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)

    class Meta:
        verbose_name = _("timesheet")
        verbose_name_plural = _("timesheets")
        ordering = ["-month", "contract", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "month"],
                condition=models.Q(is_current=True),
                name="one_current_sheet_per_contract_month",
            ),
            models.UniqueConstraint(fields=["contract", "month", "revision"], name="sheet_revision_unique"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="sheet_month_is_day_one"),
            models.CheckConstraint(
                condition=models.Q(payable_minutes__lte=models.F("worked_minutes")),
                name="sheet_paid_within_worked",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status"], name="sheet_muni_status_idx")]

    def __str__(self) -> str:
        return f"{self.contract} · {self.month:%m.%Y}"


class TimesheetEntry(models.Model):
    """One row of a sheet (R-T1): date, start and end on the same day, purpose, transport."""

    timesheet = models.ForeignKey(
        Timesheet, verbose_name=_("timesheet"), on_delete=models.CASCADE, related_name="entries"
    )
    row = models.PositiveIntegerField(_("row"))
    day = models.DateField(_("date"))
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))
    purpose = models.CharField(_("purpose"), max_length=20)
    transport = models.DecimalField(_("transport, EUR"), max_digits=8, decimal_places=2, default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)
    minutes = models.PositiveIntegerField(_("minutes"))
    payable_minutes = models.PositiveIntegerField(_("payable minutes"))

    class Meta:
        verbose_name = _("timesheet entry")
        verbose_name_plural = _("timesheet entries")
        ordering = ["timesheet", "day", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="entry_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(transport__gte=0), name="entry_transport_not_negative"),
            models.CheckConstraint(
                condition=models.Q(payable_minutes__lte=models.F("minutes")), name="entry_paid_within_worked"
            ),
            models.UniqueConstraint(fields=["timesheet", "row"], name="entry_row_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y} {self.start:%H:%M}–{self.end:%H:%M}"
