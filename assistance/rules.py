"""Pure rules of the assistance app: personal codes (R-P1), age and eligibility (R-E1–R-E3).

No ORM, no settings, no I/O: plain values in, frozen dataclasses out. Messages are lazy translations so the
caller shows them in the user's language; Latvian is the default.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
import unicodedata
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.lv import pvn

# ---------------------------------------------------------------------------------------------- R-P1


class PersonalCodeError(ValueError):
    """A personal code that is not valid; `message` says why, in the user's language."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class PersonalCode:
    """A valid personal code (personas kods), stored as 11 digits without the hyphen."""

    digits: str

    @property
    def is_new_format(self) -> bool:
        return is_new_format(self.digits)

    @property
    def birth_date(self) -> dt.date | None:
        if self.is_new_format:
            return None
        return pvn.get_birth_date(self.digits)

    @property
    def formatted(self) -> str:
        return f"{self.digits[:6]}-{self.digits[6:]}"

    @property
    def masked(self) -> str:
        """As shown in lists (R-P1): `161175-1****`."""
        return f"{self.digits[:6]}-{self.digits[6]}****"


PERSONAL_CODE_SHAPE = re.compile(r"[0-9]{6}-?[0-9]{5}")


def is_new_format(digits: str) -> bool:
    """Codes issued from July 2017 start with 32 (the law reserves 32–39) and carry no date; a code starting
    with 30 or 31 is an old-format code of a person born on the 30th or 31st."""
    return digits[0] == "3" and digits[1] >= "2"


def check_digit(first_ten: str) -> str:
    """Z = (1101 − Σ wᵢ·dᵢ) mod 11 mod 10 with weights 1,6,3,7,9,10,5,8,4,2 (R-P1)."""
    weights = (1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return str((1101 - sum(w * int(d) for w, d in zip(weights, first_ten, strict=True))) % 11 % 10)


def parse_personal_code(raw: str, *, today: dt.date | None = None) -> PersonalCode:
    """Validate and normalise a personal code (R-P1); raise PersonalCodeError with the reason.

    The shape is strict (11 ASCII digits, a hyphen only after the sixth; full-width digits are normalised);
    python-stdnum (`stdnum.lv.pvn`) reads the birth date; the check digit follows R-P1 (the same as
    stdnum's); on top of stdnum this accepts only natural persons' codes, century digits 0–2, new-format
    prefixes 32–39 and no birth date after `today`.
    """
    text = unicodedata.normalize("NFKC", raw or "").strip()
    if not text:
        raise PersonalCodeError(_("Enter the personal code."))
    if not PERSONAL_CODE_SHAPE.fullmatch(text):
        if text.replace("-", "").isascii() and text.replace("-", "").isdigit():
            count = len(text.replace("-", ""))
            if count != 11:
                raise PersonalCodeError(
                    _("A personal code has 11 digits; this one has %(count)d.") % {"count": count}
                )
        raise PersonalCodeError(
            _("A personal code has digits only, with an optional hyphen after the sixth.")
        )
    digits = text.replace("-", "")
    if not is_new_format(digits) and digits[0] in "0123":
        if digits[6] not in "012":
            raise PersonalCodeError(
                _("The seventh digit (the century) must be 0, 1 or 2 in a personal code with a birth date.")
            )
        try:
            born = pvn.get_birth_date(digits)
        except StdnumError:
            raise PersonalCodeError(_("The first six digits are not a real date (DDMMYY).")) from None
        if today is not None and born > today:
            raise PersonalCodeError(_("The birth date in the personal code is in the future."))
    elif not is_new_format(digits):
        raise PersonalCodeError(_("This is not a personal code of a natural person."))
    if check_digit(digits[:10]) != digits[10]:
        raise PersonalCodeError(
            _("The check digit (the last one) does not match; check the code for a typo.")
        )
    return PersonalCode(digits)


def mask_personal_code(digits: str) -> str:
    """Mask a stored code for lists without re-validating it."""
    return f"{digits[:6]}-{digits[6:7]}****" if len(digits) == 11 else "****"


# ---------------------------------------------------------------------------------------------- age


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Full years on `day`; a person born on 29 February turns a year older on 1 March in common years."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


# ---------------------------------------------------------------------------------------------- R-E


class Limitation(enum.StrEnum):
    VISION = "vision"
    MOBILITY = "mobility"
    MENTAL = "mental"


class DisabilityGroup(enum.StrEnum):
    I = "I"  # noqa: E741 - the group's official name
    II = "II"
    III = "III"


@dataclass(frozen=True)
class DisabilityFacts:
    """What the state disability information system says (R-E4), as of the received date's lookup."""

    group: str = ""
    limitations: frozenset[str] = frozenset()
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None  # None: indefinite
    assistant_allowance: bool = False

    def valid_on(self, day: dt.date) -> bool:
        if not self.group:
            return False
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_until is None or day <= self.valid_until


@dataclass(frozen=True)
class SpecialCareOpinion:
    """A VDEĀVK opinion on a child's need for special care (R-E2)."""

    valid_from: dt.date | None
    valid_until: dt.date | None  # None: until the 18th birthday

    def valid_on(self, day: dt.date) -> bool:
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_until is None or day <= self.valid_until


class Track(enum.StrEnum):
    ADULT = "adult"  # questionnaire next (R-Q)
    CHILD = "child"  # fixed child hours, no questionnaire (R-A5)
    REFUSED = "refused"


class RefusalCode(enum.StrEnum):
    UNDER_FIVE = "under_five"
    NO_VALID_DISABILITY = "no_valid_disability"
    GROUP_NOT_ELIGIBLE = "group_not_eligible"
    NO_QUALIFYING_LIMITATION = "no_qualifying_limitation"
    NO_SPECIAL_CARE_OPINION = "no_special_care_opinion"
    NO_NEED = "no_need"  # the questionnaire's total is below the first threshold (R-Q3)


REFUSAL_REASONS: dict[RefusalCode, Promise] = {
    RefusalCode.UNDER_FIVE: _(
        "On the day the application was received the person was younger than 5 years; the assistant "
        "service is granted to children from the age of 5 (R-E3)."
    ),
    RefusalCode.NO_VALID_DISABILITY: _(
        "On the day the application was received the person had no valid disability of group I or II (R-E1)."
    ),
    RefusalCode.GROUP_NOT_ELIGIBLE: _(
        "The person's disability group is not I or II; the assistant service is granted to adults with "
        "disability group I or II (R-E1)."
    ),
    RefusalCode.NO_QUALIFYING_LIMITATION: _(
        "The disability decision records no vision, mobility or mental functional limitation, which the "
        "assistant service requires (R-E1)."
    ),
    RefusalCode.NO_SPECIAL_CARE_OPINION: _(
        "On the day the application was received the child had no valid opinion of the State Medical "
        "Commission for the Assessment of Health Condition and Working Ability (VDEĀVK) on the need for "
        "special care (R-E2)."
    ),
    RefusalCode.NO_NEED: _(
        "The assessment of the need for assistance outside the home scored %(total)d points, below the "
        "%(threshold)d points needed for the service (R-Q3)."
    ),
}


@dataclass(frozen=True)
class Eligibility:
    track: Track
    age: int
    refusal: RefusalCode | None = None

    @property
    def eligible(self) -> bool:
        return self.track is not Track.REFUSED

    @property
    def reason(self) -> Promise | str:
        return REFUSAL_REASONS[self.refusal] if self.refusal else ""


ADULT_AGE = 18
CHILD_MIN_AGE = 5


def check_eligibility(
    *,
    birth_date: dt.date,
    received: dt.date,
    disability: DisabilityFacts | None,
    special_care: SpecialCareOpinion | None,
) -> Eligibility:
    """The eligibility gate (R-E1–R-E3), decided on the received date."""
    age = age_on(birth_date, received)
    if age < CHILD_MIN_AGE:
        return Eligibility(Track.REFUSED, age, RefusalCode.UNDER_FIVE)
    if age < ADULT_AGE:
        if special_care is None or not special_care.valid_on(received):
            return Eligibility(Track.REFUSED, age, RefusalCode.NO_SPECIAL_CARE_OPINION)
        return Eligibility(Track.CHILD, age)
    if disability is None or not disability.group:
        return Eligibility(Track.REFUSED, age, RefusalCode.NO_VALID_DISABILITY)
    if disability.group not in (DisabilityGroup.I, DisabilityGroup.II):
        return Eligibility(Track.REFUSED, age, RefusalCode.GROUP_NOT_ELIGIBLE)
    if not disability.valid_on(received):
        return Eligibility(Track.REFUSED, age, RefusalCode.NO_VALID_DISABILITY)
    if not disability.limitations & {limitation.value for limitation in Limitation}:
        return Eligibility(Track.REFUSED, age, RefusalCode.NO_QUALIFYING_LIMITATION)
    return Eligibility(Track.ADULT, age)


# ---------------------------------------------------------------------------------------------- R-D1


def decision_due(received: dt.date) -> dt.date:
    """The decision is due one calendar month after the received date (R-D1); 31 January → 28/29 February."""
    year, month = (received.year, received.month + 1) if received.month < 12 else (received.year + 1, 1)
    last_day = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(received.day, last_day))


def overdue_cutoff(today: dt.date) -> dt.date:
    """The earliest received date not yet overdue on `today`: a received date before it is overdue.

    decision_due() never decreases as the received date grows, so the overdue ones are exactly those before
    a cutoff; lists filter on it in SQL."""
    day = today - dt.timedelta(days=32)
    while decision_due(day) < today:
        day += dt.timedelta(days=1)
    return day


def is_overdue(*, received: dt.date, today: dt.date, decided: bool) -> bool:
    """Overdue: the received date + 1 month has passed and no decision is approved (R-D1)."""
    return not decided and today > decision_due(received)


# ---------------------------------------------------------------------------------------------- R-A1/R-A3


class Purpose(enum.StrEnum):
    WORK = "WORK"
    EDUCATION = "EDUCATION"
    HIGHER_EDUCATION = "HIGHER_EDUCATION"
    VOLUNTEERING = "VOLUNTEERING"
    DAY_CENTRE = "DAY_CENTRE"
    MEDICAL = "MEDICAL"
    DAILY = "DAILY"


EDUCATION_PURPOSES = frozenset({Purpose.EDUCATION, Purpose.HIGHER_EDUCATION})


@dataclass(frozen=True)
class PurposeProblem:
    field: str
    message: Promise | str


def check_purpose_evidence(
    *, purpose: str, evidence: str, study_start: dt.date | None, study_end: dt.date | None
) -> list[PurposeProblem]:
    """A requested purpose needs its evidence (R-A1); an education purpose needs a study period (R-A3)."""
    problems: list[PurposeProblem] = []
    if purpose != Purpose.DAILY and not evidence.strip():
        problems.append(
            PurposeProblem(
                "evidence",
                _("Name the evidence for this purpose: employer, institution, contract or prescription."),
            )
        )
    if purpose in EDUCATION_PURPOSES:
        if study_start is None or study_end is None:
            problems.append(
                PurposeProblem(
                    "study_start", _("An education purpose needs the study period the institution confirms.")
                )
            )
        elif study_end < study_start:
            problems.append(PurposeProblem("study_end", _("The study period ends before it starts.")))
    elif study_start is not None or study_end is not None:
        problems.append(
            PurposeProblem("study_start", _("A study period belongs only to an education purpose."))
        )
    return problems
