"""The finance and ministry pages (R-F1–R-F5): the reports, their progress, downloads and finalisation,
and the rates. Views stay thin: reads through reporting.selectors, writes through reporting.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.downloads import private_file
from core.forms import add_service_errors
from reporting import exports, selectors, services
from reporting.forms import RateForm, ReportRequestForm, month_value, rate_initial, shown
from reporting.models import Report

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
# How often the page asks for the progress of a report being generated, in milliseconds.
POLL_INTERVAL_MS = 1000
REPORTS_PER_PAGE = 24


# ------------------------------------------------------------------------------------------ reports


def _request_form(request: HttpRequest, data=None) -> ReportRequestForm | None:
    targets = selectors.request_targets(user=request.user)
    if not targets:
        return None
    today = timezone.localdate()
    return ReportRequestForm(
        data,
        targets=targets,
        today=today,
        initial={"month": services.previous_month(today)},
    )


@login_required
@permission_required("reporting.view_report", raise_exception=True)
def report_list(request: HttpRequest) -> HttpResponse:
    form = _request_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form is None:  # no reporting.add_report, or nothing this user may ask for
            raise PermissionDenied
        if form.is_valid():
            target, month = form.chosen_target(), form.cleaned_data["month"]
            try:
                report = services.report_request(
                    municipality=target.municipality, month=month, by=request.user
                )
            except services.ReportError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    _("The report for %(month)s is requested; it is generated in the background.")
                    % {"month": f"{month:%m.%Y}"},
                )
                return redirect("reporting:report_detail", pk=report.pk)
    page = Paginator(selectors.reports_for(user=request.user), REPORTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "reporting/report_list.html", {"form": form, "page": page})


def _table(report: Report):
    """The figures of a built report as the files show them (exports.Table), or None while none is built."""
    if not report.is_ready:
        return None
    return exports.table_for(report, selectors.report_rows(report))


def _files(report: Report) -> list[dict]:
    if not report.is_ready:
        return []
    return [
        {"format": fmt, "label": fmt.upper(), "sha256": getattr(report, f"{fmt}_sha256")}
        for fmt in ("pdf", "xlsx", "csv")
        if getattr(report, fmt)
    ]


@login_required
@permission_required("reporting.view_report", raise_exception=True)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for_detail(user=request.user, pk=pk)
    targets = {target.key for target in selectors.request_targets(user=request.user)}
    target_key = f"m{report.municipality_id}" if report.municipality_id else "national"
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "table": _table(report),
            "files": _files(report),
            "history": selectors.report_history(report),
            "in_progress": report.status in Report.IN_PROGRESS,
            "can_request": target_key in targets and report.status != Report.Status.FINALISED,
            "target_key": target_key,
            "month_value": month_value(report.month),
            "can_finalise": (
                request.user.has_perm("reporting.finalise_report")
                and not report.is_national
                and report.status == Report.Status.READY
            ),
            "status_text": status_text(report),
            "poll_interval": POLL_INTERVAL_MS,
        },
    )


def status_text(report: Report) -> str:
    """What the progress region says, in the user's language."""
    if report.status == Report.Status.QUEUED:
        return _("Queued: the report waits for its turn.")
    if report.status == Report.Status.RUNNING:
        return _("Being generated: %(percent)s %% done.") % {"percent": report.progress}
    if report.status == Report.Status.FAILED:
        return _("Generation failed.")
    if report.status == Report.Status.FINALISED:
        return _("The report is finalised.")
    return _("The draft report is ready.")


@login_required
@permission_required("reporting.view_report", raise_exception=True)
def report_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The progress of a report for the page's polling (R-F5)."""
    report = selectors.report_for_detail(user=request.user, pk=pk)
    return job_status_response(report, text=status_text(report))


def job_status_response(job, *, text: str) -> JsonResponse:
    """A background job's progress (a report or a simulation), as static/js/report_progress.js polls it."""
    response = JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress": job.progress,
            "stage": job.stage,
            "text": text,
            "done": job.status not in job.IN_PROGRESS,
            "error": job.error,
        }
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
@permission_required("reporting.finalise_report", raise_exception=True)
def report_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for_detail(user=request.user, pk=pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Confirm that you have checked the figures before finalising."))
        return redirect("reporting:report_detail", pk=report.pk)
    try:
        services.report_finalise(report=report, by=request.user)
    except services.ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The report for %(month)s is finalised; its timesheets are locked.")
            % {"month": f"{report.month:%m.%Y}"},
        )
    return redirect("reporting:report_detail", pk=report.pk)


def download_name(report: Report, fmt: str) -> str:
    """parskats-riga-2026-01.pdf; the national report: parskats-latvija-2026-01.pdf."""
    place = slugify(report.municipality.name) if report.municipality_id else "latvija"
    return f"parskats-{place}-{report.month:%Y-%m}.{fmt}"


@login_required
@permission_required("reporting.view_report", raise_exception=True)
def report_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    report = selectors.report_for_detail(user=request.user, pk=pk)
    if not report.is_ready:
        raise Http404  # the files of an earlier generation are not offered while a new one is on its way
    return private_file(
        getattr(report, fmt), filename=download_name(report, fmt), content_type=CONTENT_TYPES[fmt]
    )


# -------------------------------------------------------------------------------------------- rates


@login_required
@permission_required("reporting.view_rate", raise_exception=True)
def rate_list(request: HttpRequest) -> HttpResponse:
    rates = list(selectors.rates_for(user=request.user))
    for rate in rates:
        rate.gross_shown = shown(rate.gross_hourly)  # 4.1300 → 4,13; 4.1325 keeps its digits
    today = timezone.localdate()
    return render(
        request,
        "reporting/rate_list.html",
        {
            "rates": rates,
            "in_force": selectors.rate_in_force(rates, today),
            "today": today,
            "labels": {name: field.label for name, field in RateForm.base_fields.items()},
        },
    )


def _rate_form_page(request: HttpRequest, *, rate=None) -> HttpResponse:
    initial = rate_initial(rate) if rate is not None else {}
    form = RateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.rate_save(**form.cleaned_data, by=request.user, rate=rate)
        except services.RateError as exc:
            add_service_errors(form, {field: [message] for field, message in exc.errors.items()})
        else:
            messages.success(
                request,
                _("The rates valid from %(day)s are saved.") % {"day": f"{saved.valid_from:%d.%m.%Y}"},
            )
            return redirect("reporting:rate_list")
    return render(
        request,
        "reporting/rate_form.html",
        {"form": form, "rate": rate, "cancel_url": reverse("reporting:rate_list")},
    )


@login_required
@permission_required("reporting.add_rate", raise_exception=True)
def rate_create(request: HttpRequest) -> HttpResponse:
    return _rate_form_page(request)


@login_required
@permission_required("reporting.change_rate", raise_exception=True)
def rate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rate = selectors.rate_for_edit(user=request.user, pk=pk)
    return _rate_form_page(request, rate=rate)
