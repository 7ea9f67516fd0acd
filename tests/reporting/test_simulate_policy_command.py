"""`manage.py simulate_policy` (SPEC §6, R-S2): the same services as the simulation page; a readable
comparison or the result JSON; a bad argument exits non-zero and records nothing."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command

from assistance.models import RuleSet
from core.roles import Role
from reporting.models import Rate, Simulation
from tests.conftest import make_person
from tests.contracts.conftest import approved_allocation
from tests.reporting.export_scenario import no_decision_documents  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media", "no_decision_documents")]

JANUARY = dt.date(2026, 1, 1)


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("simulate_policy", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def caseload(caseworker, supervisor, caseworker_liepaja):
    """Two adults in Rīga and one in Liepāja, coefficient 1, no purpose (DAILY only), from 01.01.2026.
    V1: 15 h each; V5: 10 h each (R-S1). Cost of 15 h at 4.13 EUR/h, employer 23.59 %, administration 8 %:
    15 × 4.13 × 1.2359 × 1.08 = 82.6891… → 82.69; of 10 h: 55.1260… → 55.13."""
    supervisor_liepaja = make_person("supervisor-liepaja", Role.SUPERVISOR, "Liepāja")
    for name in ("Rasma", "Ilmārs"):
        approved_allocation(caseworker, supervisor, start=JANUARY, first_name=name)
    approved_allocation(caseworker_liepaja, supervisor_liepaja, start=JANUARY, first_name="Dace")


def test_text_prints_the_comparison_of_the_country_R_S2(caseload):
    out, _err = run("--rule-set", "V5", "--month", "2026-01")
    simulation = Simulation.objects.get()
    assert simulation.status == Simulation.Status.READY and simulation.requested_by is None
    assert simulation.municipality is None and simulation.month == JANUARY
    assert simulation.pdf_sha256 and simulation.xlsx_sha256  # the same files as the page's
    lines = out.splitlines()
    assert lines[0].startswith(f"Policy simulation {simulation.pk}: V5 v1 – ")
    assert "against the rule set in force: V1 v1 – " in lines[1]
    assert "scope: Latvia (the whole country)" in lines[2]
    assert "months: 01.2026-12.2026; persons simulated: 3" in lines[3]

    def row(label: str) -> list[str]:
        line = next(line for line in lines if line.startswith(label))
        return line.removeprefix(label).split()

    # Three persons: V1 3 × 15 = 45 h, V5 3 × 10 = 30 h; cost 3 × 82.69 = 248.07, 3 × 55.13 = 165.39;
    # a year 12 × 248.07 = 2976.84 and 12 × 165.39 = 1984.68.
    assert row("Eligible recipients") == ["3", "3", "0"]
    assert row("Hours in the month") == ["45", "30", "-15"]
    assert row("Monthly cost, EUR") == ["248.07", "165.39", "-82.68"]
    assert row("Yearly cost (12 months), EUR") == ["2,976.84", "1,984.68", "-992.16"]
    assert row("  −1 to −19 h") == ["3"] and row("  Unchanged") == ["0"]
    assert "Hours gained: 0; hours lost: 15" in out
    # By municipality: hours and the monthly cost.
    assert row("  Liepāja") == ["15", "10", "-5", "82.69", "55.13", "-27.56"]
    assert row("  Rīga") == ["30", "20", "-10", "165.38", "110.26", "-55.12"]


def test_json_is_the_stored_result_with_what_was_compared_R_S2(caseload):
    out, _err = run("--rule-set", "v5", "--municipality", "rīga", "--month", "2026-01", "--format", "json")
    simulation = Simulation.objects.get()
    data = json.loads(out)
    assert data["simulation"] == {
        "id": simulation.pk,
        "rule_set": {"code": "V5", "version": 1},
        "rule_set_in_force": {"code": "V1", "version": 1},
        "municipality": "Rīga",
        "month": "2026-01",
    }
    assert {key: data[key] for key in simulation.results} == simulation.results
    # Rīga only: 2 × 15 = 30 h against 2 × 10 = 20 h; 2 × 82.69 = 165.38 against 2 × 55.13 = 110.26.
    assert data["baseline"] == {
        "recipients": 2,
        "hours_month": 30,
        "cost_month": "165.38",
        "cost_year": "1984.56",
    }
    assert data["candidate"] == {
        "recipients": 2,
        "hours_month": 20,
        "cost_month": "110.26",
        "cost_year": "1323.12",
    }
    assert data["bands"]["minus_1"] == 2 and data["hours_lost"] == 10
    assert [row["name"] for row in data["municipalities"]] == ["Rīga"]
    assert "Rasma" not in out and "Dace" not in out


def test_version_picks_a_rule_set_version_the_newest_by_default_R_S1(caseload):
    v5 = RuleSet.objects.get(code="V5", version=1)
    v5.pk, v5.version, v5.hours_daily = None, 2, 12
    v5.save()
    newest = json.loads(run("--rule-set", "V5", "--month", "2026-01", "--format", "json")[0])
    first = json.loads(run("--rule-set", "V5", "--version", "1", "--month", "2026-01", "--format", "json")[0])
    # V5 v2 gives DAILY 12 h: 3 × 12 = 36 h; V5 v1: 3 × 10 = 30 h.
    assert newest["simulation"]["rule_set"]["version"] == 2 and newest["candidate"]["hours_month"] == 36
    assert first["simulation"]["rule_set"]["version"] == 1 and first["candidate"]["hours_month"] == 30


def test_output_writes_the_file_and_nothing_to_stdout(caseload, tmp_path):
    target = tmp_path / "simulacija.txt"
    out, err = run("--rule-set", "V5", "--month", "2026-01", "--output", str(target))
    assert out == "" and str(target) in err
    assert "Hours in the month" in target.read_text(encoding="utf-8")


def test_default_month_is_this_month(caseload):
    with time_machine.travel(dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        out, _err = run("--rule-set", "V2", "--format", "json")
    assert json.loads(out)["months"][0] == "2026-03-01"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--rule-set", "V9"), "--rule-set: there is no rule set 'V9'"),
        (("--rule-set", "V5", "--version", "7"), "--version: V5 has no version 7"),
        (("--rule-set", "V5", "--municipality", "Atlantīda"), "--municipality: there is no municipality"),
        (("--rule-set", "V5", "--month", "2026-13"), "--month: '2026-13' is not a month YYYY-MM"),
        (("--rule-set", "V5", "--month", "janvāris"), "--month: 'janvāris' is not a month YYYY-MM"),
        (("--rule-set", "V5", "--month", "2021-06"), "--month: simulations start from 2021-07"),
        (
            ("--rule-set", "V5", "--output", "/nonexistent/folder/x.txt"),
            "--output: cannot write to the folder",
        ),
    ],
)
def test_a_bad_argument_is_an_error_and_records_nothing(caseload, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")) as raised:
        run(*args)
    assert raised.value.returncode == 1
    assert not Simulation.objects.exists()


def test_no_rates_in_force_is_an_error_and_records_nothing(caseload):
    Rate.objects.all().delete()
    with pytest.raises(CommandError, match="01.01.2026"):
        run("--rule-set", "V5", "--month", "2026-01")
    assert not Simulation.objects.exists()


def test_a_bad_argument_exits_non_zero_with_one_line():
    result = subprocess.run(
        [sys.executable, "manage.py", "simulate_policy", "--rule-set", "V5", "--month", "2026-13"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DEBUG": "true"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.strip() == "CommandError: --month: '2026-13' is not a month YYYY-MM"
