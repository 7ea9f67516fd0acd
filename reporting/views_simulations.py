"""The ministry's policy simulations (R-S2): ask for one, follow its progress, read the comparison with the
rule set in force, download the summary. Reads through reporting.simulation_selectors, the one write through
reporting.simulation_services. Aggregates only: no page, file or URL here names a person."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from assistance import services as assistance_services
from assistance.models import RuleSet
from core.downloads import private_file
from reporting import simulation_exports, simulation_selectors, simulation_services
from reporting.forms import month_value
from reporting.models import Simulation
from reporting.simulation_forms import SimulationRequestForm
from reporting.views import job_status_response

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# How often the page asks for the progress of a simulation being computed, in milliseconds.
POLL_INTERVAL_MS = 1000
SIMULATIONS_PER_PAGE = 24


def _in_force_pk(today) -> int | None:
    try:
        return assistance_services.rule_set_in_force(today).pk
    except RuleSet.DoesNotExist:  # none in force: the form still offers every rule set
        return None


def _request_form(request: HttpRequest, data=None) -> SimulationRequestForm | None:
    if not request.user.has_perm("reporting.add_simulation"):
        return None
    today = timezone.localdate()
    return SimulationRequestForm(
        data,
        rule_sets=simulation_selectors.simulation_rule_sets(),
        municipalities=simulation_selectors.simulation_municipalities(user=request.user, on=today),
        in_force_pk=_in_force_pk(today),
        today=today,
    )


@login_required
@permission_required("reporting.view_simulation", raise_exception=True)
def simulation_list(request: HttpRequest) -> HttpResponse:
    form = _request_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                simulation = simulation_services.simulation_request(
                    rule_set=data["rule_set"],
                    municipality=data["municipality"],
                    month=data["month"],
                    by=request.user,
                )
            except simulation_services.SimulationError as exc:
                form.add_error("month", str(exc))
            else:
                messages.success(
                    request,
                    _("The simulation of %(rule_set)s is requested; it is computed in the background.")
                    % {"rule_set": simulation_exports.rule_set_label(data["rule_set"])},
                )
                return redirect("simulations:simulation_detail", pk=simulation.pk)
    page = Paginator(simulation_selectors.simulations_for(user=request.user), SIMULATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "reporting/simulation_list.html", {"form": form, "page": page})


def status_text(simulation: Simulation) -> str:
    """What the progress region says, in the user's language."""
    if simulation.status == Simulation.Status.QUEUED:
        return _("Queued: the simulation waits for its turn.")
    if simulation.status == Simulation.Status.RUNNING:
        return _("Being computed: %(percent)s %% done.") % {"percent": simulation.progress}
    if simulation.status == Simulation.Status.FAILED:
        return _("The simulation failed.")
    return _("The simulation is ready.")


def number(value, places: int) -> str:
    """A figure as the pages show numbers (config/formats: decimal comma, thousands grouped)."""
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def shown(line: simulation_exports.Line) -> dict:
    """A comparison line with its figures formatted, the difference signed (+10, −55,15, 0)."""
    return {
        "key": line.key,
        "label": line.label,
        "baseline": number(line.baseline, line.places),
        "candidate": number(line.candidate, line.places),
        "difference": f"{line.sign}{number(line.magnitude, line.places)}",
        "change": "up" if line.sign == "+" else "down" if line.sign else "none",
    }


def comparison(summary: simulation_exports.Summary | None) -> dict | None:
    """Everything the page shows of a ready simulation, formatted."""
    if summary is None:
        return None
    return {
        "lines": [shown(line) for line in summary.lines],
        "bands": [{"code": b.code, "label": b.label, "count": number(b.count, 0)} for b in summary.bands],
        "persons_changed": number(summary.persons_changed, 0),
        "hours_gained": number(summary.hours_gained, 0),
        "hours_lost": number(summary.hours_lost, 0),
        "municipalities": [
            {"name": row.name, "lines": [shown(line) for line in row.lines.values()]}
            for row in summary.municipalities
        ],
        "first_month": summary.first_month,
        "last_month": summary.last_month,
        "month_count": len(summary.months),
        "cases": number(summary.cases, 0),
    }


def scope_name(simulation: Simulation) -> str:
    return simulation.municipality.name if simulation.municipality_id else _("Latvia (the whole country)")


@login_required
@permission_required("reporting.view_simulation", raise_exception=True)
def simulation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    simulation = simulation_selectors.simulation_for_detail(user=request.user, pk=pk)
    ready = simulation.status == Simulation.Status.READY
    figures = comparison(simulation_exports.summary_of(simulation.results) if ready else None)
    files = [
        {"format": fmt, "label": fmt.upper(), "sha256": getattr(simulation, f"{fmt}_sha256")}
        for fmt in CONTENT_TYPES
        if ready and getattr(simulation, fmt)
    ]
    return render(
        request,
        "reporting/simulation_detail.html",
        {
            "simulation": simulation,
            "figures": figures,
            "baseline_label": simulation_exports.rule_set_label(simulation.baseline),
            "candidate_label": simulation_exports.rule_set_label(simulation.rule_set),
            "scope": scope_name(simulation),
            "files": files,
            "in_progress": simulation.status in Simulation.IN_PROGRESS,
            "can_request": request.user.has_perm("reporting.add_simulation"),
            "month_value": month_value(simulation.month),
            "status_text": status_text(simulation),
            "poll_interval": POLL_INTERVAL_MS,
        },
    )


@login_required
@permission_required("reporting.view_simulation", raise_exception=True)
def simulation_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The progress of a simulation for the page's polling (same shape as the reports')."""
    simulation = simulation_selectors.simulation_for_detail(user=request.user, pk=pk)
    return job_status_response(simulation, text=status_text(simulation))


def download_name(simulation: Simulation, fmt: str) -> str:
    """simulacija-v5-latvija-2026-01.pdf; for a municipality: simulacija-v5-riga-2026-01.pdf."""
    place = slugify(simulation.municipality.name) if simulation.municipality_id else "latvija"
    return f"simulacija-{slugify(simulation.rule_set.code)}-{place}-{simulation.month:%Y-%m}.{fmt}"


@login_required
@permission_required("reporting.view_simulation", raise_exception=True)
def simulation_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    simulation = simulation_selectors.simulation_for_detail(user=request.user, pk=pk)
    if simulation.status != Simulation.Status.READY:
        raise Http404
    return private_file(
        getattr(simulation, fmt), filename=download_name(simulation, fmt), content_type=CONTENT_TYPES[fmt]
    )
