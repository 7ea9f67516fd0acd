"""The report's files (§5.5, R-F3, R-F5): CSV, XLSX and the Latvian A4 PDF, built through the services
from accepted sheets and read back. Expected figures are in `export_scenario` (computed by hand there)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from reporting import exports, rules, services
from reporting.models import Report
from tests.reporting.export_scenario import (
    COLUMNS_LINE,
    LIEPAJA_MARCH,
    MARCH,
    NATIONAL_TOTAL,
    PERSONAL_NAMES,
    RIGA_FEBRUARY,
    RIGA_MARCH,
    liepaja_sheet,
    no_decision_documents,  # noqa: F401 (a fixture)
    riga_sheets,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media", "no_decision_documents")]

A4 = (595.28, 841.89)
CENT = Decimal("0.01")


def build(capture, *, municipality, month=MARCH, by=None) -> Report:
    with capture(execute=True):
        report = services.report_request(municipality=municipality, month=month, by=by)
    report.refresh_from_db()
    assert report.status == Report.Status.READY, report.error
    return report


def read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def csv_lines(report: Report) -> list[str]:
    return read(report.csv).decode("utf-8").splitlines()


def pdf_text(report: Report) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(read(report.pdf)))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def latvian(csv_value: str) -> str:
    """The PDF's form of a CSV number, written out here independently of the code: "1234.50" → "1 234,50"."""
    whole, _, decimals = csv_value.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return " ".join(groups) + ("," + decimals if decimals else "")


@pytest.fixture
def riga_report(caseworker, supervisor, finance, riga, django_capture_on_commit_callbacks):
    riga_sheets(caseworker, supervisor)
    return build(django_capture_on_commit_callbacks, municipality=riga, by=finance)


@pytest.fixture
def national_report(riga_report, finance, liepaja, django_capture_on_commit_callbacks):
    liepaja_sheet()
    liepaja_report = build(django_capture_on_commit_callbacks, municipality=liepaja, by=finance)
    services.report_finalise(report=riga_report, by=finance)
    services.report_finalise(report=liepaja_report, by=finance)
    return build(django_capture_on_commit_callbacks, municipality=None, by=finance)


# ---------------------------------------------------------------------------------------------- CSV


def test_municipal_csv_is_the_5_5_table_with_an_adjustment_row_R_F3_R_F4(riga_report):
    raw = read(riga_report.csv)
    assert raw.count(b"\r") == 0
    # the service month first, then the adjustment for 02.2026 carrying its own month (§5.5)
    assert csv_lines(riga_report) == [COLUMNS_LINE, RIGA_MARCH, RIGA_FEBRUARY]


def test_national_csv_has_a_row_per_municipality_and_the_total_R_F3(national_report):
    lines = csv_lines(national_report)
    assert lines == [COLUMNS_LINE, LIEPAJA_MARCH, RIGA_MARCH, RIGA_FEBRUARY, NATIONAL_TOTAL]
    rows = [line.split(";") for line in lines[1:-1]]
    total = lines[-1].split(";")
    assert total[:2] == ["TOTAL", "2026-03"]
    for column in range(2, 4):
        assert int(total[column]) == sum(int(row[column]) for row in rows)
    for column in range(4, 14):
        assert Decimal(total[column]) == sum(Decimal(row[column]) for row in rows)
    # numbers with a decimal point and two decimals (§5.5)
    for line in lines[1:]:
        cells = line.split(";")
        assert len(cells) == 14
        assert cells[2].isdigit() and cells[3].isdigit()
        for cell in cells[4:]:
            whole, point, decimals = cell.partition(".")
            assert whole.isdigit() and point == "." and len(decimals) == 2, cell


# ---------------------------------------------------------------------------------------------- PDF


@pytest.mark.parametrize("which", ["riga_report", "national_report"])
def test_pdf_shows_every_csv_figure_in_latvian_format_R_F3(which, request):
    report = request.getfixturevalue(which)
    _reader, text = pdf_text(report)
    numbers = set(text.split("\n"))  # each figure sits in its own table cell
    words = flat(text)
    for line in csv_lines(report)[1:]:
        for value in line.split(";")[2:]:
            expected = latvian(value)
            assert expected in numbers or f" {expected} " in f" {words} ", (value, expected)
    assert "." not in "".join(latvian(value) for value in RIGA_MARCH.split(";")[2:])


def test_municipal_pdf_is_the_official_form_R_F3(riga_report):
    reader, text = pdf_text(riga_report)
    words = flat(text)
    assert all(tuple(round(float(side), 2) for side in page.mediabox[2:]) == A4 for page in reader.pages)
    assert "Rīgas valstspilsētas pašvaldība" in words
    assert "Pārskats par finanšu izlietojumu asistenta pakalpojuma nodrošināšanai" in words
    assert "Pakalpojuma mēnesis: 03.2026" in words
    assert "Pārskata periods: 01.03.2026–31.03.2026" in words
    # the service month: one administration sum, 1.01 + 102.59 = 103.60, and the total 1406.11
    assert "Administrēšanas izdevumi (sadalījums pielikumā) EUR 103,60" in words
    assert "Kopā (7. + 8.) EUR 1 406,11" in words
    assert "Darba devēja valsts sociālās apdrošināšanas obligātās iemaksas (VSAOI) EUR 7,55" in words
    # the adjustments section, one row for 02.2026, and the grand total 1406.11 + 18.69 = 1424.80
    assert "Korekcijas par iepriekšējiem mēnešiem" in words
    assert "02.2026 1 1 3,00 12,39 2,92 2,00 17,31 1,38 18,69" in words
    assert "Pavisam kopā EUR 1 424,80" in words
    # the annex splits the administration: 5 % of 20.10 = 1.01, 8 % of 1282.41 = 102.59 (R-F3)
    assert "Pielikums" in words
    assert "03.2026 20,10 5 % 1,01 1 282,41 8 % 102,59 103,60" in words
    assert "02.2026 (korekcija) 0,00 5 % 0,00 17,31 8 % 1,38 1,38" in words
    # admin of the whole report 103.60 + 1.38 = 104.98
    assert "Kopā 20,10 1,01 1 299,72 103,97 104,98" in words
    assert "Sagatavoja:" in words and "Apstiprināja:" in words
    assert f"Lapa 1 no {len(reader.pages)}" in words
    assert len(reader.pages) >= 2  # the annex starts on a page of its own
    assert not [name for name in PERSONAL_NAMES if name in text]  # no personal data


def test_national_pdf_lists_municipalities_their_adjustments_and_the_total_R_F3(national_report):
    _reader, text = pdf_text(national_report)
    words = flat(text)
    assert "Labklājības ministrija" in words
    assert "Iekļauto pašvaldību skaits: 2" in words
    assert "Liepāja 1 1 2,00 8,26 1,95 0,00 10,21 0,82 11,03" in words
    assert "Rīga 2 2 13,50 55,76 7,55 1 239,20 1 302,51 103,60 1 406,11" in words
    assert "Rīga, korekcija par 02.2026 1 1 3,00 12,39 2,92 2,00 17,31 1,38 18,69" in words
    # 11.03 + 1406.11 + 18.69 = 1435.83; service cost 10.21 + 1302.51 + 17.31 = 1330.03
    assert "Kopā 4 4 18,50 76,41 12,42 1 241,20 1 330,03 105,80 1 435,83" in words
    assert "Sagatavoja" not in words
    assert not [name for name in PERSONAL_NAMES if name in text]  # no personal data


def test_national_pdf_without_finalised_reports_says_so(finance, django_capture_on_commit_callbacks):
    report = build(django_capture_on_commit_callbacks, municipality=None, by=finance)
    _reader, text = pdf_text(report)
    assert "Par 03.2026 nav neviena noslēgta pašvaldības pārskata." in flat(text)
    assert "Iekļauto pašvaldību skaits: 0" in flat(text)
    assert csv_lines(report) == [
        COLUMNS_LINE,
        "TOTAL;2026-03;0;0;0.00;0.00;0.00;0.00;0.00;0.00;0.00;0.00;0.00;0.00",
    ]


def test_pdf_generation_time_is_riga_time_whatever_the_active_zone(
    caseworker, supervisor, finance, riga, django_capture_on_commit_callbacks
):
    riga_sheets(caseworker, supervisor)
    # 21:30 UTC on 06.04.2026 is 00:30 on 07.04.2026 in Riga (summer time, UTC+3)
    moment = dt.datetime(2026, 4, 6, 21, 30, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False), timezone.override("UTC"):
        report = build(django_capture_on_commit_callbacks, municipality=riga, by=finance)
    _reader, text = pdf_text(report)
    assert "Sagatavots: 07.04.2026 00:30" in flat(text)


# --------------------------------------------------------------------------------------------- XLSX


@pytest.mark.parametrize("which", ["riga_report", "national_report"])
def test_xlsx_holds_the_csv_table_in_numeric_cells_5_5(which, request):
    report = request.getfixturevalue(which)
    sheet = load_workbook(io.BytesIO(read(report.xlsx))).active
    rows = list(sheet.iter_rows())
    lines = csv_lines(report)
    assert [cell.value for cell in rows[0]] == COLUMNS_LINE.split(";")
    assert len(rows) == len(lines)
    for cells, line in zip(rows[1:], lines[1:], strict=True):
        values = line.split(";")
        assert [cells[0].value, cells[1].value] == values[:2]
        for cell, value in zip(cells[2:4], values[2:4], strict=True):
            assert isinstance(cell.value, int) and cell.value == int(value)
        for cell, value in zip(cells[4:], values[4:], strict=True):
            assert isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
            assert cell.number_format == "#,##0.00"
            assert Decimal(str(cell.value)).quantize(CENT) == Decimal(value)


# -------------------------------------------------------------------------------------------- files


def test_stored_checksums_are_the_files_sha256_R_F5(national_report, riga_report):
    for report in (riga_report, national_report):
        for kind in ("pdf", "xlsx", "csv"):
            data = read(getattr(report, kind))
            assert data
            assert getattr(report, f"{kind}_sha256") == hashlib.sha256(data).hexdigest()


def test_total_hours_are_the_sum_of_the_rows_hours_as_shown_5_5():
    """Two rows of 20 minutes: each shows 20 ÷ 60 = 0.333… → 0.33 h; the TOTAL shows 0.33 + 0.33 = 0.66,
    not 40 ÷ 60 = 0.67, so that the column adds up on paper."""
    zero = Decimal("0.00")
    figures = rules.RowFigures(
        1, 1, 20, Decimal("1.38"), zero, zero, zero, Decimal("1.38"), zero, Decimal("0.11")
    )
    rows = tuple(exports.TableRow(name, MARCH, False, figures) for name in ("Liepāja", "Rīga"))
    table = exports.Table(None, MARCH, rows, rules.total_of([figures, figures]), 1, timezone.now())
    records = exports.csv_records(table)
    assert [record[4] for record in records[1:]] == ["0.33", "0.33", "0.66"]
    assert records[-1][-1] == "2.98"  # (1.38 + 0.11) × 2
    text = flat(
        "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(exports.pdf_bytes(table))).pages)
    )
    assert "Kopā 2 2 0,66 2,76 0,00 0,00 2,76 0,22 2,98" in text


# ---------------------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Decimal("1234.50"), 2, "1 234,50"),
        (Decimal("0"), 2, "0,00"),
        (Decimal("999.99"), 2, "999,99"),
        (Decimal("1234567.8"), 2, "1 234 567,80"),
        (1234567, 0, "1 234 567"),
        (Decimal("-1234.5"), 2, "-1 234,50"),
    ],
)
def test_latvian_numbers_do_not_depend_on_the_locale(value, places, text, settings):
    from django.utils import translation

    with translation.override("en"):
        assert exports.lv_number(value, places) == text


@pytest.mark.parametrize(
    ("name", "issuer"),
    [
        ("Rīga", "Rīgas valstspilsētas pašvaldība"),
        ("Daugavpils", "Daugavpils valstspilsētas pašvaldība"),
        ("Rēzekne", "Rēzeknes valstspilsētas pašvaldība"),
        ("Cēsu novads", "Cēsu novada pašvaldība"),
    ],
)
def test_issuer_line_names_the_municipality(name, issuer):
    assert exports.issuer_of(name) == issuer


def test_percent_keeps_only_the_written_decimals():
    assert exports.lv_percent(Decimal("5.00")) == "5 %"
    assert exports.lv_percent(Decimal("23.59")) == "23,59 %"
    assert exports.lv_percent(Decimal("7.50")) == "7,5 %"
    assert exports.lv_percent(None) == ""
