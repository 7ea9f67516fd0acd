"""`manage.py monthly_report` (SPEC §6): the same services as the reports page (R-F3–R-F5). Expected figures
are the hand-computed lines of `export_scenario`."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from reporting import jobs, services
from reporting.management.commands import monthly_report
from reporting.models import Report, ReportItem
from tests.reporting.export_scenario import (
    COLUMNS_LINE,
    LIEPAJA_MARCH,
    NATIONAL_TOTAL,
    RIGA_FEBRUARY,
    RIGA_MARCH,
    liepaja_sheet,
    no_decision_documents,  # noqa: F401 (a fixture)
    riga_sheets,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media", "no_decision_documents")]

RIGA_CSV = "\n".join([COLUMNS_LINE, RIGA_MARCH, RIGA_FEBRUARY]) + "\n"


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("monthly_report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def stored(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


@pytest.fixture
def riga_data(caseworker, supervisor):
    return riga_sheets(caseworker, supervisor)


def riga_report() -> Report:
    return Report.objects.get(municipality__name="Rīga", month="2026-03-01")


def test_csv_goes_to_stdout_and_equals_the_stored_file_5_5(riga_data):
    out, err = run("--month", "2026-03", "--municipality", "rīga")
    report = riga_report()
    assert report.status == Report.Status.READY
    assert out == RIGA_CSV
    assert out.encode("utf-8") == stored(report.csv)
    # one summary line on stderr: rows, total (1406.11 + 18.69 = 1424.80) and the checksum of the output
    sha = hashlib.sha256(out.encode("utf-8")).hexdigest()
    assert err.strip().splitlines() == [
        f"Rīga 2026-03, ready, 2 rows, total 1424.80 EUR, csv sha256 {sha} -> stdout"
    ]
    assert report.csv_sha256 == sha


@pytest.mark.parametrize("kind", ["xlsx", "pdf"])
def test_binary_formats_are_written_to_the_output_file_R_F5(riga_data, tmp_path, kind):
    target = tmp_path / f"riga.{kind}"
    out, err = run("--month", "2026-03", "--municipality", "Rīga", "--format", kind, "--output", str(target))
    report = riga_report()
    data = target.read_bytes()
    assert out == ""
    assert data == stored(getattr(report, kind))
    assert hashlib.sha256(data).hexdigest() == getattr(report, f"{kind}_sha256")
    assert f"{kind} sha256 {getattr(report, f'{kind}_sha256')} -> {target}" in err
    if kind == "pdf":
        assert data.startswith(b"%PDF-")
    else:
        sheet = load_workbook(io.BytesIO(data)).active
        assert [cell.value for cell in sheet[2]][:5] == ["Rīga", "2026-03", 2, 2, 13.5]


def test_binary_format_without_output_is_refused(riga_data):
    with pytest.raises(CommandError, match="--format pdf writes a binary file; give --output FILE"):
        run("--month", "2026-03", "--municipality", "Rīga", "--format", "pdf")
    assert not Report.objects.exists()


def test_finalize_locks_the_report_and_its_sheets_R_F4(riga_data, finance):
    out, err = run("--month", "2026-03", "--municipality", "Rīga", "--finalize")
    report = riga_report()
    assert out == RIGA_CSV
    assert report.status == Report.Status.FINALISED and report.finalised_at is not None
    assert ", finalised, 2 rows," in err
    items = ReportItem.objects.filter(report=report)
    assert sorted(items.values_list("timesheet_id", flat=True)) == sorted(s.pk for s in riga_data.values())
    assert all(items.values_list("finalised", flat=True))
    with pytest.raises(services.ReportError):
        services.report_request(municipality=report.municipality, month=report.month, by=finance)
    # asked to finalise again: said so, exit non-zero, the finalised file still written, nothing changed
    out_again = io.StringIO()
    with pytest.raises(CommandError, match="already finalised"):
        call_command(
            "monthly_report", "--month", "2026-03", "--municipality", "Rīga", "--finalize",
            stdout=out_again, stderr=io.StringIO(),
        )  # fmt: skip
    assert out_again.getvalue() == RIGA_CSV
    assert riga_report().generation == report.generation
    # without --finalize a finalised report is simply written
    assert run("--month", "2026-03", "--municipality", "Rīga")[0] == RIGA_CSV


def test_national_report_without_municipality_R_F3(riga_data):
    liepaja_sheet()
    out, err = run("--month", "2026-03", "--finalize")
    assert out.splitlines() == [COLUMNS_LINE, LIEPAJA_MARCH, RIGA_MARCH, RIGA_FEBRUARY, NATIONAL_TOTAL]
    national = Report.objects.get(municipality=None, month="2026-03-01")
    assert out.encode("utf-8") == stored(national.csv)
    statuses = dict(Report.objects.exclude(municipality=None).values_list("municipality__name", "status"))
    assert statuses == {"Liepāja": Report.Status.FINALISED, "Rīga": Report.Status.FINALISED}
    lines = err.strip().splitlines()
    assert len(lines) == 3  # one per municipal report, then the national one
    # 11.03 + 1406.11 + 18.69 = 1435.83
    assert lines[-1].startswith("national 2026-03, ready, 3 rows, total 1435.83 EUR, csv sha256 ")


def test_national_without_finalize_leaves_drafts_and_reports_only_finalised_ones_R_F4(riga_data):
    out, _err = run("--month", "2026-03")
    assert out.splitlines() == [COLUMNS_LINE, "TOTAL;2026-03;0;0" + ";0.00" * 10]
    assert riga_report().status == Report.Status.READY
    assert not ReportItem.objects.filter(finalised=True).exists()


def test_running_twice_gives_the_same_csv_R_F5(riga_data):
    first, _ = run("--month", "2026-03", "--municipality", "Rīga")
    generation = riga_report().generation
    second, _ = run("--month", "2026-03", "--municipality", "Rīga")
    assert first == second == RIGA_CSV
    report = riga_report()
    assert report.generation == generation + 1  # a new draft generation, the same figures
    assert Report.objects.count() == 1
    assert ReportItem.objects.count() == 3


def test_waits_for_a_worker_that_is_building_the_report_R_F5(riga_data, finance, monkeypatch):
    report = services.report_request(
        municipality=riga_data["A"].municipality, month=riga_data["A"].month, by=finance
    )
    # a worker claimed it a moment ago and is still at work: the command must not build it a second time
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.RUNNING, claimed_by="worker-1", heartbeat=timezone.now()
    )
    naps = []

    def worker_finishes(seconds):
        naps.append(seconds)
        services.report_build(report_id=report.pk, generation=report.generation, task_id="worker-1")

    monkeypatch.setattr(jobs.time, "sleep", worker_finishes)
    out, _err = run("--month", "2026-03", "--municipality", "Rīga")
    assert naps  # it waited
    assert out == RIGA_CSV
    assert riga_report().claimed_by == "worker-1"


def test_gives_up_waiting_for_a_worker_after_the_limit(riga_data, finance, monkeypatch):
    report = services.report_request(
        municipality=riga_data["A"].municipality, month=riga_data["A"].month, by=finance
    )
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.RUNNING, claimed_by="worker-1", heartbeat=timezone.now()
    )
    monkeypatch.setattr(monthly_report, "WAIT_SECONDS", 0)
    with pytest.raises(CommandError, match="still being generated by a worker"):
        run("--month", "2026-03", "--municipality", "Rīga")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2026-13"], "--month: '2026-13' is not a month YYYY-MM"),
        (["--month", "03.2026"], "--month: '03.2026' is not a month YYYY-MM"),
        (["--month", "2026-03", "--municipality", "Atlantīda"], "there is no municipality 'Atlantīda'"),
        (["--month", "2099-01"], "--month: 2099-01 is in the future"),
        (["--month", "2026-03", "--format", "docx"], "invalid choice: 'docx'"),
        (["--month", "2026-03", "--output", "TMP/missing/report.csv"], "cannot write to the folder"),
        (["--month", "2026-03", "--format", "pdf", "--output", "TMP"], "is a folder"),
        # the seeded rates start on 01.07.2021 (R-F1)
        (["--month", "2021-06", "--municipality", "Rīga"], "no rates were in force on 01.06.2021"),
        (["--month", "2021-06"], "no rates were in force on 01.06.2021"),
    ],
)
def test_bad_arguments_are_refused_and_change_nothing(riga_data, args, message, tmp_path):
    args = [arg.replace("TMP", str(tmp_path)) for arg in args]
    with pytest.raises(CommandError) as error:
        run(*args)
    assert message in str(error.value)
    assert not Report.objects.exists()
    assert not ReportItem.objects.exists()


def test_a_bad_argument_exits_non_zero_with_one_line():
    result = subprocess.run(
        [sys.executable, "manage.py", "monthly_report", "--month", "2026-13"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DEBUG": "true"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.strip() == "CommandError: --month: '2026-13' is not a month YYYY-MM"
