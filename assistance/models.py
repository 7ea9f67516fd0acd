from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.models import HistoricalModel, WorkflowModel


class Municipality(HistoricalModel):
    """A municipality (pašvaldība) of the 2021 reform: 7 state cities and the novadi (SPEC §4)."""

    class Kind(models.TextChoices):
        STATE_CITY = "state_city", _("State city")
        NOVADS = "novads", _("Municipality (novads)")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    transport_limit = models.DecimalField(
        _("monthly transport limit per recipient, EUR"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Each social service sets its own; empty: no limit. Above it a timesheet gets a warning."
        ),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="municipality_name_unique_ci"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="municipality_validity_ordered",
            ),
        ]
        permissions = [
            ("view_municipality_staff", _("Can view the staff of the own municipality")),
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class StaffProfile(HistoricalModel):
    """Ties a user to the municipality whose cases they work on (SPEC §1, scope)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text=_("Empty for ministry staff and administrators, whose scope is national."),
    )
    position = models.CharField(_("position"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.municipality or _('national')})"


class RuleSet(HistoricalModel):
    """A dated, versioned set of the numbers the rules use (R-S1). V1 is in force; V2–V5 are for simulation.

    Issue 4 lets staff edit them (an edit of a version already used creates a new version).
    """

    code = models.CharField(_("code"), max_length=20)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    threshold_need = models.PositiveSmallIntegerField(_("points needed for the service"), default=12)
    threshold_high = models.PositiveSmallIntegerField(_("points for very large support"), default=24)
    coefficient_base = models.DecimalField(_("base coefficient"), max_digits=4, decimal_places=2)
    coefficient_high = models.DecimalField(_("high coefficient"), max_digits=4, decimal_places=2)
    hours_work = models.PositiveSmallIntegerField(_("work, hours a month"))
    hours_education = models.PositiveSmallIntegerField(_("education, hours a month"))
    hours_higher_education = models.PositiveSmallIntegerField(_("higher education, hours a month"))
    hours_volunteering = models.PositiveSmallIntegerField(_("volunteering, hours a month"))
    hours_day_centre = models.PositiveSmallIntegerField(_("day centre, hours a month"))
    hours_medical = models.PositiveSmallIntegerField(_("medical procedures, hours a month"))
    hours_daily = models.PositiveSmallIntegerField(_("daily activities, hours a month"))
    child_hours = models.PositiveSmallIntegerField(_("child, hours a month"))
    weekly_cap = models.PositiveSmallIntegerField(_("weekly cap, hours"), default=40)
    weekly_cap_vision = models.PositiveSmallIntegerField(
        _("weekly cap with the assistant-use allowance (group I, vision), hours"), default=30
    )
    max_years = models.PositiveSmallIntegerField(_("maximum grant years"), default=5)
    adult_max_age = models.PositiveSmallIntegerField(
        _("oldest age served (adults)"),
        null=True,
        blank=True,
        help_text=_("Empty: no upper age. Variant 3 serves adults of working age only."),
    )
    purpose_bound = models.BooleanField(_("hours bound to purposes"), default=False)
    timesheet_deadline_day = models.PositiveSmallIntegerField(
        _("timesheet deadline, day of the next month"), default=10
    )

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="rule_set_code_version_unique"),
            models.CheckConstraint(
                condition=models.Q(threshold_need__lt=models.F("threshold_high")),
                name="rule_set_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version} – {self.name}"


class Person(HistoricalModel):
    """A person in a municipality's caseload. The same personal code may be registered by two municipalities;
    the cross-municipality check (R-X1) compares them by personal code."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="persons",
        help_text=_("The municipality of the declared residence, which serves the person."),
    )
    personal_code = models.CharField(_("personal code"), max_length=11)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("declared residence address"), max_length=250, blank=True)
    additional_address = models.CharField(_("additional address"), max_length=250, blank=True)
    additional_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality of the additional address"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    additional_from = models.DateField(_("additional address from"), null=True, blank=True)
    additional_to = models.DateField(_("additional address until"), null=True, blank=True)
    representative_name = models.CharField(_("legal representative"), max_length=200, blank=True)
    representative_code = models.CharField(_("representative's personal code"), max_length=11, blank=True)
    representative_contact = models.CharField(
        _("representative's phone or e-mail"), max_length=200, blank=True
    )
    representative_basis = models.CharField(
        _("basis of representation"),
        max_length=200,
        blank=True,
        help_text=_("For example: parent, guardian appointed by the orphan's court decision No. …"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "personal_code"], name="person_code_unique_in_municipality"
            ),
            models.CheckConstraint(
                condition=models.Q(additional_to__isnull=True)
                | models.Q(additional_from__isnull=True)
                | models.Q(additional_to__gte=models.F("additional_from")),
                name="person_additional_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["personal_code"], name="person_code_idx")]
        permissions = [
            ("view_personal_code", _("Can see whole personal codes")),
            ("view_health_data", _("Can see disability data and assessment answers")),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def masked_code(self) -> str:
        from assistance.rules import mask_personal_code

        return mask_personal_code(self.personal_code)

    @property
    def formatted_code(self) -> str:
        return f"{self.personal_code[:6]}-{self.personal_code[6:]}"


class Source(models.TextChoices):
    """Where a disability fact comes from (R-E4)."""

    ENTERED = "entered", _("Entered by the caseworker")
    IMPORTED = "imported", _("Imported")


class DisabilityRecord(HistoricalModel):
    """A disability decision as the state disability information system holds it (R-E4)."""

    class Group(models.TextChoices):
        I = "I", _("Group I")  # noqa: E741
        II = "II", _("Group II")
        III = "III", _("Group III")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="disability_records"
    )
    group = models.CharField(_("disability group"), max_length=3, choices=Group.choices)
    limitation_vision = models.BooleanField(_("vision impairment"), default=False)
    limitation_mobility = models.BooleanField(_("mobility impairment"), default=False)
    limitation_mental = models.BooleanField(_("mental impairment"), default=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Empty: indefinite."))
    assistant_allowance = models.BooleanField(
        _("receives the allowance for using an assistant"), default=False
    )
    decision_reference = models.CharField(_("decision number and date"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.ENTERED)

    class Meta:
        verbose_name = _("disability record")
        verbose_name_plural = _("disability records")
        ordering = [models.F("valid_from").desc(nulls_last=True), "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="disability_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()} ({self.person})"

    @property
    def limitations(self) -> frozenset[str]:
        return frozenset(
            name
            for name, flag in (
                ("vision", self.limitation_vision),
                ("mobility", self.limitation_mobility),
                ("mental", self.limitation_mental),
            )
            if flag
        )


class SpecialCareOpinion(HistoricalModel):
    """A VDEĀVK opinion on a child's need for special care (R-E2)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="special_care_opinions"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty: until the child turns 18.")
    )
    decision_reference = models.CharField(_("opinion number and date"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.ENTERED)

    class Meta:
        verbose_name = _("special-care opinion")
        verbose_name_plural = _("special-care opinions")
        ordering = [models.F("valid_from").desc(nulls_last=True), "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="special_care_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} ({self.person})"


class Application(WorkflowModel):
    """An application (iesniegums) for the assistant service (SPEC §2 step 1; status flow R-D1)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    class Applicant(models.TextChoices):
        PERSON = "person", _("The person")
        REPRESENTATIVE = "representative", _("The legal representative")

    class Track(models.TextChoices):
        ADULT = "adult", _("Adult: questionnaire")
        CHILD = "child", _("Child: fixed hours")
        REFUSED = "refused", _("Not eligible")

    class Outcome(models.TextChoices):
        GRANT = "grant", _("Grant")
        REFUSAL = "refusal", _("Refusal")

    TRANSITIONS = {
        Status.DRAFT: frozenset({Status.SUBMITTED}),
        Status.SUBMITTED: frozenset({Status.PROPOSED}),
        Status.PROPOSED: frozenset({Status.APPROVED, Status.RETURNED}),
        Status.RETURNED: frozenset({Status.PROPOSED}),
        Status.APPROVED: frozenset(),
    }

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="applications"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="applications"
    )
    received_date = models.DateField(_("received"))
    applicant = models.CharField(
        _("applicant"), max_length=20, choices=Applicant.choices, default=Applicant.PERSON
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    track = models.CharField(_("eligibility"), max_length=10, choices=Track.choices, blank=True)
    outcome = models.CharField(_("proposed result"), max_length=10, choices=Outcome.choices, blank=True)
    refusal_code = models.CharField(_("refusal code"), max_length=40, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    assessment = models.OneToOneField(
        "assessments.Assessment",
        verbose_name=_("assessment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="application",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        related_name="applications_entered",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications_proposed",
    )
    proposed_at = models.DateTimeField(_("proposed"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    return_comment = models.TextField(_("comment of the return"), blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-received_date", "-pk"]
        indexes = [models.Index(fields=["municipality", "status"], name="application_muni_status_idx")]

    def __str__(self) -> str:
        return f"{self.person} · {self.received_date:%d.%m.%Y}"

    @property
    def decision_due(self) -> dt.date:
        from assistance.rules import decision_due

        return decision_due(self.received_date)

    @property
    def refusal_reason_localised(self) -> str:
        """The refusal reason in the user's language; the stored text (Latvian) goes on the decision."""
        from assistance.rules import REFUSAL_REASONS, RefusalCode

        try:
            code = RefusalCode(self.refusal_code)
        except ValueError:
            return self.refusal_reason
        if code is RefusalCode.NO_NEED:
            if self.assessment is None:
                return self.refusal_reason
            params = {"total": self.assessment.total, "threshold": self.assessment.threshold_need}
            return str(REFUSAL_REASONS[code]) % params
        return str(REFUSAL_REASONS[code])


class ApplicationPurpose(HistoricalModel):
    """A requested purpose (R-A1) with its evidence and, for education, the study period (R-A3)."""

    class Purpose(models.TextChoices):
        WORK = "WORK", _("Paid work, economic activity or Paralympic sport")
        EDUCATION = "EDUCATION", _("Basic, secondary or vocational education")
        HIGHER_EDUCATION = "HIGHER_EDUCATION", _("Higher education (university or college)")
        VOLUNTEERING = "VOLUNTEERING", _("Contracted volunteer work")
        DAY_CENTRE = "DAY_CENTRE", _("Day-care centre or specialised workshop")
        MEDICAL = "MEDICAL", _("Regular prescribed medical procedures")
        DAILY = "DAILY", _("Doctor visits, social events and other daily activities")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="purposes"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    evidence = models.CharField(
        _("evidence"),
        max_length=250,
        blank=True,
        help_text=_("Employer, education institution, volunteering contract or prescription."),
    )
    study_start = models.DateField(_("study period from"), null=True, blank=True)
    study_end = models.DateField(_("study period until"), null=True, blank=True)

    class Meta:
        verbose_name = _("requested purpose")
        verbose_name_plural = _("requested purposes")
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "purpose"], name="purpose_once_per_application"),
            models.CheckConstraint(
                condition=models.Q(study_end__isnull=True)
                | models.Q(study_start__isnull=True)
                | models.Q(study_end__gte=models.F("study_start")),
                name="study_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.get_purpose_display()


def document_path(instance: ApplicationDocument, filename: str) -> str:
    import uuid

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"applications/{instance.application_id}/{uuid.uuid4().hex}.{extension}"


class ApplicationDocument(HistoricalModel):
    """A document attached to an application. Stored under MEDIA_ROOT (outside static/), never served
    directly: only the permission-checked download view reads it."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["application", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Allocation(HistoricalModel):
    """Hours per purpose per month over a grant period (R-A6), computed with a rule set version (R-S1)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")  # replaced by an amended proposal before approval

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="allocations"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="allocations"
    )
    personal_code = models.CharField(_("personal code"), max_length=11, db_index=True)
    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT, related_name="allocations"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    start = models.DateField(_("grant from"))
    end = models.DateField(_("grant until"))
    natural_end = models.DateField(_("grant until, as decided"))
    end_reason = models.CharField(_("end reason"), max_length=20)
    weekly_cap = models.PositiveSmallIntegerField(_("weekly cap, hours"))
    coefficient = models.DecimalField(_("coefficient"), max_digits=4, decimal_places=2, null=True, blank=True)
    inputs = models.JSONField(_("inputs"))
    explanation = models.TextField(_("explanation"))
    superseded_from = models.DateField(_("superseded from"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["-start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="allocation_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"


class AllocationMonth(models.Model):
    allocation = models.ForeignKey(
        Allocation, verbose_name=_("allocation"), on_delete=models.CASCADE, related_name="months"
    )
    month = models.DateField(_("month"))
    days_in_month = models.PositiveSmallIntegerField(_("days in the month"))
    grant_days = models.PositiveSmallIntegerField(_("days of the grant"))
    cap = models.PositiveSmallIntegerField(_("cap"))
    purposes_total = models.PositiveSmallIntegerField(_("sum of the purposes"))
    total = models.PositiveSmallIntegerField(_("month total"))

    class Meta:
        verbose_name = _("allocation month")
        verbose_name_plural = _("allocation months")
        ordering = ["allocation", "month"]
        constraints = [
            models.UniqueConstraint(fields=["allocation", "month"], name="allocation_month_unique"),
            models.CheckConstraint(
                condition=models.Q(total__lte=models.F("cap")), name="month_total_within_cap"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m.%Y}: {self.total}"


class AllocationLine(models.Model):
    month = models.ForeignKey(
        AllocationMonth, verbose_name=_("month"), on_delete=models.CASCADE, related_name="lines"
    )
    purpose = models.CharField(_("purpose"), max_length=20)
    full_hours = models.PositiveSmallIntegerField(_("full-month hours"))
    days = models.PositiveSmallIntegerField(_("days counted"))
    hours = models.PositiveSmallIntegerField(_("hours"))

    class Meta:
        verbose_name = _("allocation line")
        verbose_name_plural = _("allocation lines")
        ordering = ["month", "pk"]
        constraints = [models.UniqueConstraint(fields=["month", "purpose"], name="allocation_line_unique")]

    def __str__(self) -> str:
        return f"{self.purpose}: {self.hours}"


def decision_path(instance: Decision, filename: str) -> str:
    import uuid

    return f"decisions/{instance.municipality_id}/{uuid.uuid4().hex}.pdf"


class Decision(HistoricalModel):
    """The approved decision (R-D1–R-D3): one per application, with its PDF and checksum."""

    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="decision"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="decisions"
    )
    number = models.CharField(_("number"), max_length=30, unique=True)
    outcome = models.CharField(_("result"), max_length=10, choices=Application.Outcome.choices)
    allocation = models.OneToOneField(
        Allocation,
        verbose_name=_("allocation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decision",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"))
    document = models.FileField(_("document"), upload_to=decision_path, max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-approved_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(proposed_by=models.F("approved_by")), name="decision_four_eyes"
            ),
        ]

    def __str__(self) -> str:
        return self.number
