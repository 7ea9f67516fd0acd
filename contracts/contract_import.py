"""Reading the contracts import file (SPEC §5.3): the header and one row at a time.

Plain functions, like `assistance.caseload`: `read_rows` checks the header and yields (row number,
{column: text}); `parse_row` turns one row into a `ContractRow` or lists every problem as (field, problem).
The writes are `services.contract_import_row`; the command `import_contracts` ties them together. Messages
are for the administrator who runs the import, in English; messages taken from the rules are in the active
language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone

from assistance import rules
from contracts.models import Contract, TaxStatus
from core import csv_import

COLUMNS = ("contract", "personal_code", "assistant_code", "assistant_name", "tax_status", "start", "end",
           "monthly_hours")  # fmt: skip

TAX_STATUSES = tuple(TaxStatus.values)
NAME_LENGTH = 100
NUMBER_LENGTH = Contract._meta.get_field("number").max_length
MAX_MONTHLY_HOURS = 744  # 31 days × 24 hours: anything above is a typo, not a contract

Problems = csv_import.Problems


ContractFileError = csv_import.ImportFileError
decode = csv_import.decode


def read_rows(text: str) -> Iterator[tuple[int, dict[str, str] | Problems]]:
    """Check the header (§5.3) and yield (row number, values) per non-empty row."""
    return csv_import.read_rows(text, COLUMNS)


@dataclass(frozen=True)
class ContractRow:
    """One valid row of the import, with its values converted."""

    number: str
    personal_code: str  # the recipient's, 11 digits, no hyphen
    assistant_code: str  # 11 digits, no hyphen
    assistant_first_name: str
    assistant_last_name: str
    tax_status: str
    start: dt.date
    end: dt.date
    monthly_hours: int


def _date(values: dict[str, str], field: str, problems: Problems) -> dt.date | None:
    return csv_import.date_cell(values, field, problems, required=True)


def _code(values: dict[str, str], field: str, problems: Problems, today: dt.date) -> str | None:
    try:
        return rules.parse_personal_code(values[field], today=today).digits
    except rules.PersonalCodeError as exc:
        problems.append((field, str(exc.message)))
        return None


def split_name(name: str) -> tuple[str, str]:
    """ "Anna Marija Bērziņa" → ("Anna Marija", "Bērziņa"): the last name is after the last space."""
    name = " ".join(name.split())
    first, _space, last = name.rpartition(" ")
    return first, last


def parse_row(values: dict[str, str], *, today: dt.date | None = None) -> ContractRow | Problems:
    """Validate one row of §5.3; return the row or every problem found as (field, problem)."""
    today = today or timezone.localdate()
    problems: Problems = []
    get = {name: (values.get(name) or "").strip() for name in COLUMNS}

    number = get["contract"]
    if not number:
        problems.append(("contract", "required, the contract number"))
    elif len(number) > NUMBER_LENGTH:
        problems.append(("contract", f"longer than {NUMBER_LENGTH} characters"))

    personal_code = _code(get, "personal_code", problems, today)
    assistant_code = _code(get, "assistant_code", problems, today)
    if personal_code is not None and personal_code == assistant_code:
        problems.append(("assistant_code", "is the recipient's own personal code"))

    first_name, last_name = split_name(get["assistant_name"])
    if not get["assistant_name"]:
        problems.append(("assistant_name", "required, the first and last name"))
    elif not first_name:
        problems.append(("assistant_name", "give the first and the last name separated by a space"))
    elif len(first_name) > NAME_LENGTH or len(last_name) > NAME_LENGTH:
        problems.append(("assistant_name", f"a first or last name longer than {NAME_LENGTH} characters"))

    tax_status = get["tax_status"].lower()
    if tax_status not in TAX_STATUSES:
        problems.append(("tax_status", f"{get['tax_status']!r}: use {' or '.join(TAX_STATUSES)}"))

    start = _date(get, "start", problems)
    end = _date(get, "end", problems)
    if start is not None and end is not None and end < start:
        problems.append(("end", "the contract ends before it starts"))

    monthly_hours = None
    text = get["monthly_hours"]
    if not text.isascii() or not text.isdigit():
        problems.append(("monthly_hours", f"{text!r}: a whole number of hours a month, e.g. 60"))
    elif not 0 < int(text) <= MAX_MONTHLY_HOURS:
        problems.append(("monthly_hours", f"{text}: between 1 and {MAX_MONTHLY_HOURS} hours a month"))
    else:
        monthly_hours = int(text)

    if problems:
        return problems
    return ContractRow(
        number=number,
        personal_code=personal_code,
        assistant_code=assistant_code,
        assistant_first_name=first_name,
        assistant_last_name=last_name,
        tax_status=tax_status,
        start=start,
        end=end,
        monthly_hours=monthly_hours,
    )
