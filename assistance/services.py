"""Writes of the assistance app. Keyword-only, typed, one transaction each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from assessments import services as assessment_services
from assessments.models import Assessment
from assessments.rules import Thresholds
from assistance import rules
from assistance.models import (
    Application,
    ApplicationDocument,
    ApplicationPurpose,
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
    record = person.disability_records.order_by("-valid_from", "-pk").first()
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
    opinion = person.special_care_opinions.order_by("-valid_from", "-pk").first()
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
