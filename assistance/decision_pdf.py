"""The decision document (lēmums, R-D3): Latvian, A4, rendered from `assistance/pdf/decision.html`.

The document is always Latvian, whatever the language of the user who approves it; the texts stored on the
application and the allocation (refusal reason, explanation) are Latvian already.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from assistance.models import Allocation, AllocationMonth, Application, Decision, Municipality, RuleSet
from core.pdf import render_pdf

TEMPLATE = "assistance/pdf/decision.html"

# (code, name in the hours table, short name in the schedule's column header), in the order of the rules.
PURPOSES: tuple[tuple[str, str, str], ...] = (
    ("WORK", "Algots darbs, saimnieciskā darbība vai paralimpiskais sports", "Darbs"),
    ("EDUCATION", "Pamatizglītība, vidējā vai profesionālā izglītība", "Izglītība"),
    ("HIGHER_EDUCATION", "Augstākā izglītība", "Augstākā izglītība"),
    ("VOLUNTEERING", "Brīvprātīgais darbs uz līguma pamata", "Brīvprātīgais darbs"),
    ("DAY_CENTRE", "Dienas aprūpes centrs vai specializētā darbnīca", "Dienas centrs"),
    ("MEDICAL", "Regulāras ārsta nozīmētas procedūras", "Procedūras"),
    (
        "DAILY",
        "Ārsta apmeklējumi, sabiedriski pasākumi un citas ikdienas aktivitātes",
        "Ikdienas aktivitātes",
    ),
    ("CHILD", "Bērns (noteiktais stundu skaits)", "Bērns"),
)
PURPOSE_NAMES = {code: name for code, name, _short in PURPOSES}
PURPOSE_SHORT_NAMES = {code: short for code, _name, short in PURPOSES}
PURPOSE_ORDER = {code: index for index, (code, _name, _short) in enumerate(PURPOSES)}

ASSESSMENT_RESULTS = {
    "no_need": "asistenta pakalpojums nav nepieciešams",
    "base": "nepieciešams liels atbalsts",
    "high": "nepieciešams ļoti liels atbalsts",
}


@dataclass(frozen=True)
class Purpose:
    code: str
    name: str
    short_name: str
    full_hours: int


@dataclass(frozen=True)
class ScheduleRow:
    month: AllocationMonth
    hours: list[int | None]  # one per purpose column; None: the purpose has no line that month


def decision_pdf(decision: Decision) -> bytes:
    """The PDF of `decision`; the caller stores it with its SHA-256 checksum (STYLE.md)."""
    return render_pdf(TEMPLATE, decision_context(decision), language="lv")


def decision_context(decision: Decision) -> dict:
    application: Application = decision.application
    person = application.person
    municipality = decision.municipality
    allocation: Allocation | None = decision.allocation
    is_grant = decision.outcome == Application.Outcome.GRANT
    context = {
        "decision": decision,
        "application": application,
        "person": person,
        "personal_code": format_personal_code(person.personal_code),
        "municipality": municipality,
        "municipality_genitive": genitive(municipality),
        "issued_on": timezone.localdate(decision.approved_at),
        "is_grant": is_grant,
        "is_child": application.track == Application.Track.CHILD
        or (allocation is not None and allocation.coefficient is None),
        "represented": application.applicant == Application.Applicant.REPRESENTATIVE,
        "assessment": application.assessment,
        "assessment_result": "",
        "assessment_points": "",
        "coefficient": "",
        "allocation": allocation,
        "rule_set": allocation.rule_set if allocation is not None else None,
        "refusal_reasons": split_lines(application.refusal_reason),
        "proposed_by": full_name(decision.proposed_by),
        "approved_by": full_name(decision.approved_by),
    }
    if application.assessment is not None:
        assessment = application.assessment
        context["assessment_result"] = ASSESSMENT_RESULTS.get(assessment.result, "")
        context["assessment_points"] = plural(assessment.total, "punkts", "punkti")
        context["coefficient"] = format_coefficient(assessment.coefficient)
        if allocation is None:  # a refusal after the questionnaire: the rule set it was scored with
            context["rule_set"] = RuleSet.objects.filter(
                code=assessment.rule_set_code, version=assessment.rule_set_version
            ).first()
    if allocation is not None:
        context.update(schedule_context(allocation))
        if allocation.coefficient is not None:
            context["coefficient"] = format_coefficient(allocation.coefficient)
    return context


def schedule_context(allocation: Allocation) -> dict:
    months = list(allocation.months.order_by("month").prefetch_related("lines"))
    full_hours: dict[str, int] = {}
    # The full-month hours come from the first full month; a purpose missing there from its first month.
    full_months = [month for month in months if month.grant_days == month.days_in_month]
    for month in full_months[:1] + months:
        for line in month.lines.all():
            full_hours.setdefault(line.purpose, line.full_hours)
    codes = sorted(full_hours, key=lambda code: (PURPOSE_ORDER.get(code, len(PURPOSES)), code))
    purposes = [
        Purpose(code, PURPOSE_NAMES.get(code, code), PURPOSE_SHORT_NAMES.get(code, code), full_hours[code])
        for code in codes
    ]
    rows = []
    for month in months:
        hours = {line.purpose: line.hours for line in month.lines.all()}
        rows.append(ScheduleRow(month, [hours.get(code) for code in codes]))
    return {
        "purposes": purposes,
        "schedule": rows,
        "schedule_total": sum(month.total for month in months),
        "weekly_cap_text": plural(allocation.weekly_cap, "stunda", "stundas"),
        "explanation_lines": split_lines(allocation.explanation),
    }


def format_personal_code(code: str) -> str:
    """DDMMYY-NNNNN, the way a personal code is written (an unexpected value is shown as it is)."""
    return f"{code[:6]}-{code[6:]}" if len(code) == 11 and code.isdigit() else code


def format_coefficient(value: Decimal | None) -> str:
    """1,5; 2 — whole numbers without decimals, a decimal comma otherwise."""
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", ",")


def plural(number: int, one: str, many: str) -> str:
    """Latvian agreement: 1, 21, 31 … take the singular (1 stunda, 21 punkts), 11 and the rest the plural."""
    return f"{number} {one if number % 10 == 1 and number % 100 != 11 else many}"


def genitive(municipality: Municipality) -> str:
    """Rīga → Rīgas, Daugavpils → Daugavpils, Ādažu novads → Ādažu novada (for "… sociālais dienests")."""
    name = municipality.name
    if name.endswith(" novads"):
        return name.removesuffix("s") + "a"
    if name.endswith(("a", "e")):
        return name + "s"
    return name


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def full_name(user) -> str:
    return user.get_full_name() or user.get_username()
