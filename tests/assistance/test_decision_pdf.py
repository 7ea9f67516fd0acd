"""The decision document (R-D3, R-A6, R-A7): Latvian, A4, read back from the PDF with pypdf."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from assessments.models import Assessment, Questionnaire
from assistance.decision_pdf import decision_pdf, format_coefficient, genitive, plural
from assistance.models import (
    Allocation,
    AllocationLine,
    AllocationMonth,
    Application,
    Decision,
    Municipality,
    Person,
    RuleSet,
)
from core.pdf import sha256_hex
from tests.assistance.factories import personal_code

A4 = (595.28, 841.89)
BORN = dt.date(1980, 5, 17)
REFUSAL_REASON = "Anketā iegūti 8 punkti no 36; pakalpojumam nepieciešami vismaz 12 punkti."

# A grant 15.01.2026–30.04.2026 at W = 40, coefficient 1,5. Education only until 31.03 (study period).
FULL_HOURS = {"WORK": 120, "EDUCATION": 96, "DAILY": 23}


def month_row(month, days, grant_days, hours, cap, total):
    """(month, days in month, grant days, {purpose: (full-month hours, hours)}, cap, purposes' sum, total)"""
    lines = {purpose: (full, h) for (purpose, full), h in zip(FULL_HOURS.items(), hours, strict=True)}
    return (month, days, grant_days, lines, cap, sum(hours), total)


SCHEDULE = [
    month_row(dt.date(2026, 1, 1), 31, 17, (66, 53, 13), 97, 97),
    month_row(dt.date(2026, 2, 1), 28, 28, (120, 96, 23), 160, 160),
    month_row(dt.date(2026, 3, 1), 31, 31, (120, 96, 23), 177, 177),
    month_row(dt.date(2026, 4, 1), 30, 30, (120, 0, 23), 171, 143),
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def signers(caseworker, supervisor):
    caseworker.first_name, caseworker.last_name = "Laura", "Kalniņa"
    caseworker.save(update_fields=["first_name", "last_name"])
    supervisor.first_name, supervisor.last_name = "Jānis", "Ozoliņš"
    supervisor.save(update_fields=["first_name", "last_name"])
    return caseworker, supervisor


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """The text with line breaks and runs of spaces as one space (long sentences wrap)."""
    return " ".join(text.split())


def make_application(caseworker, *, outcome, track="adult", total=18, coefficient=Decimal("1.5")):
    riga = Municipality.objects.get(name="Rīga")
    person = Person.objects.create(
        municipality=riga,
        personal_code=personal_code(BORN),
        first_name="Anna",
        last_name="Bērziņa",
        birth_date=BORN,
        address="Brīvības iela 1-2, Rīga, LV-1010",
    )
    assessment = None
    if track == "adult":
        result = "no_need" if coefficient is None else ("high" if coefficient >= 2 else "base")
        assessment = Assessment.objects.create(
            municipality=riga,
            questionnaire=Questionnaire.objects.first(),
            answers={},
            total=total,
            result=result,
            coefficient=coefficient,
            rule_set_code="V1",
            rule_set_version=1,
            threshold_need=12,
            threshold_high=24,
            assessed_on=dt.date(2025, 12, 20),
            assessed_by=caseworker,
        )
    return Application.objects.create(
        person=person,
        municipality=riga,
        received_date=dt.date(2025, 12, 1),
        status=Application.Status.APPROVED,
        track=track,
        outcome=outcome,
        refusal_reason=REFUSAL_REASON if outcome == "refusal" else "",
        assessment=assessment,
        created_by=caseworker,
        proposed_by=caseworker,
    )


EXPLANATION = "Anketā iegūti 18 punkti no 36.\nTātad atbalsta koeficients ir 1,5 (noteikumu kopa V1)."


def make_allocation(
    application, schedule, *, start, end, coefficient=Decimal("1.5"), explanation=EXPLANATION
):
    allocation = Allocation.objects.create(
        application=application,
        municipality=application.municipality,
        personal_code=application.person.personal_code,
        rule_set=RuleSet.objects.get(code="V1", version=1),
        status=Allocation.Status.APPROVED,
        start=start,
        end=end,
        natural_end=end,
        end_reason="max_years",
        weekly_cap=40,
        coefficient=coefficient,
        inputs={},
        explanation=explanation,
    )
    for month, days, grant_days, lines, cap, purposes_total, total in schedule:
        month_row = AllocationMonth.objects.create(
            allocation=allocation,
            month=month,
            days_in_month=days,
            grant_days=grant_days,
            cap=cap,
            purposes_total=purposes_total,
            total=total,
        )
        AllocationLine.objects.bulk_create(
            AllocationLine(month=month_row, purpose=purpose, full_hours=full, days=grant_days, hours=hours)
            for purpose, (full, hours) in lines.items()
        )
    return allocation


def make_decision(application, allocation, signers, *, number="2026/000123"):
    proposer, approver = signers
    return Decision.objects.create(
        application=application,
        municipality=application.municipality,
        number=number,
        outcome=application.outcome,
        allocation=allocation,
        proposed_by=proposer,
        approved_by=approver,
        approved_at=dt.datetime(2026, 1, 10, 12, 5, tzinfo=dt.UTC),  # 14:05 in Riga (EET)
    )


def sixty_months(start=dt.date(2026, 1, 1)):
    """A 5-year grant of whole months (R-A7): WORK 120 and DAILY 23 a month, never capped."""
    rows, month = [], start
    for _ in range(60):
        following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        days = (following - month).days
        lines = {"WORK": (120, 120), "DAILY": (23, 23)}
        rows.append((month, days, days, lines, 40 * days // 7, 143, 143))
        month = following
    return rows


@pytest.mark.django_db
def test_grant_decision_states_person_basis_period_hours_schedule_appeal_and_signers_R_D3(signers):
    application = make_application(signers[0], outcome="grant")
    allocation = make_allocation(application, SCHEDULE, start=dt.date(2026, 1, 15), end=dt.date(2026, 4, 30))
    decision = make_decision(application, allocation, signers)

    reader, text = pdf_text(decision_pdf(decision))
    words = flat(text)

    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=1)
    assert "LĒMUMS Nr. 2026/000123" in words
    assert "Rīgas sociālais dienests" in words and "Rīga, 10.01.2026" in words
    assert "Anna Bērziņa" in words and "170580-" in words and "Brīvības iela 1-2" in words
    assert "Par asistenta pakalpojuma piešķiršanu" in words
    assert "Invaliditātes likums" in words and "noteikumu kopa V1 v1" in words
    assert "01.12.2025" in words and "18 punkti no 36" in words and "koeficients 1,5" in words
    assert "15.01.2026–30.04.2026" in words and "40 stundas nedēļā" in words
    # Full-month hours per purpose, in Latvian, from the first full month (February).
    assert re.search(r"Algots darbs, saimnieciskā darbība vai paralimpiskais sports\s*120", text)
    assert re.search(r"Pamatizglītība, vidējā vai profesionālā izglītība\s*96", text)
    assert re.search(r"Ārsta apmeklējumi, sabiedriski pasākumi un citas ikdienas\s+aktivitātes\s*23", text)
    assert "Tātad atbalsta koeficients ir 1,5" in words
    # The schedule: a partial first month, the cap in February, education outside the study period in April.
    assert "Mēnešu grafiks" in words
    assert re.search(r"01\.2026\s+17/31\s+66\s+53\s+13\s+97\s+97", text)
    assert re.search(r"02\.2026\s+28/28\s+120\s+96\s+23\s+160\s+160", text)
    assert re.search(r"04\.2026\s+30/30\s+120\s+0\s+23\s+171\s+143", text)
    assert re.search(r"Kopā laikposmā\s+577", text)
    assert "Lēmumu var apstrīdēt Rīgas domē viena mēneša laikā no tā spēkā stāšanās dienas" in words
    assert "Paziņošanas likumā" in words
    assert "Sagatavoja: Laura Kalniņa" in words
    assert "Apstiprināja: Jānis Ozoliņš, 10.01.2026 14:05" in words
    assert "Lapa 1 no" in words


@pytest.mark.django_db
def test_refusal_decision_gives_the_reason_and_no_schedule_R_D3(signers):
    application = make_application(signers[0], outcome="refusal", total=8, coefficient=None)
    decision = make_decision(application, None, signers, number="2026/000124")

    reader, text = pdf_text(decision_pdf(decision))
    words = flat(text)

    assert (float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)) == pytest.approx(
        A4, abs=1
    )
    assert "LĒMUMS Nr. 2026/000124" in words and "Anna Bērziņa" in words
    assert "Par atteikumu piešķirt asistenta pakalpojumu" in words
    assert REFUSAL_REASON in words
    assert "8 punkti no 36" in words and "noteikumu kopa V1 v1" in words
    assert "Mēnešu grafiks" not in words and "Stundas pilnā mēnesī" not in words
    assert "viena mēneša laikā" in words
    assert "Sagatavoja: Laura Kalniņa" in words and "Apstiprināja: Jānis Ozoliņš" in words


@pytest.mark.django_db
def test_child_decision_has_the_fixed_hours_and_no_coefficient_R_A5(signers):
    application = make_application(signers[0], outcome="grant", track="child", coefficient=None)
    schedule = [(dt.date(2026, 3, 1), 31, 31, {"CHILD": (80, 80)}, 177, 80, 80)]
    allocation = make_allocation(
        application,
        schedule,
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 3, 31),
        coefficient=None,
        explanation="Bērnam noteiktas 80 stundas mēnesī (noteikumu kopa V1), bez anketas.",
    )
    decision = make_decision(application, allocation, signers)

    words = flat(pdf_text(decision_pdf(decision))[1])

    assert "Bērns (noteiktais stundu skaits) 80" in words
    assert "Persona ir bērns" in words and "koeficients" not in words


@pytest.mark.django_db
def test_sixty_month_schedule_is_one_table_whose_header_repeats_on_each_page_R_A6(signers):
    application = make_application(signers[0], outcome="grant", total=24, coefficient=Decimal("2.00"))
    allocation = make_allocation(
        application,
        sixty_months(),
        start=dt.date(2026, 1, 1),
        end=dt.date(2030, 12, 31),
        coefficient=Decimal("2.00"),
    )
    decision = make_decision(application, allocation, signers)

    reader, text = pdf_text(decision_pdf(decision))

    assert len(reader.pages) >= 2
    schedule_pages = [page.extract_text() for page in reader.pages if "2030" in page.extract_text()]
    assert all("Kopā mēnesī" in page for page in schedule_pages)
    assert "koeficients 2" in flat(text) and "koeficients 2," not in flat(text)
    assert re.search(r"12\.2030\s+31/31\s+120\s+23\s+177\s+143", text)
    assert text.count("Kopā laikposmā") == 1 and re.search(r"Kopā laikposmā\s+8580", text)


def test_sha256_hex_is_the_hashlib_digest():
    data = b"%PDF-1.7 L\xc4\x93mums"
    assert sha256_hex(data) == hashlib.sha256(data).hexdigest()
    assert sha256_hex(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_latvian_number_agreement_coefficients_and_genitive():
    assert [plural(n, "stunda", "stundas") for n in (1, 11, 21, 40)] == [
        "1 stunda",
        "11 stundas",
        "21 stunda",
        "40 stundas",
    ]
    assert [format_coefficient(Decimal(v)) for v in ("1.50", "2.00", "1.25")] == ["1,5", "2", "1,25"]
    assert format_coefficient(None) == ""
    assert [genitive(Municipality(name=n)) for n in ("Rīga", "Daugavpils", "Rēzekne", "Ādažu novads")] == [
        "Rīgas",
        "Daugavpils",
        "Rēzeknes",
        "Ādažu novada",
    ]
