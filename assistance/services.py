"""Writes of the assistance app. Keyword-only, typed, one transaction each."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from assessments import services as assessment_services
from assessments.models import Assessment
from assessments.rules import Thresholds
from assistance import rules
from assistance.models import (
    Allocation,
    Application,
    ApplicationDocument,
    ApplicationPurpose,
    Decision,
    DisabilityRecord,
    Municipality,
    Person,
    RuleSet,
    Source,
    SpecialCareOpinion,
    StaffProfile,
)
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


# ------------------------------------------------------------------------------------------- intake


# The latest disability record or opinion: by validity start (undated ones last), then by entry.
LATEST_FIRST = (models.F("valid_from").desc(nulls_last=True), "-pk")


class IntakeError(ValueError):
    """Input a service refuses; `errors` maps a field name ("" for the whole form) to messages."""

    def __init__(self, errors: dict[str, list]) -> None:
        super().__init__("; ".join(f"{field}: {', '.join(map(str, msgs))}" for field, msgs in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class PurposeInput:
    purpose: str
    evidence: str = ""
    study_start: dt.date | None = None
    study_end: dt.date | None = None


PERSON_FIELDS = (
    "first_name", "last_name", "birth_date", "phone", "email", "address", "additional_address",
    "additional_municipality", "additional_from", "additional_to", "representative_name",
    "representative_code", "representative_contact", "representative_basis",
)  # fmt: skip


def _person_checks(*, code: rules.PersonalCode, details: dict) -> None:
    errors: dict[str, list] = {}
    born = code.birth_date
    if born is not None and details.get("birth_date") not in (None, born):
        errors["birth_date"] = [
            _("The birth date does not match the personal code (%(date)s).")
            % {"date": born.strftime("%d.%m.%Y")}
        ]
    if born is None and details.get("birth_date") is None:
        errors["birth_date"] = [
            _("Enter the birth date: a personal code issued from 2017 does not carry it.")
        ]
    representative = details.get("representative_code") or ""
    if representative:
        try:
            details["representative_code"] = rules.parse_personal_code(representative).digits
        except rules.PersonalCodeError as exc:
            errors["representative_code"] = [exc.message]
    if errors:
        raise IntakeError(errors)
    if born is not None:
        details["birth_date"] = born


@transaction.atomic
def person_create(*, municipality: Municipality, personal_code: str, by: User, **details) -> Person:
    """Register a person in the municipality's caseload (R-P1): the code is validated and stored without
    the hyphen; the birth date comes from an old-format code."""
    try:
        code = rules.parse_personal_code(personal_code, today=timezone.localdate())
    except rules.PersonalCodeError as exc:
        raise IntakeError({"personal_code": [exc.message]}) from None
    _person_checks(code=code, details=details)
    if Person.objects.filter(municipality=municipality, personal_code=code.digits).exists():
        raise IntakeError({"personal_code": [_("A person with this personal code is already registered.")]})
    person = Person(municipality=municipality, personal_code=code.digits, **_only(details, PERSON_FIELDS))
    person.full_clean(exclude=["municipality"])
    person.save_with_reason(by=by, reason=_("Person registered"))
    return person


@transaction.atomic
def person_update(*, person: Person, by: User, **details) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    code = rules.parse_personal_code(person.personal_code)
    _person_checks(code=code, details=details)
    for field, value in _only(details, PERSON_FIELDS).items():
        setattr(person, field, value)
    person.full_clean(exclude=["municipality"])
    person.save_with_reason(by=by, reason=_("Person's details changed"))
    return person


@transaction.atomic
def disability_record_add(
    *, person: Person, by: User, source: str = Source.ENTERED, **facts
) -> DisabilityRecord:
    """Record a disability decision (R-E4) with its source."""
    record = DisabilityRecord(person=person, source=source, **facts)
    record.full_clean(exclude=["person"])
    record.save_with_reason(by=by, reason=_("Disability data recorded"))
    return record


@transaction.atomic
def special_care_opinion_add(
    *, person: Person, by: User, source: str = Source.ENTERED, **facts
) -> SpecialCareOpinion:
    opinion = SpecialCareOpinion(person=person, source=source, **facts)
    opinion.full_clean(exclude=["person"])
    opinion.save_with_reason(by=by, reason=_("Special-care opinion recorded"))
    return opinion


def _check_purposes(purposes: list[PurposeInput]) -> None:
    errors: dict[str, list] = {}
    seen: set[str] = set()
    for index, item in enumerate(purposes):
        if item.purpose in seen:
            errors.setdefault(f"purposes-{index}-purpose", []).append(_("This purpose is already listed."))
        seen.add(item.purpose)
        for problem in rules.check_purpose_evidence(
            purpose=item.purpose,
            evidence=item.evidence,
            study_start=item.study_start,
            study_end=item.study_end,
        ):
            errors.setdefault(f"purposes-{index}-{problem.field}", []).append(problem.message)
    if errors:
        raise IntakeError(errors)


def _save_purposes(application: Application, purposes: list[PurposeInput], by: User) -> None:
    application.purposes.all().delete()
    for item in purposes:
        row = ApplicationPurpose(
            application=application,
            purpose=item.purpose,
            evidence=item.evidence.strip(),
            study_start=item.study_start,
            study_end=item.study_end,
        )
        row.save_with_reason(by=by, reason=_("Purpose requested"))


@transaction.atomic
def application_create(
    *,
    person: Person,
    by: User,
    received_date: dt.date,
    applicant: str = Application.Applicant.PERSON,
    purposes: list[PurposeInput] = (),
    notes: str = "",
) -> Application:
    """Enter an application as a draft (SPEC §2 step 1). DAILY is implied for every adult (R-A1)."""
    purposes = [p for p in purposes if p.purpose != rules.Purpose.DAILY]
    _check_application(person=person, received_date=received_date, applicant=applicant)
    _check_purposes(purposes)
    application = Application(
        person=person,
        municipality=person.municipality,
        received_date=received_date,
        applicant=applicant,
        created_by=by,
        notes=notes,
    )
    application.save_with_reason(by=by, reason=_("Application entered"))
    _save_purposes(application, purposes, by)
    return application


def _check_application(*, person: Person, received_date: dt.date, applicant: str) -> None:
    errors: dict[str, list] = {}
    if received_date > timezone.localdate():
        errors["received_date"] = [_("The received date cannot be in the future.")]
    if received_date < person.birth_date:
        errors["received_date"] = [_("The received date is before the person's birth date.")]
    if applicant == Application.Applicant.REPRESENTATIVE and not person.representative_name:
        errors["applicant"] = [_("Enter the legal representative on the person's page first.")]
    if errors:
        raise IntakeError(errors)


@transaction.atomic
def application_update(
    *,
    application: Application,
    by: User,
    received_date: dt.date,
    applicant: str,
    purposes: list[PurposeInput],
    notes: str = "",
) -> Application:
    application = Application.objects.select_for_update().select_related("person").get(pk=application.pk)
    if application.status != Application.Status.DRAFT:
        raise IntakeError({"": [_("Only a draft application can be changed.")]})
    purposes = [p for p in purposes if p.purpose != rules.Purpose.DAILY]
    _check_application(person=application.person, received_date=received_date, applicant=applicant)
    _check_purposes(purposes)
    application.received_date = received_date
    application.applicant = applicant
    application.notes = notes
    application.save_with_reason(by=by, reason=_("Application changed"))
    _save_purposes(application, purposes, by)
    return application


def latest_disability_facts(person: Person) -> rules.DisabilityFacts | None:
    record = person.disability_records.order_by(*LATEST_FIRST).first()
    if record is None:
        return None
    return rules.DisabilityFacts(
        group=record.group,
        limitations=record.limitations,
        valid_from=record.valid_from,
        valid_until=record.valid_until,
        assistant_allowance=record.assistant_allowance,
    )


def latest_special_care(person: Person) -> rules.SpecialCareOpinion | None:
    opinion = person.special_care_opinions.order_by(*LATEST_FIRST).first()
    if opinion is None:
        return None
    return rules.SpecialCareOpinion(valid_from=opinion.valid_from, valid_until=opinion.valid_until)


def eligibility_of(application: Application) -> rules.Eligibility:
    """The eligibility gate (R-E1–R-E3) on the application's received date, from the recorded facts."""
    person = application.person
    return rules.check_eligibility(
        birth_date=person.birth_date,
        received=application.received_date,
        disability=latest_disability_facts(person),
        special_care=latest_special_care(person),
    )


def _propose_refusal(application: Application, *, code: rules.RefusalCode, by: User, params: dict) -> None:
    with translation.override("lv"):
        reason = str(rules.REFUSAL_REASONS[code]) % params if params else str(rules.REFUSAL_REASONS[code])
    application.outcome = Application.Outcome.REFUSAL
    application.refusal_code = code.value
    application.refusal_reason = reason
    application.proposed_by = by
    application.proposed_at = timezone.now()
    application.transition_to(
        Application.Status.PROPOSED,
        by=by,
        reason=_("Refusal proposed (%(code)s)") % {"code": code.value},
        fields=("outcome", "refusal_code", "refusal_reason", "proposed_by", "proposed_at"),
    )


@transaction.atomic
def application_submit(*, application: Application, by: User) -> Application:
    """Submit a draft (R-D1) and run the eligibility gate (R-E): a failed gate becomes a proposed refusal
    with its reason in Latvian, without a questionnaire."""
    application = Application.objects.select_for_update().select_related("person").get(pk=application.pk)
    if application.status != Application.Status.DRAFT:
        raise IntakeError({"": [_("This application has already been submitted.")]})
    eligibility = eligibility_of(application)
    application.track = eligibility.track.value
    application.transition_to(
        Application.Status.SUBMITTED, by=by, reason=_("Application submitted"), fields=("track",)
    )
    if not eligibility.eligible:
        _propose_refusal(application, code=eligibility.refusal, by=by, params={})
    return application


def rule_set_in_force(on: dt.date) -> RuleSet:
    """The rule set whose validity covers the day (R-S1); V1 from 01.07.2021 by default."""
    found = (
        RuleSet.objects.filter(valid_from__isnull=False, valid_from__lte=on)
        .filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on))
        .order_by("-valid_from", "-version")
        .first()
    )
    if found is None:
        found = RuleSet.objects.filter(code="V1").order_by("-version").first()
    if found is None:
        raise RuleSet.DoesNotExist("no rule set is in force")
    return found


@transaction.atomic
def application_record_assessment(
    *, application: Application, answers: dict[str, object], by: User, notes: str = ""
) -> Application:
    """Store the questionnaire of an adult's application (R-Q2–R-Q4) scored with the rule set in force on
    the received date; a total below the threshold becomes a proposed refusal (R-Q3)."""
    application = Application.objects.select_for_update().select_related("person").get(pk=application.pk)
    if application.status != Application.Status.SUBMITTED or application.track != Application.Track.ADULT:
        raise IntakeError({"": [_("The questionnaire is for a submitted application of an eligible adult.")]})
    if application.assessment_id is not None:
        raise IntakeError({"": [_("This application already has an assessment.")]})
    rule_set = rule_set_in_force(application.received_date)
    assessment = assessment_services.assessment_create(
        municipality=application.municipality,
        answers=answers,
        thresholds=Thresholds(
            need=rule_set.threshold_need,
            high=rule_set.threshold_high,
            coefficient_base=rule_set.coefficient_base,
            coefficient_high=rule_set.coefficient_high,
        ),
        rule_set_code=rule_set.code,
        rule_set_version=rule_set.version,
        by=by,
        notes=notes,
    )
    application.assessment = assessment
    application.save_with_reason(
        by=by, reason=_("Assessment recorded"), update_fields=["assessment", "updated_at"]
    )
    if assessment.result == Assessment.Result.NO_NEED:
        _propose_refusal(
            application,
            code=rules.RefusalCode.NO_NEED,
            by=by,
            params={"total": assessment.total, "threshold": assessment.threshold_need},
        )
    return application


def _only(details: dict, fields: tuple[str, ...]) -> dict:
    return {key: value for key, value in details.items() if key in fields}


@transaction.atomic
def document_attach(
    *, application: Application, upload, description: str = "", by: User
) -> ApplicationDocument:
    """Attach a PDF, JPEG or PNG to an application. The content is checked, not only the name
    (core.uploads); the file goes under MEDIA_ROOT with a random name and its SHA-256."""
    from core import uploads

    try:
        checked = uploads.check_document(upload)
    except uploads.UploadRejected as exc:
        raise IntakeError({"file": [exc.message]}) from None
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == Application.Status.APPROVED:
        raise IntakeError({"": [_("Documents cannot be added to a decided application.")]})
    document = ApplicationDocument(
        application=application,
        original_name=checked.safe_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        description=description.strip(),
        uploaded_by=by,
    )
    upload.seek(0)
    document.file.save(checked.safe_name, upload, save=False)
    try:
        document.save_with_reason(by=by, reason=_("Document attached"))
    except BaseException:
        document.file.delete(save=False)  # no file on disk without its row
        raise
    return document


# ------------------------------------------------------------------------------------------- allocation


class ApprovalBlocked(IntakeError):
    """R-X1: another municipality's grant overlaps; only its name and the overlapping period are revealed."""

    def __init__(self, conflicts: list[tuple[str, dt.date, dt.date]]) -> None:
        self.conflicts = conflicts
        messages = [
            _("Another municipality (%(name)s) has a grant for this person from %(start)s to %(end)s.")
            % {"name": name, "start": start.strftime("%d.%m.%Y"), "end": end.strftime("%d.%m.%Y")}
            for name, start, end in conflicts
        ]
        super().__init__({"": messages})


def rule_numbers(rule_set: RuleSet) -> rules.RuleNumbers:
    return rules.RuleNumbers(
        code=rule_set.code,
        version=rule_set.version,
        base_hours={
            "WORK": rule_set.hours_work,
            "EDUCATION": rule_set.hours_education,
            "HIGHER_EDUCATION": rule_set.hours_higher_education,
            "VOLUNTEERING": rule_set.hours_volunteering,
            "DAY_CENTRE": rule_set.hours_day_centre,
            "MEDICAL": rule_set.hours_medical,
            "DAILY": rule_set.hours_daily,
        },
        child_hours=rule_set.child_hours,
        weekly_cap=rule_set.weekly_cap,
        weekly_cap_vision=rule_set.weekly_cap_vision,
        max_years=rule_set.max_years,
    )


def allocation_inputs(application: Application, start: dt.date) -> rules.AllocationInput:
    person = application.person
    record = person.disability_records.order_by(*LATEST_FIRST).first()
    opinion = person.special_care_opinions.order_by(*LATEST_FIRST).first()
    is_child = application.track == Application.Track.CHILD
    return rules.AllocationInput(
        start=start,
        birth_date=person.birth_date,
        is_child=is_child,
        coefficient=None
        if is_child or application.assessment is None
        else application.assessment.coefficient,
        purposes=tuple(
            rules.PurposeRequest(p.purpose, p.study_start, p.study_end) for p in application.purposes.all()
        ),
        disability_group=record.group if record else "",
        vision_limitation=bool(record and record.limitation_vision),
        assistant_allowance=bool(record and record.assistant_allowance),
        disability_valid_until=record.valid_until if record else None,
        special_care_valid_until=opinion.valid_until if opinion else None,
    )


def inputs_to_json(inputs: rules.AllocationInput) -> dict:
    def day(value):
        return value.isoformat() if value else None

    return {
        "start": day(inputs.start),
        "birth_date": day(inputs.birth_date),
        "is_child": inputs.is_child,
        "coefficient": str(inputs.coefficient) if inputs.coefficient is not None else None,
        "purposes": [[p.purpose, day(p.study_start), day(p.study_end)] for p in inputs.purposes],
        "disability_group": inputs.disability_group,
        "vision_limitation": inputs.vision_limitation,
        "assistant_allowance": inputs.assistant_allowance,
        "disability_valid_until": day(inputs.disability_valid_until),
        "special_care_valid_until": day(inputs.special_care_valid_until),
    }


def inputs_from_json(data: dict) -> rules.AllocationInput:
    def day(value):
        return dt.date.fromisoformat(value) if value else None

    return rules.AllocationInput(
        start=day(data["start"]),
        birth_date=day(data["birth_date"]),
        is_child=data["is_child"],
        coefficient=Decimal(data["coefficient"]) if data["coefficient"] is not None else None,
        purposes=tuple(rules.PurposeRequest(p, day(s), day(e)) for p, s, e in data["purposes"]),
        disability_group=data["disability_group"],
        vision_limitation=data["vision_limitation"],
        assistant_allowance=data["assistant_allowance"],
        disability_valid_until=day(data["disability_valid_until"]),
        special_care_valid_until=day(data["special_care_valid_until"]),
    )


def _check_can_propose(application: Application) -> None:
    if application.status not in (Application.Status.SUBMITTED, Application.Status.RETURNED):
        raise IntakeError({"": [_("Only a submitted or returned application can be proposed.")]})


def allocation_preview(*, application: Application, start: dt.date) -> tuple[rules.Allocation, RuleSet]:
    """Compute without storing: the proposal page shows it before the caseworker proposes."""
    if application.track == Application.Track.REFUSED or not application.track:
        raise IntakeError({"": [_("The person is not eligible; only a refusal can be proposed.")]})
    if application.track == Application.Track.ADULT and (
        application.assessment is None or application.assessment.coefficient is None
    ):
        raise IntakeError({"": [_("Fill in the questionnaire first: the coefficient comes from it.")]})
    rule_set = rule_set_in_force(start)
    try:
        result = rules.allocate(allocation_inputs(application, start), rule_numbers(rule_set))
    except rules.AllocationError as exc:
        raise IntakeError({exc.field if exc.field == "start" else "": [exc.message]}) from None
    return result, rule_set


PURPOSE_LABELS_LV = {
    "WORK": "algots darbs",
    "EDUCATION": "izglītība",
    "HIGHER_EDUCATION": "augstākā izglītība",
    "VOLUNTEERING": "brīvprātīgais darbs",
    "DAY_CENTRE": "dienas aprūpes centrs",
    "MEDICAL": "medicīniskās procedūras",
    "DAILY": "ikdienas aktivitātes",
    "CHILD": "bērns",
}


def explanation(application: Application, result: rules.Allocation, rule_set: RuleSet) -> list[str]:
    """What a caseworker reads out to the person (R-A6), in the current language: score → coefficient →
    hours per purpose → study-period scaling → cap."""
    lines: list[str] = []
    numbers = rule_numbers(rule_set)
    if result.coefficient is None:
        lines.append(
            _("A child gets the fixed %(hours)d hours a month of rule set %(code)s, without a questionnaire.")
            % {"hours": numbers.child_hours, "code": rule_set.code}
        )
    else:
        assessment = application.assessment
        lines.append(
            _(
                "The questionnaire scored %(total)d points of 36; from %(high)d points the support "
                "is very large."
            )
            % {"total": assessment.total, "high": assessment.threshold_high}
        )
        lines.append(
            _("So the support coefficient is %(coefficient)s (rule set %(code)s).")
            % {"coefficient": f"{result.coefficient.normalize():f}".replace(".", ","), "code": rule_set.code}
        )
        for purpose, hours in result.full_hours.items():
            base = numbers.base_hours[purpose]
            lines.append(
                _("%(purpose)s: %(base)d hours × %(coefficient)s = %(hours)d hours in a full month.")
                % {
                    "purpose": str(ApplicationPurpose.Purpose(purpose).label),
                    "base": base,
                    "coefficient": f"{result.coefficient.normalize():f}".replace(".", ","),
                    "hours": hours,
                }
            )
    for request in application.purposes.all():
        if request.purpose in rules.EDUCATION_PURPOSES:
            lines.append(
                _("Education hours count only the days of the study period %(start)s–%(end)s.")
                % {
                    "start": request.study_start.strftime("%d.%m.%Y"),
                    "end": request.study_end.strftime("%d.%m.%Y"),
                }
            )
    lines.append(
        _(
            "A month with fewer days in the grant gets a proportional share. At most %(cap)d hours a week: "
            "%(full)d hours in a 31-day month; the month total never exceeds that."
        )
        % {"cap": result.weekly_cap, "full": result.weekly_cap * 31 // 7}
    )
    capped = sum(1 for month in result.months if month.capped)
    if capped:
        lines.append(_("The weekly cap lowers the total in %(count)d months.") % {"count": capped})
    lines.append(
        _("The grant runs from %(start)s to %(end)s (%(reason)s).")
        % {
            "start": result.start.strftime("%d.%m.%Y"),
            "end": result.end.strftime("%d.%m.%Y"),
            "reason": str(END_REASONS[result.end_reason]),
        }
    )
    return [str(line) for line in lines]


END_REASONS = {
    rules.EndReason.DISABILITY: _("the end of the disability's validity"),
    rules.EndReason.MAX_YEARS: _("the maximum grant period"),
    rules.EndReason.AGE_18: _("the day before the 18th birthday"),
    rules.EndReason.SPECIAL_CARE: _("the end of the special-care opinion"),
}


def _store_months(allocation: Allocation, result: rules.Allocation) -> None:
    from assistance.models import AllocationLine, AllocationMonth

    allocation.months.all().delete()
    months = AllocationMonth.objects.bulk_create(
        [
            AllocationMonth(
                allocation=allocation,
                month=month.month,
                days_in_month=month.days_in_month,
                grant_days=month.grant_days,
                cap=month.cap,
                purposes_total=month.purposes_total,
                total=month.total,
            )
            for month in result.months
        ]
    )
    AllocationLine.objects.bulk_create(
        [
            AllocationLine(
                month=stored,
                purpose=line.purpose,
                full_hours=line.full_hours,
                days=line.days,
                hours=line.hours,
            )
            for stored, month in zip(months, result.months, strict=True)
            for line in month.lines
        ]
    )


@transaction.atomic
def proposal_grant(*, application: Application, start: dt.date, by: User) -> Allocation:
    """Propose a grant (R-D1): compute the allocation with the rule set in force on the start date and
    store it with its inputs, rule set version and explanation (R-A6, R-S1)."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("person", "assessment")
        .get(pk=application.pk)
    )
    _check_can_propose(application)
    result, rule_set = allocation_preview(application=application, start=start)
    application.allocations.filter(status=Allocation.Status.PROPOSED).update(
        status=Allocation.Status.WITHDRAWN
    )
    with translation.override("lv"):
        text = "\n".join(explanation(application, result, rule_set))
    allocation = Allocation(
        application=application,
        municipality=application.municipality,
        personal_code=application.person.personal_code,
        rule_set=rule_set,
        start=result.start,
        end=result.end,
        natural_end=result.end,
        end_reason=result.end_reason.value,
        weekly_cap=result.weekly_cap,
        coefficient=result.coefficient,
        inputs=inputs_to_json(allocation_inputs(application, start)),
        explanation=text,
    )
    allocation.save_with_reason(by=by, reason=_("Allocation proposed"))
    _store_months(allocation, result)
    _propose(application, outcome=Application.Outcome.GRANT, by=by, reason_text="")
    return allocation


def _propose(application: Application, *, outcome: str, by: User, reason_text: str, code: str = "") -> None:
    application.outcome = outcome
    application.refusal_code = code
    application.refusal_reason = reason_text
    application.proposed_by = by
    application.proposed_at = timezone.now()
    application.transition_to(
        Application.Status.PROPOSED,
        by=by,
        reason=_("Grant proposed") if outcome == Application.Outcome.GRANT else _("Refusal proposed"),
        fields=("outcome", "refusal_code", "refusal_reason", "proposed_by", "proposed_at"),
    )


@transaction.atomic
def proposal_refuse(*, application: Application, reason: str, by: User) -> Application:
    """Propose a refusal with the caseworker's reason (in Latvian, it goes on the decision)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _check_can_propose(application)
    if not reason.strip():
        raise IntakeError({"reason": [_("State the reason for the refusal.")]})
    application.allocations.filter(status=Allocation.Status.PROPOSED).update(
        status=Allocation.Status.WITHDRAWN
    )
    _propose(
        application, outcome=Application.Outcome.REFUSAL, by=by, reason_text=reason.strip(), code="caseworker"
    )
    return application


def _check_supervisor(application: Application, by: User) -> None:
    if by.is_superuser:
        return
    profile = getattr(by, "staff_profile", None)
    if (
        not by.has_perm("assistance.add_decision")
        or profile is None
        or profile.municipality_id != application.municipality_id
    ):
        raise IntakeError({"": [_("Only a supervisor of the application's municipality can decide.")]})


@transaction.atomic
def proposal_return(*, application: Application, comment: str, by: User) -> Application:
    """The supervisor returns a proposal to the caseworker with a comment (R-D1)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _check_supervisor(application, by)
    if application.status != Application.Status.PROPOSED:
        raise IntakeError({"": [_("This application is not waiting for a decision.")]})
    if not comment.strip():
        raise IntakeError({"comment": [_("Write what the caseworker should change.")]})
    application.return_comment = comment.strip()
    application.transition_to(
        Application.Status.RETURNED, by=by, reason=_("Returned with a comment"), fields=("return_comment",)
    )
    return application


def cross_municipality_conflicts(allocation: Allocation) -> list[tuple[str, dt.date, dt.date]]:
    """R-X1: approved grants of the same personal code in other municipalities overlapping the period."""
    others = (
        Allocation.objects.filter(
            personal_code=allocation.personal_code,
            status=Allocation.Status.APPROVED,
            start__lte=allocation.end,
            end__gte=allocation.start,
        )
        .exclude(municipality=allocation.municipality)
        .select_related("municipality")
        .order_by("start")
    )
    return [(o.municipality.name, max(o.start, allocation.start), min(o.end, allocation.end)) for o in others]


def _supersede(new: Allocation, *, by: User) -> None:
    """An approved allocation of the same person in the same municipality that overlaps the new one ends the
    day before the new one starts (re-assessment, changed disability data)."""
    overlapping = (
        Allocation.objects.select_for_update()
        .filter(
            personal_code=new.personal_code,
            municipality=new.municipality,
            status=Allocation.Status.APPROVED,
            end__gte=new.start,
        )
        .exclude(pk=new.pk)
    )
    for old in overlapping:
        old.superseded_from = max(new.start, old.start)
        old.superseded_by = new
        if new.start <= old.start:
            old.end = old.start
            old.months.all().delete()
        else:
            old.end = new.start - dt.timedelta(days=1)
            result = rules.allocate(inputs_from_json(old.inputs), rule_numbers(old.rule_set), end=old.end)
            _store_months(old, result)
        old.save_with_reason(by=by, reason=_("Superseded by a new allocation"))


@transaction.atomic
def proposal_approve(*, application: Application, by: User) -> Decision:
    """Approve a proposed grant or refusal (R-D1, R-D2): four eyes, one decision even when two supervisors
    approve at once (row lock), the cross-municipality check (R-X1), the decision PDF with its checksum
    (R-D3)."""
    application = (
        Application.objects.select_for_update()
        .select_related("person", "municipality")
        .get(pk=application.pk)
    )
    _check_supervisor(application, by)
    if application.status != Application.Status.PROPOSED:
        raise IntakeError(
            {"": [_("This application is not waiting for a decision; it may have just been decided.")]}
        )
    if application.proposed_by_id == by.pk:
        raise IntakeError(
            {"": [_("You proposed this decision; another supervisor must approve it (four eyes).")]}
        )
    allocation = None
    if application.outcome == Application.Outcome.GRANT:
        allocation = application.allocations.select_for_update().get(status=Allocation.Status.PROPOSED)
        conflicts = cross_municipality_conflicts(allocation)
        if conflicts:
            raise ApprovalBlocked(conflicts)
        _supersede(allocation, by=by)
        allocation.status = Allocation.Status.APPROVED
        allocation.save_with_reason(by=by, reason=_("Allocation approved"))
    now = timezone.now()
    decision = Decision(
        application=application,
        municipality=application.municipality,
        number=f"tmp-{application.pk}",
        outcome=application.outcome,
        allocation=allocation,
        proposed_by=application.proposed_by,
        approved_by=by,
        approved_at=now,
    )
    decision.save_with_reason(by=by, reason=_("Decision approved"))
    decision.number = f"{timezone.localtime(now):%Y}/{decision.pk:06d}"
    from assistance.decision_pdf import decision_pdf
    from core.pdf import sha256_hex

    data = decision_pdf(decision)
    decision.sha256 = sha256_hex(data)
    decision.document.save(f"{decision.number.replace('/', '-')}.pdf", ContentFile(data), save=False)
    try:
        decision.save_with_reason(by=by, reason=_("Decision document issued"))
    except BaseException:
        decision.document.delete(save=False)
        raise
    application.transition_to(Application.Status.APPROVED, by=by, reason=_("Decision approved"))
    return decision


# ------------------------------------------------------------------------------------------- rule sets


def rule_set_in_use(rule_set: RuleSet) -> bool:
    from assessments.models import Assessment

    return (
        rule_set.allocations.exists()
        or Assessment.objects.filter(rule_set_code=rule_set.code, rule_set_version=rule_set.version).exists()
    )


@transaction.atomic
def rule_set_save(*, rule_set: RuleSet, by: User) -> RuleSet:
    """Save an edited rule set (R-S1). A version already used by an assessment or an allocation is never
    changed: the edit becomes a new version with the next number, and the used one stays as it was."""
    if rule_set.pk is None:
        rule_set.save_with_reason(by=by, reason=_("Rule set created"))
        return rule_set
    stored = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    if not rule_set_in_use(stored):
        rule_set.save_with_reason(by=by, reason=_("Rule set changed"))
        return rule_set
    latest = (
        RuleSet.objects.filter(code=stored.code)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    rule_set.pk = None
    rule_set.version = latest + 1
    rule_set._state.adding = True
    rule_set.save_with_reason(by=by, reason=_("New version of a rule set in use"))
    if stored.valid_to is None and rule_set.valid_from:
        stored.valid_to = rule_set.valid_from - dt.timedelta(days=1)
        if stored.valid_from and stored.valid_to < stored.valid_from:
            stored.valid_to = stored.valid_from
        stored.save_with_reason(
            by=by, reason=_("Replaced by version %(version)d") % {"version": rule_set.version}
        )
    return rule_set


class RuleSetError(ValueError):
    """A rule-set draft the service refuses; `errors` maps a field ("" for the whole form) to messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{field}: {', '.join(map(str, msgs))}" for field, msgs in errors.items()))
        self.errors = errors


RULE_SET_DRAFT_FIELDS = rules.RULE_SET_FIELD_ORDER
RULE_SET_CODE_SHAPE = re.compile(r"[A-Z0-9][A-Z0-9_-]{0,19}")


def _rule_set_text_problems(values: dict) -> list[tuple[str, object]]:
    problems: list[tuple[str, object]] = []
    code, name, basis = values["code"], values["name"], values["legal_basis"]
    if not RULE_SET_CODE_SHAPE.fullmatch(code):
        problems.append(
            ("code", _("A code is up to 20 capital letters, digits, hyphens or underscores, e.g. V6."))
        )
    if not name:
        problems.append(("name", _("Enter the name of the rule set.")))
    elif len(name) > RuleSet._meta.get_field("name").max_length:
        problems.append(("name", _("The name is at most 200 characters.")))
    if len(basis) > RuleSet._meta.get_field("legal_basis").max_length:
        problems.append(("legal_basis", _("The legal basis is at most 300 characters.")))
    return problems


def _next_version(code: str, *, besides: RuleSet | None = None) -> int:
    versions = RuleSet.objects.filter(code=code)
    if besides is not None:
        versions = versions.exclude(pk=besides.pk)
    latest = versions.aggregate(latest=models.Max("version"))["latest"]
    return 1 if latest is None else latest + 1


def _rule_set_starting(day: dt.date, *, besides: RuleSet | None) -> RuleSet | None:
    starting = RuleSet.objects.filter(valid_from=day)
    if besides is not None:
        starting = starting.exclude(pk=besides.pk)
    return starting.order_by("code", "version").first()


def rule_set_draft_refusal(rule_set: RuleSet, *, today: dt.date) -> str | None:
    """Why `rule_set` may not be edited as a draft (R-S1), or None: a set in force (or once in force) or used
    by an assessment or an allocation is changed only by a new draft."""
    if rule_set.valid_from is not None and rule_set.valid_from <= today:
        return str(
            _("%(rule_set)s has been in force since %(day)s; make a new draft from it instead.")
            % {"rule_set": f"{rule_set.code} v{rule_set.version}", "day": f"{rule_set.valid_from:%d.%m.%Y}"}
        )
    if rule_set_in_use(rule_set):
        return str(
            _("%(rule_set)s is used by an assessment or an allocation; make a new draft from it instead.")
            % {"rule_set": f"{rule_set.code} v{rule_set.version}"}
        )
    return None


@transaction.atomic
def rule_set_draft_save(*, source: RuleSet | None, data: dict, by: User) -> RuleSet:
    """Save a rule-set draft of the ministry (R-S1): `source` None creates one, otherwise `source` is the
    draft being edited.

    `data` holds the fields of RULE_SET_DRAFT_FIELDS (and optionally `copied_from`, the rule set a new
    draft starts from, named in the history). A new draft gets the next version of its code (1 for a new
    code); valid_from is empty (simulation only) or later than today, so it never changes a decision already
    taken and rule_set_in_force picks it only from that day. A draft in force or used is never edited. The
    previous rule set's valid_to is not touched. Raises RuleSetError with every problem on its field."""
    today = timezone.localdate()
    values = {field: data.get(field) for field in RULE_SET_DRAFT_FIELDS}
    for field in ("code", "name", "legal_basis"):
        values[field] = str(values[field] or "").strip()
    values["code"] = values["code"].upper()
    values["purpose_bound"] = bool(values["purpose_bound"])
    problems = _rule_set_text_problems(values) + rules.check_rule_set_numbers(values, today=today)
    errors: dict[str, list[str]] = {}
    for field, message in problems:
        errors.setdefault(field, []).append(str(message))
    draft = None
    if source is not None:
        draft = RuleSet.objects.select_for_update().get(pk=source.pk)
        refusal = rule_set_draft_refusal(draft, today=today)
        if refusal is not None:
            errors.setdefault("", []).insert(0, refusal)
    day = values["valid_from"]
    other = _rule_set_starting(day, besides=draft) if day is not None and "valid_from" not in errors else None
    if other is not None:  # rule_set_in_force finds one set for each day
        message = _("%(rule_set)s already comes into force on %(day)s; choose another day or edit that one.")
        errors["valid_from"] = [
            str(message % {"rule_set": f"{other.code} v{other.version}", "day": f"{day:%d.%m.%Y}"})
        ]
    if errors:
        raise RuleSetError(errors)

    if draft is None:
        draft = RuleSet()
        copied_from = data.get("copied_from")
        reason = (
            _("Draft made from %(rule_set)s") % {"rule_set": f"{copied_from.code} v{copied_from.version}"}
            if copied_from is not None
            else _("Draft made")
        )
    else:
        reason = _("Draft changed")
    renumber = draft.pk is None or draft.code != values["code"]
    for field, value in values.items():
        setattr(draft, field, value)
    for attempt in range(3):  # two drafts of one code saved at once: the second takes the next number
        if renumber:
            draft.version = _next_version(draft.code, besides=draft if draft.pk else None)
        try:
            with transaction.atomic():
                draft.save_with_reason(by=by, reason=reason)
        except IntegrityError:
            if attempt == 2 or not renumber:
                raise
            if draft._state.adding:
                draft.pk = None
        else:
            return draft
    raise AssertionError("unreachable")


# ---- caseload import / allocation export


IMPORTED_EVIDENCE = "Importēts no lietu saraksta (R-I1)"  # stored with the purpose; the file has no evidence


@dataclass(frozen=True)
class CaseloadOutcome:
    """What one import row did: `created` False when the application was already there (unchanged)."""

    created: bool
    application: Application
    allocation: Allocation | None = None
    decision: Decision | None = None


def _caseload_fields(errors: dict, *, default: str, renames: dict[str, str]) -> dict[str, list[str]]:
    """Service and model errors keyed by the import file's columns (SPEC §5.1)."""
    from assistance.caseload import COLUMNS

    mapped: dict[str, list[str]] = {}
    for field, messages in errors.items():
        if field in renames:
            column = renames[field]
        elif field.startswith("purposes-"):
            column = field.rsplit("-", 1)[-1]
            column = column if column in ("study_start", "study_end") else "purposes"
        elif field in COLUMNS:
            column = field
        else:
            column = default
        mapped.setdefault(column, []).extend(str(message) for message in messages)
    return mapped


class _CaseloadStep:
    """Turns the errors of one step (a service call) into an IntakeError keyed by the file's columns."""

    def __init__(self, default: str = "", **renames: str) -> None:
        self.default, self.renames = default, renames

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, traceback) -> bool:
        from django.core.exceptions import ValidationError

        from assessments.rules import IncompleteAnswers

        if error is None:
            return False
        if isinstance(error, ApprovalBlocked):
            raise IntakeError({"decision_start": [str(m) for m in error.errors[""]]}) from None
        if isinstance(error, IntakeError):
            errors = error.errors
        elif isinstance(error, ValidationError):
            errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        elif isinstance(error, IncompleteAnswers):
            errors = {"answers": [f"{problem.code}: {problem.message}" for problem in error.problems]}
        else:
            return False
        raise IntakeError(_caseload_fields(errors, default=self.default, renames=self.renames)) from None


def _caseload_check_scope(row, *, by: User, approved_by: User | None) -> None:
    from assistance.selectors import municipalities_for

    for user, role in ((by, "--by"), (approved_by, "--approved-by")):
        if user is not None and not municipalities_for(user=user).filter(pk=row.municipality.pk).exists():
            raise IntakeError(
                {"municipality": [f"{user.username} ({role}) may not act in {row.municipality.name}"]}
            )


def caseload_import_row(*, row, by: User, approved_by: User | None = None) -> CaseloadOutcome:
    """One row of the caseload import (SPEC §5.1, R-I1) in one transaction, through the same services as the
    web forms: the person (registered, or found by municipality and personal code with the names brought up
    to date), the disability decision and the child's special-care opinion (each added only when it differs
    from the latest one), the application, its submission and eligibility gate, the questionnaire of an
    eligible adult, the proposal (a grant from `decision_start`, or the refusal the gate or the
    questionnaire proposed) and, with `approved_by`, the decision (R-D2).

    An application of the person with the same received date means the row was imported before: nothing
    changes (idempotent). Problems raise IntakeError keyed by the file's columns ("" for the whole row);
    nothing of the row is kept then."""
    _caseload_check_scope(row, by=by, approved_by=approved_by)
    with transaction.atomic():
        person = (
            Person.objects.select_for_update()
            .filter(municipality=row.municipality, personal_code=row.personal_code)
            .first()
        )
        if person is not None:
            existing = person.applications.filter(received_date=row.received_date).order_by("pk").first()
            if existing is not None:
                return CaseloadOutcome(created=False, application=existing)
        return _caseload_write(row, person=person, by=by, approved_by=approved_by)


def _caseload_write(row, *, person: Person | None, by: User, approved_by: User | None) -> CaseloadOutcome:
    with _CaseloadStep("personal_code"):
        if person is None:
            person = person_create(
                municipality=row.municipality,
                personal_code=row.personal_code,
                by=by,
                first_name=row.first_name,
                last_name=row.last_name,
                birth_date=row.birth_date,
            )
        elif person.birth_date != row.birth_date:
            raise IntakeError(
                {"birth_date": [f"the registered person was born on {person.birth_date.isoformat()}"]}
            )
        elif (person.first_name, person.last_name) != (row.first_name, row.last_name):
            person = person_update(
                person=person,
                by=by,
                first_name=row.first_name,
                last_name=row.last_name,
                birth_date=person.birth_date,
            )
    if row.disability_group:
        latest = latest_disability_facts(person)
        row_facts = (
            row.disability_group,
            row.limitations,
            row.disability_valid_until,
            row.assistant_allowance,
        )
        if latest is None or row_facts != (
            latest.group,
            latest.limitations,
            latest.valid_until,
            latest.assistant_allowance,
        ):
            with _CaseloadStep(
                "disability_group", group="disability_group", valid_until="disability_valid_until"
            ):
                disability_record_add(
                    person=person,
                    by=by,
                    source=Source.IMPORTED,
                    group=row.disability_group,
                    limitation_vision=rules.Limitation.VISION in row.limitations,
                    limitation_mobility=rules.Limitation.MOBILITY in row.limitations,
                    limitation_mental=rules.Limitation.MENTAL in row.limitations,
                    valid_from=None,  # the file does not say; the record is valid up to valid_until
                    valid_until=row.disability_valid_until,
                    assistant_allowance=row.assistant_allowance,
                )
    if row.special_care_valid_until is not None:
        latest_opinion = latest_special_care(person)
        if latest_opinion is None or latest_opinion.valid_until != row.special_care_valid_until:
            with _CaseloadStep("special_care_valid_until", valid_until="special_care_valid_until"):
                special_care_opinion_add(
                    person=person,
                    by=by,
                    source=Source.IMPORTED,
                    valid_from=None,
                    valid_until=row.special_care_valid_until,
                )
    with _CaseloadStep("received_date"):
        application = application_create(
            person=person,
            by=by,
            received_date=row.received_date,
            purposes=[
                PurposeInput(
                    purpose,
                    IMPORTED_EVIDENCE,
                    row.study_start if purpose in rules.EDUCATION_PURPOSES else None,
                    row.study_end if purpose in rules.EDUCATION_PURPOSES else None,
                )
                for purpose in row.purposes
            ],
        )
        application = application_submit(application=application, by=by)
    if application.track == Application.Track.ADULT:
        if row.answers is None:
            problem = (
                "required: the person passes the eligibility gate (R-E1), so the questionnaire is needed"
            )
            raise IntakeError({"answers": [problem]})
        with _CaseloadStep("answers"):
            application = application_record_assessment(
                application=application, answers=row.answers_by_code, by=by
            )
    allocation = None
    if application.status == Application.Status.SUBMITTED:
        with _CaseloadStep("decision_start", start="decision_start"):
            allocation = proposal_grant(application=application, start=row.decision_start, by=by)
    decision = None
    if approved_by is not None:
        with _CaseloadStep(""):
            decision = proposal_approve(application=application, by=approved_by)
        if allocation is not None:
            allocation.refresh_from_db()
    application.refresh_from_db()
    return CaseloadOutcome(created=True, application=application, allocation=allocation, decision=decision)
