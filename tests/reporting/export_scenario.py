"""Accepted sheets for the export and command tests: Rīga, service month 03.2026, with an adjustment for
02.2026, an employee and a self-employed assistant, higher education and other purposes; Liepāja, 03.2026.

The expected figures are computed by hand below (rates from 01.04.2023: gross 4.13 EUR/h, employer 23.59 %,
administration 5 % HE / 8 % GEN; every amount rounded half up to cents, R-F2/R-F3), never by the code.

Rīga, sheet A (employee, 03.2026):
  HE  150 min: wage 2.5 h × 4.13 = 10.325 → 10.33; VSAOI 10.33 × 23.59 % = 2.436847 → 2.44;
      transport 3.20; service cost 10.33 + 2.44 + 3.20 = 15.97
  GEN 240 + 75 = 315 min: wage 5.25 h × 4.13 = 21.6825 → 21.68; VSAOI 21.68 × 23.59 % = 5.114312 → 5.11;
      transport 1.50 + 0 = 1.50; service cost 21.68 + 5.11 + 1.50 = 28.29
Rīga, sheet B (self-employed, 03.2026):
  GEN 285 min: wage 4.75 h × 4.13 = 19.6175 → 19.62; VSAOI 0; transport 1234.50; service cost 1254.12
  HE  60 min: wage 4.13; VSAOI 0; transport 0; service cost 4.13
Rīga 03.2026 row: recipients 2, assistants 2, 150 + 315 + 285 + 60 = 810 min = 13.50 h;
  gross 10.33 + 21.68 + 19.62 + 4.13 = 55.76; VSAOI 2.44 + 5.11 = 7.55; transport 3.20 + 1.50 + 1234.50 =
  1239.20; service cost HE 15.97 + 4.13 = 20.10, GEN 28.29 + 1254.12 = 1282.41;
  admin HE 20.10 × 5 % = 1.005 → 1.01 (half up); admin GEN 1282.41 × 8 % = 102.5928 → 102.59;
  admin total 103.60; total 20.10 + 1282.41 + 103.60 = 1406.11
Rīga, sheet C (employee, 02.2026, the adjustment):
  GEN 180 min = 3.00 h: wage 3 × 4.13 = 12.39; VSAOI 12.39 × 23.59 % = 2.922801 → 2.92; transport 2.00;
  service cost 17.31; admin GEN 17.31 × 8 % = 1.3848 → 1.38; total 18.69
Liepāja, sheet D (employee, 03.2026):
  GEN 120 min = 2.00 h: wage 8.26; VSAOI 8.26 × 23.59 % = 1.948534 → 1.95; transport 0; service cost 10.21;
  admin 10.21 × 8 % = 0.8168 → 0.82; total 11.03
"""

from __future__ import annotations

import datetime as dt

import pytest

from core.roles import Role
from tests.conftest import make_person
from tests.contracts.conftest import approved_allocation, make_assistant, make_contract
from tests.reporting.factories import accepted_sheet

MARCH = dt.date(2026, 3, 1)
FEBRUARY = dt.date(2026, 2, 1)

# The §5.5 CSV lines these sheets give, by hand (see the module's docstring).
COLUMNS_LINE = (
    "municipality;month;recipients;assistants;hours;gross_wages;employer_contributions;transport;"
    "service_cost_he;service_cost_gen;admin_he;admin_gen;admin_total;total"
)
RIGA_MARCH = "Rīga;2026-03;2;2;13.50;55.76;7.55;1239.20;20.10;1282.41;1.01;102.59;103.60;1406.11"
RIGA_FEBRUARY = "Rīga;2026-02;1;1;3.00;12.39;2.92;2.00;0.00;17.31;0.00;1.38;1.38;18.69"
LIEPAJA_MARCH = "Liepāja;2026-03;1;1;2.00;8.26;1.95;0.00;0.00;10.21;0.00;0.82;0.82;11.03"
# TOTAL = the sum of the three rows: 1 + 2 + 1 recipients; 2.00 + 13.50 + 3.00 h; 8.26 + 55.76 + 12.39 gross;
# 1.95 + 7.55 + 2.92 VSAOI; 0 + 1239.20 + 2.00 transport; 0 + 20.10 + 0 and 10.21 + 1282.41 + 17.31 service
# cost; 0 + 1.01 + 0 and 0.82 + 102.59 + 1.38 administration; 11.03 + 1406.11 + 18.69 = 1435.83.
NATIONAL_TOTAL = "TOTAL;2026-03;4;4;18.50;76.41;12.42;1241.20;20.10;1309.93;1.01;104.79;105.80;1435.83"

# Names that must never appear in a report (no personal data, R-F3).
PERSONAL_NAMES = ("Kļaviņa", "Ūdris", "Palīga", "Šņore", "Vītola")


@pytest.fixture
def no_decision_documents(monkeypatch):
    """The grants behind the sheets need no decision PDF here (tested in tests/assistance); rendering two
    or three of them per test only costs time."""
    monkeypatch.setattr("assistance.decision_pdf.decision_pdf", lambda decision: b"%PDF-1.7 decision")


def riga_sheets(caseworker, supervisor) -> dict:
    """Sheets A, B (03.2026) and C (02.2026) of Rīga."""
    first = approved_allocation(caseworker, supervisor, first_name="Ilze", last_name="Kļaviņa")
    second = approved_allocation(caseworker, supervisor, first_name="Oskars", last_name="Ūdris")
    employee = make_assistant(tax_status="employee", first_name="Asta", last_name="Palīga")
    self_employed = make_assistant(tax_status="self_employed", first_name="Gunārs", last_name="Šņore")
    contract_a = make_contract(first, employee, by=caseworker)
    contract_b = make_contract(second, self_employed, by=caseworker)
    sheet_a = accepted_sheet(
        contract_a,
        MARCH,
        [
            (dt.date(2026, 3, 2), "09:00", "11:30", "HIGHER_EDUCATION", "3.20"),
            (dt.date(2026, 3, 3), "10:00", "14:00", "DAILY", "1.50"),
            (dt.date(2026, 3, 4), "08:00", "09:15", "WORK", "0"),
        ],
        by=caseworker,
    )
    sheet_b = accepted_sheet(
        contract_b,
        MARCH,
        [
            (dt.date(2026, 3, 5), "12:00", "16:45", "WORK", "1234.50"),
            (dt.date(2026, 3, 6), "09:00", "10:00", "HIGHER_EDUCATION", "0"),
        ],
        by=caseworker,
    )
    sheet_c = accepted_sheet(
        contract_a, FEBRUARY, [(dt.date(2026, 2, 10), "09:00", "12:00", "DAILY", "2.00")], by=caseworker
    )
    return {"A": sheet_a, "B": sheet_b, "C": sheet_c}


def liepaja_sheet():
    """Sheet D of Liepāja (03.2026), with its own caseworker and supervisor."""
    caseworker = make_person("caseworker-lpj", Role.CASEWORKER, "Liepāja")
    supervisor = make_person("supervisor-lpj", Role.SUPERVISOR, "Liepāja")
    allocation = approved_allocation(caseworker, supervisor, first_name="Marta", last_name="Vītola")
    contract = make_contract(allocation, make_assistant(tax_status="employee"), by=caseworker)
    return accepted_sheet(
        contract, MARCH, [(dt.date(2026, 3, 9), "10:00", "12:00", "WORK", "0")], by=caseworker
    )
