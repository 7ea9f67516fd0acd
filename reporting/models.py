"""Monthly financial reports (R-F1–R-F5) and repayment of misused funds (R-R1).

A report is also its own background job: the row records who asked, the generation asked for, which task
claimed it, its progress and its files. Its items tie each accepted sheet to the report with the figures
and the rates it was paid at; the database guarantees that a sheet is in at most one finalised report.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import HistoricalModel, WorkflowModel

EUR = {"max_digits": 12, "decimal_places": 2}


class Rate(HistoricalModel):
    """The rates in force from a day (R-F1); those in force on the 1st of a service month apply to it."""

    valid_from = models.DateField(_("valid from"), unique=True)
    gross_hourly = models.DecimalField(_("gross hourly pay, EUR"), max_digits=7, decimal_places=4)
    employer_percent = models.DecimalField(
        _("employer's social contribution rate, %"), max_digits=5, decimal_places=2
    )
    admin_he_percent = models.DecimalField(
        _("administration rate for higher education, %"), max_digits=5, decimal_places=2
    )
    admin_gen_percent = models.DecimalField(
        _("administration rate for the other purposes, %"), max_digits=5, decimal_places=2
    )
    note = models.CharField(_("legal basis or note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("rate")
        verbose_name_plural = _("rates")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(condition=models.Q(gross_hourly__gt=0), name="rate_gross_positive"),
            models.CheckConstraint(
                condition=models.Q(employer_percent__gte=0, employer_percent__lt=100)
                & models.Q(admin_he_percent__gte=0, admin_he_percent__lt=100)
                & models.Q(admin_gen_percent__gte=0, admin_gen_percent__lt=100),
                name="rate_percents_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.valid_from:%d.%m.%Y} · {self.gross_hourly} EUR/h"


class BackgroundJob(WorkflowModel):
    """A row that is also its background job (R-F5, R-S2): who asked and when, which task claimed it and
    when it last showed a sign of life, its progress and its error. The task claims the row, reports
    progress only while the claim is its own, and stores its result in one last transaction."""

    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    stage = models.CharField(_("stage"), max_length=100, blank=True)
    claimed_by = models.CharField(_("claimed by task"), max_length=64, blank=True)
    heartbeat = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), null=True, blank=True)

    class Meta:
        abstract = True


class Report(BackgroundJob):
    """The report of one municipality (or the national report, municipality empty) for a service month."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being generated")
        READY = "ready", _("Draft ready")
        FAILED = "failed", _("Failed")
        FINALISED = "finalised", _("Finalised")

    TRANSITIONS = {
        Status.QUEUED: frozenset({Status.RUNNING, Status.FAILED}),
        Status.RUNNING: frozenset({Status.READY, Status.FAILED, Status.QUEUED, Status.RUNNING}),
        Status.READY: frozenset({Status.QUEUED, Status.FINALISED}),
        Status.FAILED: frozenset({Status.QUEUED}),
        Status.FINALISED: frozenset(),
    }
    IN_PROGRESS = (Status.QUEUED, Status.RUNNING)

    municipality = models.ForeignKey(
        "assistance.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        help_text=_("Empty for the national report."),
    )
    month = models.DateField(_("service month"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    generation = models.PositiveIntegerField(_("generation"), default=1)
    built_generation = models.PositiveIntegerField(_("generation built"), default=0)
    built_at = models.DateTimeField(_("generated"), null=True, blank=True)
    fingerprint = models.CharField(_("fingerprint of the figures"), max_length=64, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finalised by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="reports/", max_length=200, blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    xlsx = models.FileField(_("XLSX"), upload_to="reports/", max_length=200, blank=True)
    xlsx_sha256 = models.CharField(_("XLSX SHA-256"), max_length=64, blank=True)
    csv = models.FileField(_("CSV"), upload_to="reports/", max_length=200, blank=True)
    csv_sha256 = models.CharField(_("CSV SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("financial report")
        verbose_name_plural = _("financial reports")
        permissions = [("finalise_report", _("Can finalise a financial report"))]
        ordering = ["-month", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "month"],
                condition=models.Q(municipality__isnull=False),
                name="one_report_per_municipality_month",
            ),
            models.UniqueConstraint(
                fields=["month"],
                condition=models.Q(municipality__isnull=True),
                name="one_national_report_month",
            ),
            models.CheckConstraint(condition=models.Q(month__day=1), name="report_month_is_day_one"),
            models.CheckConstraint(
                condition=~models.Q(status="finalised") | models.Q(municipality__isnull=False),
                name="only_municipal_reports_finalised",
            ),
        ]
        indexes = [models.Index(fields=["status", "heartbeat"], name="report_status_heartbeat_idx")]

    def __str__(self) -> str:
        where = self.municipality.name if self.municipality_id else _("Latvia")
        return f"{where} · {self.month:%m.%Y}"

    @property
    def is_national(self) -> bool:
        return self.municipality_id is None

    @property
    def is_ready(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FINALISED)


class ReportItem(models.Model):
    """One accepted sheet in a report (R-F2, R-F4), with the rates it was paid at and its money."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="items"
    )
    timesheet = models.ForeignKey(
        "contracts.Timesheet",
        verbose_name=_("timesheet"),
        on_delete=models.PROTECT,
        related_name="report_items",
    )
    finalised = models.BooleanField(_("in a finalised report"), default=False)
    month = models.DateField(_("service month"))
    is_adjustment = models.BooleanField(_("adjustment for an earlier month"), default=False)
    person = models.ForeignKey(
        "assistance.Person", verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="+"
    )
    assistant = models.ForeignKey(
        "contracts.Assistant", verbose_name=_("assistant"), on_delete=models.PROTECT, related_name="+"
    )
    employee = models.BooleanField(_("employer's contributions paid"))
    rate = models.ForeignKey(Rate, verbose_name=_("rate"), on_delete=models.PROTECT, related_name="+")
    gross_hourly = models.DecimalField(_("gross hourly pay, EUR"), max_digits=7, decimal_places=4)
    employer_percent = models.DecimalField(_("employer's rate, %"), max_digits=5, decimal_places=2)
    admin_he_percent = models.DecimalField(_("administration HE, %"), max_digits=5, decimal_places=2)
    admin_gen_percent = models.DecimalField(_("administration GEN, %"), max_digits=5, decimal_places=2)
    minutes_he = models.PositiveIntegerField(_("payable minutes HE"))
    minutes_gen = models.PositiveIntegerField(_("payable minutes GEN"))
    wage_he = models.DecimalField(_("gross wage HE"), **EUR)
    wage_gen = models.DecimalField(_("gross wage GEN"), **EUR)
    contributions_he = models.DecimalField(_("employer contributions HE"), **EUR)
    contributions_gen = models.DecimalField(_("employer contributions GEN"), **EUR)
    transport_he = models.DecimalField(_("transport HE"), **EUR)
    transport_gen = models.DecimalField(_("transport GEN"), **EUR)

    class Meta:
        verbose_name = _("report item")
        verbose_name_plural = _("report items")
        ordering = ["report", "month", "timesheet"]
        constraints = [
            models.UniqueConstraint(fields=["report", "timesheet"], name="sheet_once_per_report"),
            models.UniqueConstraint(
                fields=["timesheet"], condition=models.Q(finalised=True), name="sheet_in_one_finalised_report"
            ),
        ]
        indexes = [models.Index(fields=["report", "month"], name="report_item_month_idx")]

    def __str__(self) -> str:
        return f"{self.report} · {self.timesheet_id}"


class ReportRow(models.Model):
    """A row of the report table (§5.5): the service month, or an earlier month's adjustments; in the
    national report one row per municipality (and its adjustment rows)."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="rows"
    )
    position = models.PositiveIntegerField(_("position"))
    municipality = models.ForeignKey(
        "assistance.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))
    is_adjustment = models.BooleanField(_("adjustment"), default=False)
    recipients = models.PositiveIntegerField(_("recipients"))
    assistants = models.PositiveIntegerField(_("assistants"))
    minutes = models.PositiveIntegerField(_("payable minutes"))
    gross_wages = models.DecimalField(_("gross wages"), **EUR)
    employer_contributions = models.DecimalField(_("employer contributions"), **EUR)
    transport = models.DecimalField(_("transport"), **EUR)
    service_cost_he = models.DecimalField(_("service cost, higher education"), **EUR)
    service_cost_gen = models.DecimalField(_("service cost, other purposes"), **EUR)
    admin_he = models.DecimalField(_("administration 5 %"), **EUR)
    admin_gen = models.DecimalField(_("administration 8 %"), **EUR)
    admin_total = models.DecimalField(_("administration"), **EUR)
    total = models.DecimalField(_("total"), **EUR)

    class Meta:
        verbose_name = _("report row")
        verbose_name_plural = _("report rows")
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="report_row_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.position}"


class Violation(HistoricalModel):
    """Hours of accepted sheets marked as unjustified (R-R1), with the repayable amounts computed at the
    rates the sheets were paid at. Finalised reports are not changed."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    municipality = models.ForeignKey(
        "assistance.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    contract = models.ForeignKey(
        "contracts.Contract", verbose_name=_("contract"), on_delete=models.PROTECT, related_name="violations"
    )
    nature = models.TextField(_("nature of the violation"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    crime_suspected = models.BooleanField(_("a crime is suspected"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    minutes = models.PositiveIntegerField(_("unjustified minutes"))
    gross_wages = models.DecimalField(_("gross wages"), **EUR)
    employer_contributions = models.DecimalField(_("employer contributions"), **EUR)
    transport = models.DecimalField(_("transport"), **EUR)
    administration = models.DecimalField(_("administration"), **EUR)
    total = models.DecimalField(_("total to repay"), **EUR)
    demand = models.FileField(_("repayment demand"), upload_to="violations/", max_length=200, blank=True)
    demand_sha256 = models.CharField(_("demand SHA-256"), max_length=64, blank=True)
    notice = models.FileField(
        _("notice to the ministry"), upload_to="violations/", max_length=200, blank=True
    )
    notice_sha256 = models.CharField(_("notice SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="violation_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class ViolationEntry(models.Model):
    """A timesheet entry marked as unjustified; an entry can be charged back once."""

    violation = models.ForeignKey(
        Violation, verbose_name=_("violation"), on_delete=models.CASCADE, related_name="entries"
    )
    entry = models.OneToOneField(
        "contracts.TimesheetEntry",
        verbose_name=_("entry"),
        on_delete=models.PROTECT,
        related_name="violation",
    )

    class Meta:
        verbose_name = _("unjustified entry")
        verbose_name_plural = _("unjustified entries")

    def __str__(self) -> str:
        return f"{self.violation} · {self.entry_id}"


class Simulation(BackgroundJob):
    """A policy simulation (R-S2) and its background job: a rule set against the one in force, for the
    country or one municipality, over twelve months from `month`. Results are aggregates only."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being computed")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    TRANSITIONS = {
        Status.QUEUED: frozenset({Status.RUNNING, Status.FAILED}),
        Status.RUNNING: frozenset({Status.READY, Status.FAILED, Status.RUNNING}),
        Status.READY: frozenset(),
        Status.FAILED: frozenset(),
    }
    IN_PROGRESS = (Status.QUEUED, Status.RUNNING)

    rule_set = models.ForeignKey(
        "assistance.RuleSet", verbose_name=_("simulated rule set"), on_delete=models.PROTECT, related_name="+"
    )
    baseline = models.ForeignKey(
        "assistance.RuleSet",
        verbose_name=_("rule set in force"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    municipality = models.ForeignKey(
        "assistance.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the whole country."),
    )
    month = models.DateField(_("first simulated month"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    built_at = models.DateTimeField(_("computed"), null=True, blank=True)
    cases = models.PositiveIntegerField(_("persons simulated"), default=0)
    results = models.JSONField(_("results"), default=dict, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="simulations/", max_length=200, blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    xlsx = models.FileField(_("XLSX"), upload_to="simulations/", max_length=200, blank=True)
    xlsx_sha256 = models.CharField(_("XLSX SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("policy simulation")
        verbose_name_plural = _("policy simulations")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(month__day=1), name="simulation_month_is_day_one"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_set} · {self.month:%m.%Y}"

    @property
    def is_national(self) -> bool:
        return self.municipality_id is None
