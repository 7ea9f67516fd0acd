"""Charts drawn on the server as SVG (issue 7): no script, no inline style (the CSP forbids both), readable
without colour.

Each chart is an accessible image (`role="img"`, a `<title>` and a `<desc>` named by `aria-labelledby`)
whose bars carry their value as text and whose series differ by pattern (solid, stripes, dots) as well as
by colour, with a legend in words. The page puts a real table with the same figures beside each chart.
Geometry is plain arithmetic on the figures; the numbers are written the Latvian way (1 234,50).

    {% load charts %}
    {% bar_chart chart %}      a BarChart: months along the bottom, one bar per series in each month
    {% hbar_chart chart %}     an HBarChart: one labelled horizontal bar per row
    {{ value|lv }}  {{ count|lv:0 }}
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from django import template

from reporting.exports import lv_number

register = template.Library()

# Dark enough for text on white and white text on it (contrast above 4.5:1); the patterns tell them apart.
INK = "#212529"
GRID = "#ced4da"
FILLS = (
    {"kind": "solid", "color": "#0a3d62"},
    {"kind": "stripes", "color": "#8a4500"},
    {"kind": "dots", "color": "#146c43"},
)
FONT = 12
SMALL = 11


@register.filter
def lv(value, places: int = 2) -> str:
    """A number as Latvian forms write it: decimal comma, `places` decimals, thousands apart (1 234,50)."""
    return lv_number(Decimal(value or 0), int(places))


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple


@dataclass(frozen=True)
class BarChart:
    """Vertical bars: for each category (a month) one bar per series."""

    id: str  # unique on the page: the ids of the title, description and patterns start with it
    title: str
    description: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    places: int = 2


@dataclass(frozen=True)
class HBarChart:
    """Horizontal bars: one row per label (a municipality)."""

    id: str
    title: str
    description: str
    labels: tuple[str, ...]
    values: tuple
    places: int = 0


def nice_ticks(maximum: Decimal, count: int = 4, *, whole: bool = False) -> list[Decimal]:
    """Axis ticks from 0 to a round number at or above `maximum`, in steps of 1, 2, 2.5 or 5 × 10ⁿ;
    `whole`: only whole steps (counts of persons have no fractions)."""
    maximum = Decimal(maximum)
    if maximum <= 0:
        return [Decimal(0), Decimal(1)]
    raw = maximum / count
    magnitude = Decimal(1).scaleb(raw.adjusted())
    steps_allowed = [m * magnitude for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))]
    if whole:
        steps_allowed = [m for m in steps_allowed if m >= 1 and m == m.to_integral_value()] or [Decimal(1)]
    step = next(m for m in steps_allowed if m >= raw)
    steps = int((maximum / step).to_integral_value(rounding=ROUND_CEILING))
    return [step * i for i in range(steps + 1)]


def _places(step: Decimal) -> int:
    return 0 if step == step.to_integral_value() else 2


def _r(number: float) -> str:
    """An SVG coordinate with one decimal at most."""
    text = f"{number:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _patterns(chart_id: str, count: int) -> list[dict]:
    return [{"id": f"{chart_id}-fill-{i}", **FILLS[i % len(FILLS)]} for i in range(count)]


def bar_layout(chart: BarChart) -> dict:
    series_count = max(1, len(chart.series))
    bar = 18 if series_count > 1 else 26
    inner_gap = 2
    group = max(60, series_count * bar + (series_count - 1) * inner_gap + 18)
    left, top, plot_height = 72, 70, 200
    width = left + group * len(chart.categories) + 12
    values = [Decimal(v) for s in chart.series for v in s.values]
    ticks = nice_ticks(max(values, default=Decimal(0)), whole=chart.places == 0)
    top_value = ticks[-1]
    baseline = top + plot_height
    tick_places = _places(ticks[1] - ticks[0])

    def y(value) -> float:
        return baseline - float(Decimal(value) / top_value) * plot_height

    fills = _patterns(chart.id, series_count)
    bars = []
    for c, category in enumerate(chart.categories):
        first_x = left + c * group + (group - (series_count * bar + (series_count - 1) * inner_gap)) / 2
        for s, series in enumerate(chart.series):
            value = series.values[c]
            x = first_x + s * (bar + inner_gap)
            bar_top = y(value)
            label_y = bar_top - 4
            bars.append(
                {
                    "x": _r(x),
                    "y": _r(bar_top),
                    "width": _r(bar),
                    "height": _r(baseline - bar_top),
                    "fill": fills[s]["id"],
                    "stroke": fills[s]["color"],
                    "label": lv_number(Decimal(value), chart.places),
                    "label_x": _r(x + bar / 2),
                    "label_y": _r(label_y),
                    "category": category,
                    "series": series.label,
                }
            )
    legend_y = baseline + 44
    legend = []
    x = left
    for s, series in enumerate(chart.series):
        legend.append({"x": _r(x), "text_x": _r(x + 22), "fill": fills[s]["id"], "stroke": fills[s]["color"],
                       "label": series.label})  # fmt: skip
        x += 34 + 7 * len(series.label)
    return {
        "chart": chart,
        "width": _r(max(width, x + 12)),
        "height": _r(legend_y + 20),
        "left": _r(left),
        "right": _r(width - 12),
        "baseline": _r(baseline),
        "ticks": [{"y": _r(y(t)), "label": lv_number(t, tick_places)} for t in ticks],
        "bars": bars,
        "categories": [
            {"x": _r(left + c * group + group / 2), "label": category}
            for c, category in enumerate(chart.categories)
        ],
        "category_y": _r(baseline + 18),
        "legend": legend,
        "legend_y": _r(legend_y),
        "fills": fills,
        "font": FONT,
        "small": SMALL,
        "ink": INK,
        "grid": GRID,
    }


def hbar_layout(chart: HBarChart) -> dict:
    row, bar = 24, 16
    label_width, plot_width, top = 200, 380, 8
    left = label_width
    values = [Decimal(v) for v in chart.values]
    ticks = nice_ticks(max(values, default=Decimal(0)), whole=chart.places == 0)
    top_value = ticks[-1]
    tick_places = _places(ticks[1] - ticks[0])
    axis_y = top + row * len(chart.labels) + 4
    fill = _patterns(chart.id, 1)[0]

    def x(value) -> float:
        return left + float(Decimal(value) / top_value) * plot_width

    rows = []
    for i, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        y = top + i * row + (row - bar) / 2
        end = x(value)
        rows.append(
            {
                "label": label,
                "label_x": _r(left - 8),
                "y": _r(y),
                "text_y": _r(y + bar / 2),
                "x": _r(left),
                "width": _r(end - left),
                "value": lv_number(Decimal(value), chart.places),
                "value_x": _r(end + 6),
            }
        )
    return {
        "chart": chart,
        "width": _r(left + plot_width + 90),
        "height": _r(axis_y + 22),
        "left": _r(left),
        "top": _r(top),
        "axis_y": _r(axis_y),
        "ticks": [{"x": _r(x(t)), "label": lv_number(t, tick_places)} for t in ticks],
        "tick_label_y": _r(axis_y + 16),
        "rows": rows,
        "fill": fill,
        "font": FONT,
        "small": SMALL,
        "ink": INK,
        "grid": GRID,
    }


@register.inclusion_tag("reporting/_chart_bars.html")
def bar_chart(chart: BarChart) -> dict:
    return bar_layout(chart)


@register.inclusion_tag("reporting/_chart_hbars.html")
def hbar_chart(chart: HBarChart) -> dict:
    return hbar_layout(chart)
