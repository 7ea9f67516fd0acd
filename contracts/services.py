"""Writes of the contracts app (R-C1–R-C3). Keyword-only, typed, one transaction each."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assistance import rules as assistance_rules
from assistance.models import Allocation
from contracts.models import Assistant, Contract, Provider, TaxStatus
from core.models import User


class ContractError(ValueError):
    """Input a service refuses; `errors` maps a field name ("" for the whole form) to messages."""

    def __init__(self, errors: dict[str, list]) -> None:
        super().__init__("; ".join(f"{field}: {', '.join(map(str, msgs))}" for field, msgs in errors.items()))
        self.errors = errors


# ------------------------------------------------------------------------------------------- R-C1, R-C2


def _months(start: dt.date, end: dt.date) -> Iterator[tuple[dt.date, dt.date]]:
    """(first day, last day) of every calendar month from `start`'s to `end`'s."""
    month = start.replace(day=1)
    while month <= end:
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        yield month, last
        month = last + dt.timedelta(days=1)


def contract_hours_problems(
    *,
    start: dt.date,
    end: dt.date,
    monthly_hours: int,
    grant_start: dt.date,
    grant_end: dt.date,
    month_entitlements: Mapping[dt.date, int],
    running: Sequence[tuple[dt.date, dt.date, int]],
) -> list[tuple[str, str]]:
    """The problems of a contract's period and hours as (field, message); empty when it may be signed.

    R-C1: the contract runs within the grant period (`grant_start`–`grant_end`) and has a positive number of
    hours a month.

    R-C2, as read here: the limit is ONE number per contract, the largest month total of the grant
    (`month_entitlements`: first day of the month → the month's entitlement, R-A6) among the calendar
    months the contract touches. Short months, a grant starting or ending mid-month and study breaks lower
    a month's entitlement, not the contracts: what is actually used in such a month is held to that month's
    entitlement by the timesheet checks (R-T2). Then, for every calendar month the contract touches, the
    monthly hours of this contract plus those of the other contracts of the same person that run during
    any day of that month (`running`: (start, end, monthly hours) each, this contract not included) must
    not exceed the limit. A contract's monthly hours are not prorated: an assistant whose contract ends on
    the 15th may still work the full monthly hours in that month, so two contracts touching the same month
    count together even when their days do not overlap. Contracts in consecutive months never meet.

    A month of the grant missing from `month_entitlements` counts as 0 hours. The hours are compared only
    once the period is valid; the first month over the limit is reported.
    """
    problems: list[tuple[str, str]] = []
    if end < start:
        return [("end", gettext("The contract ends before it starts."))]
    if start < grant_start:
        problems.append(
            (
                "start",
                gettext("The contract starts before the grant (from %(date)s).")
                % {"date": f"{grant_start:%d.%m.%Y}"},
            )
        )
    if end > grant_end:
        problems.append(
            (
                "end",
                gettext("The contract ends after the grant (until %(date)s).")
                % {"date": f"{grant_end:%d.%m.%Y}"},
            )
        )
    if monthly_hours <= 0:
        problems.append(("monthly_hours", gettext("Enter a positive number of hours a month.")))
    if problems:
        return problems

    months = list(_months(start, end))
    limit = max(month_entitlements.get(first, 0) for first, _last in months)
    for first, last in months:
        others = sum(
            hours for other_start, other_end, hours in running if other_start <= last and other_end >= first
        )
        if others + monthly_hours <= limit:
            continue
        if others == 0:
            message = gettext(
                "%(hours)d hours a month exceed the grant's largest monthly entitlement in the contract's "
                "period, %(limit)d hours (R-C2)."
            ) % {"hours": monthly_hours, "limit": limit}
        else:
            message = gettext(
                "In %(month)s the other contracts running at the same time already have %(others)d hours "
                "a month; together with this one %(total)d, more than the grant's largest monthly "
                "entitlement in the contract's period, %(limit)d hours. At most %(available)d hours a month "
                "remain (R-C2)."
            ) % {
                "month": f"{first:%m.%Y}",
                "others": others,
                "total": others + monthly_hours,
                "limit": limit,
                "available": max(limit - others, 0),
            }
        problems.append(("monthly_hours", message))
        break
    return problems


# ------------------------------------------------------------------------------------------- assistants


NAME_LENGTH = 100


@transaction.atomic
def assistant_create_or_update(
    *,
    personal_code: str,
    first_name: str,
    last_name: str,
    tax_status: str,
    by: User,
    provider: Provider | None = None,
    phone: str = "",
    email: str = "",
) -> Assistant:
    """Register an assistant (R-C1), or bring the one with this personal code up to date.

    The personal code is validated (R-P1) and stored without the hyphen. The given values replace the
    stored ones; nothing is saved (and no history row written) when they are the same. The assistant has
    no login until invited."""
    errors: dict[str, list] = {}
    if not by.is_superuser and not by.has_perms(["contracts.add_assistant", "contracts.change_assistant"]):
        raise ContractError({"": [_("You may not register assistants.")]})
    code = None
    try:
        code = assistance_rules.parse_personal_code(personal_code, today=timezone.localdate())
    except assistance_rules.PersonalCodeError as exc:
        errors["personal_code"] = [exc.message]
    values = {
        "first_name": (first_name or "").strip(),
        "last_name": (last_name or "").strip(),
        "tax_status": tax_status,
        "provider": provider,
        "phone": (phone or "").strip(),
        "email": (email or "").strip(),
    }
    for field in ("first_name", "last_name"):
        if not values[field]:
            errors.setdefault(field, []).append(_("This field is required."))
    if tax_status not in TaxStatus.values:
        errors.setdefault("tax_status", []).append(
            _("Choose the tax status: employee-like or self-employed.")
        )
    if errors:
        raise ContractError(errors)

    assistant = Assistant.objects.select_for_update().filter(personal_code=code.digits).first()
    created = assistant is None
    if created:
        assistant = Assistant(personal_code=code.digits)
    elif all(getattr(assistant, field) == value for field, value in values.items()):
        return assistant
    for field, value in values.items():
        setattr(assistant, field, value)
    try:
        assistant.full_clean(exclude=["user", "personal_code", "provider"])
    except ValidationError as exc:
        raise ContractError(exc.message_dict) from None
    assistant.save_with_reason(
        by=by, reason=_("Assistant registered") if created else _("Assistant's details changed")
    )
    return assistant


# ------------------------------------------------------------------------------------------- contracts


def _check_can_draft(allocation: Allocation, by: User) -> None:
    """A caseworker of the grant's municipality drafts its contracts; a superuser any (SPEC §1)."""
    if by.is_superuser:
        return
    profile = getattr(by, "staff_profile", None)
    if (
        not by.is_active
        or not by.has_perm("contracts.add_contract")
        or profile is None
        or profile.municipality_id != allocation.municipality_id
    ):
        raise ContractError(
            {"": [_("Only a caseworker of the grant's municipality can draft its contracts.")]}
        )


def month_entitlements(allocation: Allocation) -> dict[dt.date, int]:
    """First day of the month → the grant's month total (R-A6), as stored with the allocation."""
    return dict(allocation.months.values_list("month", "total"))


def running_contracts(allocation: Allocation, *, start: dt.date, end: dt.date) -> list[Contract]:
    """The person's contracts (any of their grants) that run during a calendar month from `start` to `end`."""
    first = start.replace(day=1)
    last = end.replace(day=calendar.monthrange(end.year, end.month)[1])
    contracts = Contract.objects.filter(
        allocation__personal_code=allocation.personal_code, start__lte=last, end__gte=first
    )
    return list(contracts.order_by("start", "pk"))


def contract_problems(
    *,
    allocation: Allocation,
    assistant: Assistant,
    number: str,
    start: dt.date,
    end: dt.date,
    monthly_hours: int,
    tax_status: str,
) -> dict[str, list]:
    """Every problem of a new contract (R-C1, R-C2) by field; the allocation is locked by the caller."""
    errors: dict[str, list] = {}

    def add(field: str, message) -> None:
        errors.setdefault(field, []).append(message)

    if allocation.status != Allocation.Status.APPROVED:
        add(
            "allocation",
            _("The grant is not approved; a contract can be drafted only for an approved grant."),
        )
    if not number:
        add("number", _("Enter the contract number."))
    elif len(number) > Contract._meta.get_field("number").max_length:
        add("number", _("The contract number is too long."))
    elif Contract.objects.filter(number=number).exists():
        add("number", _("A contract with this number already exists."))
    if tax_status not in TaxStatus.values:
        add("tax_status", _("Choose the tax status: employee-like or self-employed."))
    if assistant.personal_code == allocation.personal_code:
        add("assistant", _("The recipient cannot be their own assistant."))
    if errors.get("allocation"):
        return errors
    running = running_contracts(allocation, start=min(start, end), end=max(start, end))
    same_assistant = [
        contract
        for contract in running
        if contract.assistant_id == assistant.pk and contract.start <= end and contract.end >= start
    ]
    if same_assistant:
        add(
            "assistant",
            _("This assistant already has a contract with this person for part of the period (%(number)s).")
            % {"number": same_assistant[0].number},
        )
    for field, message in contract_hours_problems(
        start=start,
        end=end,
        monthly_hours=monthly_hours,
        grant_start=allocation.start,
        grant_end=allocation.end,
        month_entitlements=month_entitlements(allocation),
        running=[(contract.start, contract.end, contract.monthly_hours) for contract in running],
    ):
        add(field, message)
    return errors


def _lock_grants(allocation: Allocation) -> Allocation:
    """Lock this grant and the person's other approved grants, in one query and in the order of their ids
    (no deadlock), so that two contracts drafted at once for the same person are checked against R-C2 one
    after the other; return this grant as it is now."""
    list(
        Allocation.objects.select_for_update()
        .filter(
            Q(pk=allocation.pk) | Q(personal_code=allocation.personal_code, status=Allocation.Status.APPROVED)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return Allocation.objects.select_related("municipality", "rule_set", "application__person").get(
        pk=allocation.pk
    )


def contract_document_name(number: str) -> str:
    return get_valid_filename(f"{number.replace('/', '-')}.pdf")


@transaction.atomic
def contract_create(
    *,
    allocation: Allocation,
    assistant: Assistant,
    number: str,
    start: dt.date,
    end: dt.date,
    monthly_hours: int,
    tax_status: str | None = None,
    by: User,
) -> Contract:
    """Draft a tri-party contract for an approved grant (R-C1–R-C3) and issue its PDF with its checksum.

    Only a caseworker of the grant's municipality (a superuser: any) drafts it. The person's approved grants
    are locked, so two contracts drafted at once cannot both pass R-C2. The tax status defaults to the
    assistant's. Problems raise ContractError keyed by the argument names."""
    allocation = _lock_grants(allocation)
    _check_can_draft(allocation, by)
    number = (number or "").strip()
    tax_status = tax_status or assistant.tax_status
    errors = contract_problems(
        allocation=allocation,
        assistant=assistant,
        number=number,
        start=start,
        end=end,
        monthly_hours=monthly_hours,
        tax_status=tax_status,
    )
    if errors:
        raise ContractError(errors)
    contract = Contract(
        number=number,
        municipality=allocation.municipality,
        allocation=allocation,
        assistant=assistant,
        start=start,
        end=end,
        monthly_hours=monthly_hours,
        tax_status=tax_status,
        created_by=by,
    )
    from contracts.contract_pdf import contract_pdf
    from core.pdf import sha256_hex

    data = contract_pdf(contract)
    contract.sha256 = sha256_hex(data)
    contract.document.save(contract_document_name(number), ContentFile(data), save=False)
    try:
        with transaction.atomic():
            contract.save_with_reason(by=by, reason=_("Contract drafted"))
    except IntegrityError:
        contract.document.delete(save=False)
        if Contract.objects.filter(number=number).exists():  # drafted at the same moment by someone else
            raise ContractError({"number": [_("A contract with this number already exists.")]}) from None
        raise
    except BaseException:
        contract.document.delete(save=False)
        raise
    return contract


# ------------------------------------------------------------------------------------------- import


@dataclass(frozen=True)
class ContractImportOutcome:
    """What one row of the contracts import did: `created` False when the contract was already there."""

    created: bool
    contract: Contract


# Service argument → column of the import file (SPEC §5.3).
IMPORT_COLUMNS = {
    "number": "contract",
    "allocation": "personal_code",
    "assistant": "assistant_code",
    "personal_code": "assistant_code",
    "first_name": "assistant_name",
    "last_name": "assistant_name",
    "tax_status": "tax_status",
    "start": "start",
    "end": "end",
    "monthly_hours": "monthly_hours",
}


def _import_errors(errors: dict[str, list]) -> dict[str, list[str]]:
    mapped: dict[str, list[str]] = {}
    for field, messages in errors.items():
        mapped.setdefault(IMPORT_COLUMNS.get(field, ""), []).extend(str(message) for message in messages)
    return mapped


def _grant_for(row, *, by: User) -> Allocation:
    """The recipient's approved grant in a municipality `by` acts in, preferring one covering the period."""
    from assistance.selectors import scope_to_user

    grants = scope_to_user(
        Allocation.objects.filter(personal_code=row.personal_code, status=Allocation.Status.APPROVED), user=by
    ).order_by("-start", "-pk")
    covering = grants.filter(start__lte=row.start, end__gte=row.end).first()
    if covering is not None:
        return covering
    overlapping = grants.filter(start__lte=row.end, end__gte=row.start).first() or grants.first()
    if overlapping is None:
        raise ContractError(
            {"personal_code": [f"no approved grant of this person in a municipality {by.username} acts in"]}
        )
    return overlapping  # contract_create reports the period outside the grant (R-C1)


def _same_contract(contract: Contract, row, allocation: Allocation) -> bool:
    return (
        contract.allocation_id == allocation.pk
        and contract.assistant.personal_code == row.assistant_code
        and (contract.assistant.first_name, contract.assistant.last_name)
        == (row.assistant_first_name, row.assistant_last_name)
        and contract.tax_status == row.tax_status
        and (contract.start, contract.end, contract.monthly_hours) == (row.start, row.end, row.monthly_hours)
    )


def contract_import_row(*, row, by: User) -> ContractImportOutcome:
    """One row of the contracts import (SPEC §5.3) in one transaction, through the same services as the
    web forms: the recipient's approved grant in a municipality `by` acts in, the assistant (registered when
    new; an existing one must carry the same name) and the contract with its PDF.

    A contract with the row's number and the same data means the row was imported before: nothing changes.
    Problems raise ContractError keyed by the file's columns ("" for the whole row); nothing of the row is
    kept then."""
    with transaction.atomic():
        allocation = _grant_for(row, by=by)
        existing = Contract.objects.select_related("assistant").filter(number=row.number).first()
        if existing is not None:
            if _same_contract(existing, row, allocation):
                return ContractImportOutcome(created=False, contract=existing)
            raise ContractError({"contract": ["already exists with other data"]})
        assistant = Assistant.objects.filter(personal_code=row.assistant_code).first()
        if assistant is None:
            try:
                assistant = assistant_create_or_update(
                    personal_code=row.assistant_code,
                    first_name=row.assistant_first_name,
                    last_name=row.assistant_last_name,
                    tax_status=row.tax_status,
                    by=by,
                )
            except ContractError as exc:
                raise ContractError(_import_errors(exc.errors)) from None
        elif (assistant.first_name, assistant.last_name) != (
            row.assistant_first_name,
            row.assistant_last_name,
        ):
            raise ContractError(
                {"assistant_name": [f"the assistant with this personal code is registered as {assistant}"]}
            )
        try:
            contract = contract_create(
                allocation=allocation,
                assistant=assistant,
                number=row.number,
                start=row.start,
                end=row.end,
                monthly_hours=row.monthly_hours,
                tax_status=row.tax_status,
                by=by,
            )
        except ContractError as exc:
            raise ContractError(_import_errors(exc.errors)) from None
    return ContractImportOutcome(created=True, contract=contract)
