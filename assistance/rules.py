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
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

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


# ---------------------------------------------------------------------------------------------- R-A


CHILD = "CHILD"  # the child's single line (R-A5)


def round_half_up(value: Decimal) -> int:
    """Whole hours, halves up (R-A2: 15 × 1.5 = 22.5 → 23)."""
    return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class RuleNumbers:
    """The numbers of a rule set (R-S1) that the allocation uses, as plain values."""

    code: str
    version: int
    base_hours: Mapping[str, int]  # purpose code → full-month hours at coefficient 1
    child_hours: int
    weekly_cap: int = 40
    weekly_cap_vision: int = 30
    max_years: int = 5


@dataclass(frozen=True)
class PurposeRequest:
    purpose: str
    study_start: dt.date | None = None
    study_end: dt.date | None = None


@dataclass(frozen=True)
class AllocationInput:
    """What an allocation is computed from (R-A6 keeps it with the allocation)."""

    start: dt.date
    birth_date: dt.date
    is_child: bool
    coefficient: Decimal | None  # None for a child
    purposes: tuple[PurposeRequest, ...] = ()  # DAILY is added for every adult (R-A1)
    disability_group: str = ""
    vision_limitation: bool = False
    assistant_allowance: bool = False
    disability_valid_until: dt.date | None = None  # None: indefinite
    special_care_valid_until: dt.date | None = None  # None: until the 18th birthday


@dataclass(frozen=True)
class MonthLine:
    purpose: str
    full_hours: int  # H: the full-month hours of the purpose
    days: int  # g, or s for an education purpose
    hours: int


@dataclass(frozen=True)
class Month:
    month: dt.date  # day 1
    days_in_month: int  # D
    grant_days: int  # g
    cap: int  # floor(W × g ÷ 7)
    lines: tuple[MonthLine, ...]

    @property
    def purposes_total(self) -> int:
        return sum(line.hours for line in self.lines)

    @property
    def total(self) -> int:
        return min(self.purposes_total, self.cap)

    @property
    def capped(self) -> bool:
        return self.purposes_total > self.cap


class EndReason(enum.StrEnum):
    DISABILITY = "disability"
    MAX_YEARS = "max_years"
    AGE_18 = "age_18"
    SPECIAL_CARE = "special_care"


@dataclass(frozen=True)
class Allocation:
    start: dt.date
    end: dt.date
    end_reason: EndReason
    weekly_cap: int
    coefficient: Decimal | None
    full_hours: Mapping[str, int]
    months: tuple[Month, ...]

    @property
    def total_hours(self) -> int:
        return sum(month.total for month in self.months)


class AllocationError(ValueError):
    def __init__(self, field: str, message) -> None:
        super().__init__(str(message))
        self.field = field
        self.message = message


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def weekly_cap(numbers: RuleNumbers, *, group: str, vision: bool, allowance: bool) -> int:
    """W = 40 h; 30 h for group I because of vision impairment with the assistant-use allowance (R-A4)."""
    if group == DisabilityGroup.I and vision and allowance:
        return numbers.weekly_cap_vision
    return numbers.weekly_cap


def full_month_hours(numbers: RuleNumbers, purpose: str, coefficient: Decimal | None) -> int:
    """H = base hours × coefficient, rounded half up (R-A2); a child's fixed hours (R-A5)."""
    if purpose == CHILD:
        return numbers.child_hours
    if coefficient is None:
        raise AllocationError(
            "coefficient", _("An adult's allocation needs the coefficient from the assessment.")
        )
    return round_half_up(Decimal(numbers.base_hours[purpose]) * coefficient)


def grant_end(inputs: AllocationInput, max_years: int) -> tuple[dt.date, EndReason]:
    """The earliest of: disability validity end; start + max years − 1 day; for a child the day before the
    18th birthday or the end of the special-care opinion (R-A7). Ties name the first in that order."""
    candidates: list[tuple[dt.date, EndReason]] = []
    if inputs.disability_valid_until is not None:
        candidates.append((inputs.disability_valid_until, EndReason.DISABILITY))
    candidates.append((add_years(inputs.start, max_years) - dt.timedelta(days=1), EndReason.MAX_YEARS))
    if inputs.is_child:
        candidates.append((add_years(inputs.birth_date, 18) - dt.timedelta(days=1), EndReason.AGE_18))
        if inputs.special_care_valid_until is not None:
            candidates.append((inputs.special_care_valid_until, EndReason.SPECIAL_CARE))
    return min(candidates, key=lambda candidate: candidate[0])


def _overlap_days(a_start: dt.date, a_end: dt.date, b_start: dt.date, b_end: dt.date) -> int:
    start, end = max(a_start, b_start), min(a_end, b_end)
    return max(0, (end - start).days + 1)


def _months(start: dt.date, end: dt.date):
    month = start.replace(day=1)
    while month <= end:
        days = calendar.monthrange(month.year, month.month)[1]
        yield month, month.replace(day=days), days
        month = (month + dt.timedelta(days=days)).replace(day=1)


def allocate(inputs: AllocationInput, numbers: RuleNumbers, *, end: dt.date | None = None) -> Allocation:
    """The month-by-month schedule over the grant period (R-A2–R-A7).

    For month m with D days, g days inside the grant and s days inside both grant and study period:
    a purpose gets round_half_up(H × g ÷ D), an education purpose round_half_up(H × s ÷ D);
    cap = floor(W × g ÷ 7); the month total is min(sum, cap). `end` may shorten the period (a superseding
    allocation ends the old one)."""
    natural_end, reason = grant_end(inputs, numbers.max_years)
    if end is not None and end < natural_end:
        natural_end = end
    if natural_end < inputs.start:
        raise AllocationError(
            "start", _("The grant would end before it starts: check the start date and the validity.")
        )
    purposes: list[PurposeRequest]
    if inputs.is_child:
        purposes = [PurposeRequest(CHILD)]
    else:
        purposes = [p for p in inputs.purposes if p.purpose != Purpose.DAILY] + [
            PurposeRequest(Purpose.DAILY.value)
        ]
        for request in purposes:
            if request.purpose in EDUCATION_PURPOSES and (
                request.study_start is None or request.study_end is None
            ):
                raise AllocationError(
                    "study_start", _("An education purpose needs the study period the institution confirms.")
                )
    cap_w = weekly_cap(
        numbers,
        group=inputs.disability_group,
        vision=inputs.vision_limitation,
        allowance=inputs.assistant_allowance,
    )
    full = {p.purpose: full_month_hours(numbers, p.purpose, inputs.coefficient) for p in purposes}
    months: list[Month] = []
    for first, last, days in _months(inputs.start, natural_end):
        g = _overlap_days(first, last, inputs.start, natural_end)
        lines = []
        for request in purposes:
            if request.purpose in EDUCATION_PURPOSES:
                grant_first, grant_last = max(first, inputs.start), min(last, natural_end)
                counted = _overlap_days(grant_first, grant_last, request.study_start, request.study_end)
            else:
                counted = g
            hours = round_half_up(Decimal(full[request.purpose]) * counted / days)
            lines.append(MonthLine(request.purpose, full[request.purpose], counted, hours))
        months.append(Month(first, days, g, (cap_w * g) // 7, tuple(lines)))
    return Allocation(inputs.start, natural_end, reason, cap_w, inputs.coefficient, full, tuple(months))


# ---------------------------------------------------------------------------------------------- R-S1

# The base hours of every purpose, by the rule set's field (R-S1); a rule set needs all of them.
RULE_SET_PURPOSE_HOURS: Mapping[str, str] = {
    Purpose.WORK: "hours_work",
    Purpose.EDUCATION: "hours_education",
    Purpose.HIGHER_EDUCATION: "hours_higher_education",
    Purpose.VOLUNTEERING: "hours_volunteering",
    Purpose.DAY_CENTRE: "hours_day_centre",
    Purpose.MEDICAL: "hours_medical",
    Purpose.DAILY: "hours_daily",
}
RULE_SET_MAX_POINTS = 36  # twelve answers of 0–3 (R-Q2)
RULE_SET_MAX_MONTH_HOURS = 744  # 31 days × 24 hours
RULE_SET_MAX_WEEK_HOURS = 168  # 7 days × 24 hours
RULE_SET_COEFFICIENT_MAX = Decimal("99.99")  # four digits, two of them decimals
RULE_SET_WHOLE_NUMBERS = (
    "threshold_need", "threshold_high", *RULE_SET_PURPOSE_HOURS.values(), "child_hours", "weekly_cap",
    "weekly_cap_vision", "max_years", "timesheet_deadline_day",
)  # fmt: skip


def _comma(value: Decimal) -> str:
    """1.50 → "1,5" for a message in the user's language (decimal comma on screen)."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def _whole(values: Mapping[str, object], field: str, problems: list) -> int | None:
    value = values.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append((field, _("Enter a whole number.")))
        return None
    return value


def _in_range(value: int | None, low: int, high: int) -> bool:
    return value is not None and low <= value <= high


def check_rule_set_numbers(values: Mapping[str, object], *, today: dt.date) -> list[tuple[str, Promise]]:
    """Every problem of a rule set's numbers (R-S1) as (field, message), in the order of the form.

    `values` maps the rule set's field names to ints, Decimals and a date (valid_from; None = a draft for
    simulation only); a missing (None) required number is a problem of its field.
    Thresholds 1 ≤ need < high ≤ 36; coefficients > 0 with two decimals, high ≥ base; hours of every
    purpose and the child's 0–744 a month; weekly caps 1–168 with the vision cap ≤ the general one;
    1–10 grant years; the oldest age 18–120 or none; deadline day 1–28; valid-from later than today."""
    problems: list[tuple[str, Promise]] = []

    def required(field: str, message) -> None:
        if values.get(field) is None:
            problems.append((field, message))

    ints = {field: _whole(values, field, problems) for field in RULE_SET_WHOLE_NUMBERS}

    need, high = ints["threshold_need"], ints["threshold_high"]
    required("threshold_need", _("Enter the points needed for the service."))
    required("threshold_high", _("Enter the points for very large support."))
    if need is not None and not _in_range(need, 1, RULE_SET_MAX_POINTS - 1):
        problems.append(
            ("threshold_need", _("The points needed for the service are from 1 to 35 (the maximum is 36)."))
        )
    if high is not None and not _in_range(high, 2, RULE_SET_MAX_POINTS):
        message = _("The points for very large support are at most 36, the questionnaire's total.")
        problems.append(("threshold_high", message))
    elif need is not None and high is not None and high <= need:
        problems.append(
            (
                "threshold_high",
                _("The points for very large support must be more than the points needed (%(need)d).")
                % {"need": need},
            )
        )

    coefficients: dict[str, Decimal | None] = {}
    for field in ("coefficient_base", "coefficient_high"):
        value = values.get(field)
        if isinstance(value, int) and not isinstance(value, bool):
            value = Decimal(value)
        if value is None:
            required(field, _("Enter the coefficient, e.g. 1 or 1,5."))
        elif not isinstance(value, Decimal) or not value.is_finite():
            problems.append((field, _("Enter a number.")))
            value = None
        elif value <= 0:
            problems.append((field, _("A coefficient must be more than 0.")))
            value = None
        elif value != value.quantize(Decimal("0.01")):
            problems.append((field, _("A coefficient has at most two decimals, e.g. 1,25.")))
            value = None
        elif value > RULE_SET_COEFFICIENT_MAX:
            problems.append((field, _("A coefficient is at most 99,99.")))
            value = None
        coefficients[field] = value
    base, high_coefficient = coefficients["coefficient_base"], coefficients["coefficient_high"]
    if base is not None and high_coefficient is not None and high_coefficient < base:
        problems.append(
            (
                "coefficient_high",
                _("The high coefficient cannot be less than the base coefficient (%(base)s).")
                % {"base": _comma(base)},
            )
        )

    for field in (*RULE_SET_PURPOSE_HOURS.values(), "child_hours"):
        hours = ints[field]
        required(field, _("Enter the hours a month; every purpose needs them (0 if none)."))
        if hours is not None and hours < 0:
            problems.append((field, _("Hours cannot be negative.")))
        elif hours is not None and hours > RULE_SET_MAX_MONTH_HOURS:
            problems.append((field, _("At most 744 hours a month (31 days × 24 hours).")))

    cap, vision = ints["weekly_cap"], ints["weekly_cap_vision"]
    for field in ("weekly_cap", "weekly_cap_vision"):
        required(field, _("Enter the weekly cap in hours."))
        if ints[field] is not None and not _in_range(ints[field], 1, RULE_SET_MAX_WEEK_HOURS):
            problems.append((field, _("A weekly cap is from 1 to 168 hours (7 days × 24 hours).")))
    caps_valid = _in_range(cap, 1, RULE_SET_MAX_WEEK_HOURS) and _in_range(vision, 1, RULE_SET_MAX_WEEK_HOURS)
    if caps_valid and vision > cap:
        message = _(
            "The cap with the assistant-use allowance cannot be more than the weekly cap (%(cap)d h)."
        )
        problems.append(("weekly_cap_vision", message % {"cap": cap}))

    required("max_years", _("Enter the maximum grant years."))
    if ints["max_years"] is not None and not _in_range(ints["max_years"], 1, 10):
        problems.append(("max_years", _("The maximum grant is from 1 to 10 years.")))

    age = _whole(values, "adult_max_age", problems)
    if age is not None and not _in_range(age, 18, 120):
        problems.append(
            ("adult_max_age", _("The oldest age is from 18 to 120 years; leave it empty for no upper age."))
        )

    required("timesheet_deadline_day", _("Enter the day of the timesheet deadline."))
    day = ints["timesheet_deadline_day"]
    if day is not None and not _in_range(day, 1, 28):
        problems.append(
            ("timesheet_deadline_day", _("The deadline is a day from 1 to 28, so that every month has it."))
        )

    valid_from = values.get("valid_from")
    if valid_from is not None and valid_from <= today:
        problems.append(
            (
                "valid_from",
                _(
                    "A rule set comes into force only after today (from %(day)s at the earliest), so that "
                    "decisions already taken stay as they are; leave it empty for a draft to simulate."
                )
                % {"day": (today + dt.timedelta(days=1)).strftime("%d.%m.%Y")},
            )
        )
    order = {field: index for index, field in enumerate(RULE_SET_FIELD_ORDER)}
    return sorted(problems, key=lambda problem: order.get(problem[0], len(order)))


RULE_SET_FIELD_ORDER = (
    "code", "name", "legal_basis", "valid_from", "threshold_need", "threshold_high", "coefficient_base",
    "coefficient_high", *RULE_SET_PURPOSE_HOURS.values(), "child_hours", "weekly_cap", "weekly_cap_vision",
    "max_years", "adult_max_age", "purpose_bound", "timesheet_deadline_day",
)  # fmt: skip
