"""The ministry's national dashboard (issue 7): the filter, the figures of reporting.dashboard_selectors and
the charts (reporting.templatetags.charts). Aggregates only: the page and its URL carry no person."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from reporting import dashboard_selectors as selectors
from reporting.forms import FIRST_MONTH, MonthField, month_value
from reporting.templatetags.charts import BarChart, HBarChart, Series


class DashboardFilterForm(forms.Form):
    """The period (a year, or a range of months) and optionally one municipality. An invalid part falls
    back to its default, with the message shown beside the field."""

    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False, empty_value=None)
    start = MonthField(label=gettext_lazy("From month"), required=False)
    end = MonthField(label=gettext_lazy("To month"), required=False)
    municipality = forms.IntegerField(label=gettext_lazy("Municipality"), required=False, widget=forms.Select)

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.current = today.replace(day=1)
        years = range(self.current.year, FIRST_MONTH.year - 1, -1)
        self.fields["year"].choices = [("", "—")] + [(y, str(y)) for y in years]
        self.fields["year"].help_text = _("A year overrides the months.")
        for name in ("start", "end"):
            self.fields[name].widget.attrs["max"] = month_value(self.current)
        if not self.is_bound:  # show the default period in the month fields
            self.initial.setdefault(
                "start", selectors.add_months(self.current, -(selectors.DEFAULT_MONTHS - 1))
            )
            self.initial.setdefault("end", self.current)

    def set_municipalities(self, options) -> None:
        """The select's options: the country, then every municipality in scope (pk, name)."""
        self.fields["municipality"].widget.choices = [("", _("Latvia (all municipalities)"))] + list(options)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if data.get("year") is None:
            if end and end > self.current:
                self.add_error("end", _("The month %(month)s has not begun yet.") % {"month": f"{end:%m.%Y}"})
            if start and start < FIRST_MONTH:
                self.add_error("start", _("The figures start from %(month)s.") % {"month": "07.2021"})
            if start and end and start > end:
                self.add_error("start", _("The first month must not be after the last one."))
            elif start and end and selectors.months_between(start, end) > selectors.MAX_MONTHS:
                self.add_error(
                    "start", _("Choose at most %(count)s months.") % {"count": selectors.MAX_MONTHS}
                )
        return data

    def period(self) -> tuple[dt.date, int]:
        """(the last month, the number of months) chosen, or the last 12 months up to this one."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        if data.get("year"):
            last = min(dt.date(data["year"], 12, 1), self.current)
            return last, months_of(dt.date(data["year"], 1, 1), last)
        if self.is_bound and self.errors.keys() & {"start", "end"}:
            return self.current, selectors.DEFAULT_MONTHS
        start, end = data.get("start"), data.get("end")
        if end is None and start is not None:
            end = min(selectors.add_months(start, selectors.DEFAULT_MONTHS - 1), self.current)
        end = end or self.current
        if start is None:
            return end, selectors.DEFAULT_MONTHS
        return end, months_of(start, end)

    def chosen_municipality(self) -> int | None:
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return data.get("municipality")


def months_of(first: dt.date, last: dt.date) -> int:
    return max(1, selectors.months_between(first, last))


def _month(day: dt.date) -> str:
    return f"{day:%m.%Y}"


def charts(data: selectors.NationalDashboard, scope: str) -> dict:
    """The three charts of the page; the tables beside them show the same figures."""
    labels = tuple(_month(month) for month in data.months)
    period = f"{labels[0]}–{labels[-1]}" if len(labels) > 1 else labels[0]
    hours = BarChart(
        id="chart-hours",
        title=_("Hours granted and used per month: %(scope)s, %(period)s")
        % {"scope": scope, "period": period},
        description=_(
            "A bar chart with two bars for each month: hours granted (solid bar, left) and hours used "
            "(striped bar, right), with the number of hours written above each bar. The table below the "
            "chart has the same figures."
        ),
        categories=labels,
        series=(
            Series(_("Hours granted"), tuple(figures.hours_granted for figures in data.totals)),
            Series(_("Hours used"), tuple(figures.hours_used for figures in data.totals)),
        ),
    )
    cost = BarChart(
        id="chart-cost",
        title=_("Cost per month, EUR: %(scope)s, %(period)s") % {"scope": scope, "period": period},
        description=_(
            "A bar chart with one bar for each month: the total of the finalised financial reports in euro, "
            "written above each bar. The table below the chart has the same figures."
        ),
        categories=labels,
        series=(Series(_("Cost, EUR"), tuple(figures.cost for figures in data.totals)),),
    )
    ranked = ranking(data)
    recipients = HBarChart(
        id="chart-recipients",
        title=_("Recipients per municipality, %(month)s") % {"month": _month(data.month)},
        description=_(
            "A horizontal bar chart with one bar for each municipality, the most recipients first; the "
            "number of recipients is written after each bar. The table below the chart has the same figures."
        ),
        labels=tuple(line.name for line in ranked),
        values=tuple(line.latest.recipients for line in ranked),
        places=0,
    )
    return {"hours": hours, "cost": cost, "recipients": recipients}


def ranking(data: selectors.NationalDashboard) -> list[selectors.MunicipalityLine]:
    """The municipalities by recipients in the chosen month, most first, then in the order of their names
    (the database's, as everywhere else: the sort is stable)."""
    return sorted(data.municipalities, key=lambda line: -line.latest.recipients)


@login_required
@permission_required("reporting.view_report", raise_exception=True)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The national dashboard: the ministry's (and a superuser's) only; everybody else gets 403."""
    if not selectors.may_view(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = DashboardFilterForm(request.GET or None, today=today)
    if form.is_bound:
        form.is_valid()
    last, months = form.period()
    data = selectors.national_dashboard(
        user=request.user, today=today, months=months, until=last, municipality=form.chosen_municipality()
    )
    if data.unknown_municipality:
        form.add_error("municipality", _("Choose a municipality from the list."))
    form.set_municipalities(data.options)
    scope = data.selected.name if data.selected else _("Latvia")
    return render(
        request,
        "reporting/dashboard.html",
        {
            "form": form,
            "data": data,
            "scope": scope,
            "charts": charts(data, scope),
            "ranked": ranking(data),
            "rows": list(zip(data.months, data.totals, strict=True)),
        },
    )
