"""Reading the caseload import file (SPEC §5.1, R-I1): the header and one row at a time.

Plain functions: `read_rows` checks the header and yields (row number, {column: text}); `parse_row` turns one
row into a `CaseloadRow` or lists every problem as (field, problem). The writes are
`services.caseload_import_row`; the command `import_caseload` ties them together. Messages are for the
administrator who runs the import, in English; messages taken from the rules are in the active language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.utils import timezone

from assistance import rules
from assistance.models import Municipality
from core import csv_import

COLUMNS = (
    "personal_code", "first_name", "last_name", "birth_date", "municipality", "received_date",
    "disability_group", "limitations", "disability_valid_until", "assistant_allowance",
    "special_care_valid_until", "purposes", "study_start", "study_end", "answers", "decision_start",
)  # fmt: skip

DISABILITY_GROUPS = ("I", "II", "III")  # III is accepted so that a refused adult can be migrated (R-E1)
LIMITATIONS = tuple(limitation.value for limitation in rules.Limitation)
PURPOSES = tuple(purpose.value for purpose in rules.Purpose)
ANSWERS_SHAPE = re.compile(r"[0-3]{12}")
NAME_LENGTH = 100

Problems = csv_import.Problems


CaseloadFileError = csv_import.ImportFileError
decode = csv_import.decode


def read_rows(text: str) -> Iterator[tuple[int, dict[str, str] | Problems]]:
    """Check the header (§5.1) and yield (row number, values) per non-empty row."""
    return csv_import.read_rows(text, COLUMNS)


@dataclass(frozen=True)
class CaseloadRow:
    """One valid row of the import, with its values converted."""

    personal_code: str  # 11 digits, no hyphen
    first_name: str
    last_name: str
    birth_date: dt.date
    municipality: Municipality
    received_date: dt.date
    disability_group: str  # "" when the row has no disability decision (a child)
    limitations: frozenset[str]
    disability_valid_until: dt.date | None  # None: indefinite
    assistant_allowance: bool
    special_care_valid_until: dt.date | None  # None: no special-care opinion
    purposes: tuple[str, ...]  # requested purposes without DAILY, which every adult gets (R-A1)
    study_start: dt.date | None
    study_end: dt.date | None
    answers: tuple[int, ...] | None  # Q01–Q12; None for a child or an adult the gate refuses
    decision_start: dt.date

    @property
    def is_child(self) -> bool:
        return rules.age_on(self.birth_date, self.received_date) < rules.ADULT_AGE

    @property
    def answers_by_code(self) -> dict[str, int]:
        return {f"Q{index:02d}": value for index, value in enumerate(self.answers or (), start=1)}


def _date(
    values: dict[str, str], field: str, problems: Problems, *, required: bool = False
) -> dt.date | None:
    return csv_import.date_cell(values, field, problems, required=required)


def _split(text: str) -> list[str]:
    return [item.strip() for item in text.split("|") if item.strip()]


def parse_row(
    values: dict[str, str],
    *,
    municipality_lookup: Callable[[str], Municipality | None] | None = None,
    today: dt.date | None = None,
) -> CaseloadRow | Problems:
    """Validate one row of §5.1; return the row or every problem found as (field, problem)."""
    if municipality_lookup is None:
        from assistance.selectors import municipality_by_name

        municipality_lookup = municipality_by_name
    today = today or timezone.localdate()
    problems: Problems = []
    get = {name: (values.get(name) or "").strip() for name in COLUMNS}

    code = None
    try:
        code = rules.parse_personal_code(get["personal_code"], today=today)
    except rules.PersonalCodeError as exc:
        problems.append(("personal_code", str(exc.message)))

    for field in ("first_name", "last_name"):
        if not get[field]:
            problems.append((field, "required"))
        elif len(get[field]) > NAME_LENGTH:
            problems.append((field, f"longer than {NAME_LENGTH} characters"))

    birth_date = _date(get, "birth_date", problems)
    if code is not None:
        if code.birth_date is not None:
            if birth_date is not None and birth_date != code.birth_date:
                problems.append(
                    ("birth_date", f"does not match the personal code ({code.birth_date.isoformat()})")
                )
            birth_date = code.birth_date
        elif birth_date is None and not get["birth_date"]:
            problems.append(("birth_date", "required: a personal code issued from 2017 carries no date"))
    if birth_date is not None and birth_date > today:
        problems.append(("birth_date", "is in the future"))

    municipality = None
    if not get["municipality"]:
        problems.append(("municipality", "required"))
    else:
        municipality = municipality_lookup(get["municipality"])
        if municipality is None:
            problems.append(
                (
                    "municipality",
                    f"unknown municipality {get['municipality']!r}; use the name from the list of "
                    "municipalities, e.g. 'Rīga' or 'Cēsu novads'",
                )
            )

    received = _date(get, "received_date", problems, required=True)
    if received is not None and received > today:
        problems.append(("received_date", "is in the future"))
    if municipality is not None and received is not None and not municipality.is_valid_on(received):
        problems.append(
            ("municipality", f"{municipality.name} did not exist on the received date {received.isoformat()}")
        )
    is_child = None
    if birth_date is not None and received is not None:
        if received < birth_date:
            problems.append(("received_date", "is before the birth date"))
        else:
            is_child = rules.age_on(birth_date, received) < rules.ADULT_AGE

    group = get["disability_group"].upper()
    if group and group not in DISABILITY_GROUPS:
        problems.append(
            ("disability_group", f"{get['disability_group']!r}: use I or II, or leave it empty (a child)")
        )
    limitations = [item.lower() for item in _split(get["limitations"])]
    unknown = [item for item in limitations if item not in LIMITATIONS]
    if unknown:
        problems.append(
            ("limitations", f"unknown {', '.join(map(repr, unknown))}; use {'|'.join(LIMITATIONS)}")
        )
    elif limitations and not group:
        problems.append(("limitations", "given without a disability group"))
    disability_valid_until = _date(get, "disability_valid_until", problems)
    if disability_valid_until is not None and not group:
        problems.append(("disability_valid_until", "given without a disability group"))
    allowance_text = get["assistant_allowance"].lower()
    if allowance_text not in ("", "yes", "no"):
        problems.append(("assistant_allowance", f"{get['assistant_allowance']!r}: use yes or no"))

    special_care = _date(get, "special_care_valid_until", problems)
    if special_care is not None and is_child is False:
        problems.append(
            ("special_care_valid_until", "only a child (under 18 on the received date) has this opinion")
        )

    purposes: list[str] = []
    for item in _split(get["purposes"]):
        purpose = item.upper()
        if purpose not in PURPOSES:
            problems.append(("purposes", f"unknown purpose {item!r}; use {'|'.join(PURPOSES)}"))
        elif purpose != rules.Purpose.DAILY and purpose not in purposes:
            purposes.append(purpose)
    if purposes and is_child:
        problems.append(("purposes", "a child gets the fixed child hours (R-A5); leave purposes empty"))

    study_start = _date(get, "study_start", problems)
    study_end = _date(get, "study_end", problems)
    education = [purpose for purpose in purposes if purpose in rules.EDUCATION_PURPOSES]
    if education:
        if study_start is None and not get["study_start"]:
            problems.append(
                ("study_start", f"required for {education[0]} (the confirmed study period, R-A3)")
            )
        if study_end is None and not get["study_end"]:
            problems.append(("study_end", f"required for {education[0]} (the confirmed study period, R-A3)"))
        if study_start is not None and study_end is not None and study_end < study_start:
            problems.append(("study_end", "the study period ends before it starts"))
    elif get["study_start"] or get["study_end"]:
        field = "study_start" if get["study_start"] else "study_end"
        problems.append((field, "a study period belongs only to EDUCATION or HIGHER_EDUCATION"))

    answers = None
    if get["answers"]:
        if not ANSWERS_SHAPE.fullmatch(get["answers"]):
            problems.append(("answers", "twelve digits 0–3 in item order (Q01–Q12), e.g. 112233001122"))
        elif is_child:
            problems.append(("answers", "a child has no questionnaire (R-E2); leave answers empty"))
        else:
            answers = tuple(int(digit) for digit in get["answers"])

    decision_start = _date(get, "decision_start", problems, required=True)
    if decision_start is not None and received is not None and decision_start < received:
        problems.append(("decision_start", "is before the received date; a grant starts with the decision"))

    if problems:
        return problems
    return CaseloadRow(
        personal_code=code.digits,
        first_name=get["first_name"],
        last_name=get["last_name"],
        birth_date=birth_date,
        municipality=municipality,
        received_date=received,
        disability_group=group,
        limitations=frozenset(limitations),
        disability_valid_until=disability_valid_until,
        assistant_allowance=allowance_text == "yes",
        special_care_valid_until=special_care,
        purposes=tuple(purposes),
        study_start=study_start,
        study_end=study_end,
        answers=answers,
        decision_start=decision_start,
    )
