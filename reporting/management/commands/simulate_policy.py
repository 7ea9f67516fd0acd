"""`manage.py simulate_policy --rule-set CODE [--version N] [--municipality NAME] [--month YYYY-MM]
[--format text|json] [--output FILE]` (SPEC §6, R-S2): the same services as the simulation page.

The simulation is recorded through `simulation_request` (by nobody: the command) and computed here with
`simulation_build_now` (or by the eager task, or by a worker already at it: then waited for), so the row,
its PDF and XLSX are the same as the page's. The comparison is printed as text, or the stored result JSON
(with what was compared) with `--format json`; `--output` writes it to a file instead. A bad argument exits
non-zero and records nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.utils import timezone

from assistance import selectors as assistance_selectors
from assistance.models import RuleSet
from reporting import jobs, simulation_exports, simulation_services
from reporting.exports import lv_month
from reporting.forms import FIRST_MONTH, MonthField
from reporting.models import Simulation
from reporting.simulation_forms import MONTHS_AHEAD, months_later

FORMATS = ("text", "json")
WAIT_SECONDS = 600  # how long to wait for a worker that computes the simulation right now
POLL_SECONDS = 0.5


def parse_month(text: str):
    """YYYY-MM (also mm.yyyy, as the page's month field takes it)."""
    try:
        month = MonthField().clean(text)
    except ValidationError:
        raise CommandError(f"--month: {text!r} is not a month YYYY-MM") from None
    if month < FIRST_MONTH:
        raise CommandError(f"--month: simulations start from {FIRST_MONTH:%Y-%m}, the first month with rates")
    latest = months_later(timezone.localdate().replace(day=1), MONTHS_AHEAD)
    if month > latest:
        raise CommandError(f"--month: choose a month no later than {latest:%Y-%m}; the caseload is today's")
    return month


def find_rule_set(code: str, version: int | None) -> RuleSet:
    """The rule set CODE (any case) in its newest version, or in `version`."""
    versions = RuleSet.objects.filter(code__iexact=code.strip()).order_by("-version")
    if not versions.exists():
        known = ", ".join(RuleSet.objects.order_by("code").values_list("code", flat=True).distinct())
        raise CommandError(f"--rule-set: there is no rule set {code!r} (known: {known})")
    if version is None:
        return versions.first()
    found = versions.filter(version=version).first()
    if found is None:
        existing = ", ".join(str(v) for v in versions.values_list("version", flat=True))
        raise CommandError(f"--version: {code} has no version {version} (versions: {existing})")
    return found


def check_output(path: Path) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise CommandError(f"--output: {path} is a folder")
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise CommandError(f"--output: cannot write to the folder {folder}")


# ------------------------------------------------------------------------------------------- output


def _plain(value, places: int) -> str:
    return f"{value:,.{places}f}"


def _signed(value, places: int) -> str:
    text = _plain(abs(value), places)
    return f"+{text}" if value > 0 else f"-{text}" if value < 0 else text


def as_text(simulation: Simulation) -> str:
    """A readable comparison: what was compared, the figures side by side, the bands, per municipality."""
    summary = simulation_exports.summary_of(simulation.results)
    base = simulation_exports.rule_set_label(simulation.baseline)
    cand = simulation_exports.rule_set_label(simulation.rule_set)
    scope = simulation.municipality.name if simulation.municipality_id else "Latvia (the whole country)"
    lines = [
        f"Policy simulation {simulation.pk}: {simulation.rule_set}",
        f"  against the rule set in force: {simulation.baseline}",
        f"  scope: {scope}",
        f"  months: {lv_month(summary.first_month)}-{lv_month(summary.last_month)}; "
        f"persons simulated: {summary.cases}",
        "",
    ]
    width = 30
    header = f"{'':<{width}}{'In force (' + base + ')':>20}{'Simulated (' + cand + ')':>22}{'Difference':>14}"
    lines.append(header)
    for line in summary.lines:
        lines.append(
            f"{str(line.label):<{width}}{_plain(line.baseline, line.places):>20}"
            f"{_plain(line.candidate, line.places):>22}{_signed(line.difference, line.places):>14}"
        )
    lines += ["", "Change in a person's hours in the first month (persons):"]
    for band in summary.bands:
        lines.append(f"  {str(band.label):<28}{band.count:>8}")
    lines.append(f"Hours gained: {summary.hours_gained}; hours lost: {summary.hours_lost}")
    if simulation.is_national and summary.municipalities:
        lines += [
            "",
            "By municipality:",
            f"  {'':<26}{'Hours in the month':>24}{'Monthly cost, EUR':>42}",
            f"  {'':<26}{base:>8}{cand:>8}{'Diff.':>8}{base:>14}{cand:>14}{'Difference':>14}",
        ]
        for row in summary.municipalities:
            hours, cost = row.lines["hours_month"], row.lines["cost_month"]
            lines.append(
                f"  {row.name:<26}{hours.baseline:>8}{hours.candidate:>8}"
                f"{_signed(hours.difference, 0):>8}{_plain(cost.baseline, 2):>14}"
                f"{_plain(cost.candidate, 2):>14}{_signed(cost.difference, 2):>14}"
            )
    return "\n".join(lines) + "\n"


def as_json(simulation: Simulation) -> str:
    """The stored result JSON, with what was compared under "simulation" in front of it."""
    data = {
        "simulation": {
            "id": simulation.pk,
            "rule_set": {"code": simulation.rule_set.code, "version": simulation.rule_set.version},
            "rule_set_in_force": {"code": simulation.baseline.code, "version": simulation.baseline.version},
            "municipality": simulation.municipality.name if simulation.municipality_id else None,
            "month": f"{simulation.month:%Y-%m}",
        },
        **simulation.results,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class Command(BaseCommand):
    help = (
        "Simulate a rule set (R-S2) on the current caseload of the country or one municipality, beside the "
        "rule set in force, and print the comparison (text) or the result JSON."
    )

    def add_base_argument(self, parser, *args, **kwargs):
        """`--version` is the rule set's version here (SPEC §6), not Django's."""
        if "--version" in args:
            return
        super().add_base_argument(parser, *args, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--rule-set", required=True, help="the rule set's code, e.g. V5")
        parser.add_argument("--version", type=int, help="the rule set's version (default: the newest)")
        parser.add_argument("--municipality", help="the municipality (its name, any case); else the country")
        parser.add_argument("--month", help="the first simulated month, YYYY-MM (default: this month)")
        parser.add_argument("--format", choices=FORMATS, default="text", help="text (default) or json")
        parser.add_argument("--output", help="write to this file instead of the standard output")

    @no_translations
    def handle(self, *args, **options):
        month = parse_month(options["month"]) if options["month"] else timezone.localdate().replace(day=1)
        output = options["output"]
        if output:
            check_output(Path(output))
        rule_set = find_rule_set(options["rule_set"], options["version"])
        name = options["municipality"]
        municipality = None
        if name:
            municipality = assistance_selectors.municipality_by_name(name)
            if municipality is None:
                raise CommandError(f"--municipality: there is no municipality {name!r}")
        try:
            simulation = simulation_services.simulation_request(
                rule_set=rule_set, municipality=municipality, month=month, by=None
            )
        except simulation_services.SimulationError as exc:
            raise CommandError(str(exc)) from None
        simulation = self.compute(simulation)
        text = as_json(simulation) if options["format"] == "json" else as_text(simulation)
        if output:
            try:
                Path(output).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"--output: cannot write {output} ({exc.strerror or exc})") from None
            if options["verbosity"] >= 1:
                self.stderr.write(f"simulation {simulation.pk} -> {output}")
        else:
            self.stdout.write(text, ending="")

    def compute(self, simulation: Simulation) -> Simulation:
        simulation = jobs.wait(
            simulation_services.simulation_build_now(simulation), seconds=WAIT_SECONDS, poll=POLL_SECONDS
        )
        if simulation.status in Simulation.IN_PROGRESS:
            raise CommandError(
                f"simulation {simulation.pk}: still being computed by a worker; try again later"
            )
        if simulation.status == Simulation.Status.FAILED:
            raise CommandError(
                f"simulation {simulation.pk}: {simulation.error or 'it could not be computed'}"
            )
        return Simulation.objects.select_related("rule_set", "baseline", "municipality").get(pk=simulation.pk)
