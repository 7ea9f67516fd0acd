"""The contract document (līgums, R-C1–R-C3): Latvian, A4, rendered from `contracts/pdf/contract.html`.

A tri-party contract: the municipality's social service, the recipient (or the legal representative acting
for them) and the assistant (or the provider naming its assistant). The document is always Latvian,
whatever the language of the user who drafts it.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from assistance.decision_pdf import format_personal_code, full_name, genitive, plural
from contracts.models import Contract, TaxStatus
from core.pdf import render_pdf

TEMPLATE = "contracts/pdf/contract.html"

TAX_STATUS_TEXT = {
    TaxStatus.EMPLOYEE: (
        "darba ņēmējam pielīdzināma persona: sociālais dienests veic darba devēja valsts sociālās "
        "apdrošināšanas obligātās iemaksas"
    ),
    TaxStatus.SELF_EMPLOYED: (
        "pašnodarbināta persona: darba devēja valsts sociālās apdrošināšanas obligātās iemaksas netiek "
        "veiktas, nodokļus un iemaksas asistents maksā pats"
    ),
}

LIABILITY_CLAUSE = (
    "Par nepatiesas informācijas sniegšanu asistents un pakalpojuma saņēmējs atbild normatīvajos aktos "
    "noteiktajā kārtībā: nepamatoti izmaksātie līdzekļi jāatmaksā, un var tikt uzsākts kriminālprocess."
)


def contract_pdf(contract: Contract) -> bytes:
    """The PDF of `contract` (saved or not yet); the caller stores it with its SHA-256 checksum."""
    return render_pdf(TEMPLATE, contract_context(contract), language="lv")


def contract_context(contract: Contract) -> dict:
    allocation = contract.allocation
    person = allocation.application.person
    municipality = contract.municipality
    assistant = contract.assistant
    try:
        decision = allocation.decision
    except ObjectDoesNotExist:
        decision = None
    issued = contract.created_at or timezone.now()
    return {
        "contract": contract,
        "municipality": municipality,
        "municipality_genitive": genitive(municipality),
        "issued_on": timezone.localdate(issued),
        "person": person,
        "personal_code": format_personal_code(person.personal_code),
        "representative": person.representative_name.strip(),
        "representative_code": format_personal_code(person.representative_code)
        if person.representative_code
        else "",
        "representative_basis": person.representative_basis.strip(),
        "assistant": assistant,
        "assistant_code": format_personal_code(assistant.personal_code),
        "provider": assistant.provider,
        "allocation": allocation,
        "decision": decision,
        "hours_text": plural(contract.monthly_hours, "stunda", "stundas"),
        "tax_status_text": TAX_STATUS_TEXT.get(contract.tax_status, contract.tax_status),
        "deadline_day": allocation.rule_set.timesheet_deadline_day,
        "liability_clause": LIABILITY_CLAUSE,
        "prepared_by": full_name(contract.created_by),
    }
