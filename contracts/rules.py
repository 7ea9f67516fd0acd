"""Pure rules of the contracts app: timesheet validation (R-T1–R-T4) against the contract (R-C1, R-C2), the
grant's month entitlement (R-A6) and the weekly cap (R-A4).

No ORM, no settings, no I/O: the service gathers a sheet's entries and a `SheetContext` (the contract, the
grant's numbers for the month, the entries of other sheets that share the recipient or the assistant) and
gets back every problem at once. Messages are lazy translations that name the row and the field, so the
caller shows them in the user's language; Latvian is the default.

Counting time. Each entry is an interval [start, end) on its day, counted in whole minutes. The recipient's
usage (month entitlement, weekly cap W, a purpose's month hours) is the union of the intervals of all their
sheets: a minute served twice is counted once (two entries of one recipient at one time are an error
anyway). The assistant's weekly 40 h is the union of the intervals of all their sheets too: under R-T4 the
assistant may serve two recipients at once, works that time once, and so it counts once towards the 40 h;
both recipients' usage still counts it in full.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

# ---------------------------------------------------------------------------------------------- values

PURPOSES = (
    "WORK",
    "EDUCATION",
    "HIGHER_EDUCATION",
    "VOLUNTEERING",
    "DAY_CENTRE",
    "MEDICAL",
    "DAILY",
    "CHILD",
)
EDUCATION_PURPOSES = frozenset({"EDUCATION", "HIGHER_EDUCATION"})

# The same msgids as the purpose choices of assistance.models, so they share the translations.
PURPOSE_LABELS: Mapping[str, Promise] = {
    "WORK": _("Paid work, economic activity or Paralympic sport"),
    "EDUCATION": _("Basic, secondary or vocational education"),
    "HIGHER_EDUCATION": _("Higher education (university or college)"),
    "VOLUNTEERING": _("Contracted volunteer work"),
    "DAY_CENTRE": _("Day-care centre or specialised workshop"),
    "MEDICAL": _("Regular prescribed medical procedures"),
    "DAILY": _("Doctor visits, social events and other daily activities"),
    "CHILD": _("Child (fixed hours)"),
}

# The words a message names a field with; the keys are the `Problem.field` codes.
FIELD_LABELS: Mapping[str, Promise] = {
    "date": _("date"),
    "start": _("start"),
    "end": _("end"),
    "purpose": _("purpose"),
    "transport": _("transport"),
    "hours": _("hours"),
    "submitted": _("submission"),
}

ASSISTANT_WEEKLY_CAP = 40  # R-T2: the assistant's hours in a calendar week across all recipients

ERROR = "error"
WARNING = "warning"

SUBMITTED = "submitted"
ACCEPTED = "accepted"


@dataclass(frozen=True)
class Entry:
    """One row of a sheet (R-T1); `row` is the number the user sees (the form row or the CSV line)."""

    row: int
    day: dt.date
    start: dt.time
    end: dt.time
    purpose: str
    transport: Decimal = Decimal("0")
    note: str = ""

    @property
    def minutes(self) -> int:
        """end − start in minutes; zero or negative when the end is not after the start (an error)."""
        return _clock(self.end) - _clock(self.start)


@dataclass(frozen=True)
class OtherEntry:
    """An entry of another sheet already in the system (submitted or accepted) that the checks consider."""

    sheet_id: int
    contract_id: int
    assistant_id: int
    recipient_id: int
    day: dt.date
    start: dt.time
    end: dt.time
    purpose: str
    status: str
    submitted_at: dt.datetime | None

    @property
    def minutes(self) -> int:
        return _clock(self.end) - _clock(self.start)


@dataclass(frozen=True)
class SheetContext:
    """Everything the checks need besides the entries, as plain values."""

    sheet_id: int | None
    month: dt.date  # day 1
    contract_id: int
    assistant_id: int
    recipient_id: int
    contract_start: dt.date
    contract_end: dt.date
    contract_monthly_hours: int
    granted_purposes: frozenset[str]  # CHILD for a child
    study_periods: Mapping[str, tuple[dt.date, dt.date]]  # education purpose → study period
    month_entitlement_hours: int  # the grant's month total for this month (R-A6)
    purpose_month_hours: Mapping[str, int]  # per-purpose hours of this month (R-T3)
    weekly_cap: int  # W (R-A4)
    purpose_bound: bool  # the rule set's flag: a purpose overrun is an error (R-T3)
    transport_limit: Decimal | None  # the municipality's monthly transport limit; None: no limit
    deadline_day: int  # the rule set's timesheet deadline day of the next month
    submitted_on: dt.date | None  # for the late warning; None while a draft
    # Entries of other sheets: the same recipient (all assistants) and the same assistant (all recipients),
    # of any month touching the weeks of this month. Entries of `sheet_id` itself are ignored.
    others: tuple[OtherEntry, ...]
    # When this sheet was submitted (R-T4 order); None: not yet, it comes after every submitted sheet.
    submitted_at: dt.datetime | None = None


@dataclass(frozen=True)
class Problem:
    row: int | None  # None for a sheet-level problem
    field: str  # a key of FIELD_LABELS
    code: str  # stable, for tests and storage
    message: Promise | str  # in the user's language, names the row and the field
    severity: str  # ERROR or WARNING


@dataclass(frozen=True)
class SheetCheck:
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    worked_minutes: int
    payable_minutes: int
    non_payable: tuple[tuple[int, int], ...]  # (row, minutes not payable because of R-T4)

    @property
    def ok(self) -> bool:
        """No errors: the sheet may be submitted (warnings do not block)."""
        return not self.errors

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.errors + self.warnings


# ---------------------------------------------------------------------------------------------- time


MINUTES_A_DAY = 24 * 60

Span = tuple[int, int]  # [start, end) in minutes since 0001-01-01 00:00


def _clock(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def _span(day: dt.date, start: dt.time, end: dt.time) -> Span:
    base = day.toordinal() * MINUTES_A_DAY
    return base + _clock(start), base + _clock(end)


def _day_span(first: dt.date, after_last: dt.date) -> Span:
    """All the minutes from the start of `first` to the start of `after_last`."""
    return first.toordinal() * MINUTES_A_DAY, after_last.toordinal() * MINUTES_A_DAY


def _merge(spans: Iterable[Span]) -> list[Span]:
    """The union of the spans as sorted, disjoint spans."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _length(merged: Iterable[Span]) -> int:
    return sum(end - start for start, end in merged)


def _clip(spans: Iterable[Span], window: Span) -> list[Span]:
    low, high = window
    return [(max(start, low), min(end, high)) for start, end in spans if start < high and end > low]


def _overlap(span: Span, merged: Iterable[Span]) -> int:
    return sum(max(0, min(span[1], end) - max(span[0], start)) for start, end in merged)


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _limit_reached_at(merged: list[Span], limit_minutes: int) -> int | None:
    """The instant after which the union goes above `limit_minutes`; None when it stays within."""
    total = 0
    for start, end in merged:
        total += end - start
        if total > limit_minutes:
            return end - (total - limit_minutes)
    return None


def week_of(day: dt.date) -> dt.date:
    """The Monday of the calendar week (Monday–Sunday) of `day`."""
    return day - dt.timedelta(days=day.weekday())


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + 1, 1, 1) if month.month == 12 else dt.date(month.year, month.month + 1, 1)


def submission_deadline(month: dt.date, deadline_day: int) -> dt.date:
    """The deadline of a month's sheet: the rule set's day of the next month; a day the next month lacks
    (31 in a 30-day month) means its last day."""
    following = next_month(month)
    last = calendar.monthrange(following.year, following.month)[1]
    return following.replace(day=max(1, min(deadline_day, last)))


def _date(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def _time(time: dt.time) -> str:
    return f"{time:%H:%M}"


def _hours(minutes: int) -> str:
    """Minutes as h:mm (170:30)."""
    return f"{minutes // 60}:{minutes % 60:02d}"


# ---------------------------------------------------------------------------------------------- messages


def _interpolate(template: Promise | str, params: Mapping[str, object]) -> str:
    return str(template) % {
        key: str(value) if isinstance(value, Promise) else value for key, value in params.items()
    }


# `%` on a lazy string would translate it at once; this keeps the message lazy until it is shown.
interpolate_lazy = lazy(_interpolate, str)


def _problem(
    severity: str, code: str, row: int | None, field: str, text: Promise | str, /, **params: object
) -> Problem:
    body = interpolate_lazy(text, params)
    label = FIELD_LABELS.get(field, field)
    if row is None:
        message = interpolate_lazy(_("Timesheet, %(field)s: %(text)s"), {"field": label, "text": body})
    else:
        message = interpolate_lazy(
            _("Row %(row)d, %(field)s: %(text)s"), {"row": row, "field": label, "text": body}
        )
    return Problem(row=row, field=field, code=code, message=message, severity=severity)


def _purpose_label(code: str) -> Promise | str:
    return PURPOSE_LABELS.get(code, code)


# ---------------------------------------------------------------------------------------------- R-T4


def _order(submitted_at: dt.datetime | None, sheet_id: int | None, *, this_sheet: bool) -> tuple:
    """The R-T4 order: earlier submission first, then the lower sheet id. This sheet, not yet submitted,
    comes after every other sheet; another sheet without a submission time after those that have one."""
    if submitted_at is None:
        return (2,) if this_sheet else (1, sheet_id if sheet_id is not None else float("inf"))
    return (0, submitted_at, sheet_id if sheet_id is not None else float("inf"))


def _others(ctx: SheetContext) -> list[OtherEntry]:
    """The other sheets' entries with a positive duration; entries of this sheet itself are ignored."""
    return [
        other
        for other in ctx.others
        if other.minutes > 0 and (ctx.sheet_id is None or other.sheet_id != ctx.sheet_id)
    ]


def payable_minutes(entries: Sequence[Entry], ctx: SheetContext) -> dict[int, int]:
    """Payable minutes per row (R-T4): the time the same assistant also records on a sheet that comes
    earlier in the R-T4 order (any recipient) is not payable here. Within the sheet a later row yields to
    an earlier one (overlaps inside a sheet are an error anyway), so the payable time never exceeds the
    assistant's worked time. A row whose end is not after its start is worth 0."""
    mine = _order(ctx.submitted_at, ctx.sheet_id, this_sheet=True)
    earlier: dict[dt.date, list[Span]] = defaultdict(list)
    for other in _others(ctx):
        if (
            other.assistant_id == ctx.assistant_id
            and _order(other.submitted_at, other.sheet_id, this_sheet=False) < mine
        ):
            earlier[other.day].append(_span(other.day, other.start, other.end))
    result: dict[int, int] = {}
    for entry in sorted(entries, key=lambda entry: entry.row):
        if entry.minutes <= 0:
            result[entry.row] = 0
            continue
        span = _span(entry.day, entry.start, entry.end)
        result[entry.row] = entry.minutes - _overlap(span, _merge(earlier[entry.day]))
        earlier[entry.day].append(span)
    return result


# ---------------------------------------------------------------------------------------------- R-T1–R-T3


def check_sheet(entries: Sequence[Entry], ctx: SheetContext) -> SheetCheck:
    """Every error and warning of a sheet at once (R-T2, R-T3), and its worked and payable minutes (R-T4).

    Rows whose date lies outside the month or whose end is not after the start are reported and then left
    out of the checks across rows and sheets (overlaps with other sheets, totals, weeks), which would only
    repeat the same mistake."""
    problems: list[Problem] = []
    following = next_month(ctx.month)
    month_window = _day_span(ctx.month, following)

    for entry in entries:
        problems.extend(_row_problems(entry, ctx, following))
    problems.extend(_overlaps_in_sheet(entries))

    counted = [entry for entry in entries if entry.minutes > 0 and ctx.month <= entry.day < following]
    others = _others(ctx)
    of_recipient = [other for other in others if other.recipient_id == ctx.recipient_id]
    of_assistant = [other for other in others if other.assistant_id == ctx.assistant_id]

    problems.extend(_overlaps_with_others(counted, of_recipient, ctx))

    worked = sum(entry.minutes for entry in entries if entry.minutes > 0)
    sheet_total = sum(entry.minutes for entry in counted)
    if sheet_total > ctx.contract_monthly_hours * 60:
        problems.append(
            _problem(
                ERROR,
                "contract_hours_exceeded",
                None,
                "hours",
                _("the entries total %(used)s h, above the contract's %(limit)d h a month."),
                used=_hours(sheet_total),
                limit=ctx.contract_monthly_hours,
            )
        )

    recipient_spans = [_span(e.day, e.start, e.end) for e in counted] + [
        _span(o.day, o.start, o.end) for o in of_recipient
    ]
    month_used = _length(_merge(_clip(recipient_spans, month_window)))
    month_holds = month_used <= ctx.month_entitlement_hours * 60
    if counted and not month_holds:
        problems.append(
            _problem(
                ERROR,
                "entitlement_exceeded",
                None,
                "hours",
                _(
                    "with all their contracts the recipient's hours in %(month)s total %(used)s h, above "
                    "the month's entitlement of %(limit)d h."
                ),
                month=f"{ctx.month:%m.%Y}",
                used=_hours(month_used),
                limit=ctx.month_entitlement_hours,
            )
        )

    problems.extend(_week_problems(counted, recipient_spans, of_assistant, ctx))
    problems.extend(_purpose_problems(counted, of_recipient, ctx, month_window, month_holds))
    problems.extend(_transport_problems(entries, ctx))

    if ctx.submitted_on is not None:
        deadline = submission_deadline(ctx.month, ctx.deadline_day)
        if ctx.submitted_on > deadline:
            problems.append(
                _problem(
                    WARNING,
                    "late_submission",
                    None,
                    "submitted",
                    _("submitted on %(date)s, after the deadline %(deadline)s."),
                    date=_date(ctx.submitted_on),
                    deadline=_date(deadline),
                )
            )

    payable = payable_minutes(entries, ctx)
    non_payable = tuple(
        (entry.row, entry.minutes - payable[entry.row])
        for entry in sorted(entries, key=lambda entry: entry.row)
        if entry.minutes > 0 and payable[entry.row] < entry.minutes
    )
    ordered = sorted(problems, key=lambda problem: (problem.row is None, problem.row or 0))
    return SheetCheck(
        errors=tuple(problem for problem in ordered if problem.severity == ERROR),
        warnings=tuple(problem for problem in ordered if problem.severity == WARNING),
        worked_minutes=worked,
        payable_minutes=sum(payable[entry.row] for entry in entries if entry.minutes > 0),
        non_payable=non_payable,
    )


def _row_problems(entry: Entry, ctx: SheetContext, following: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    row = entry.row
    if not ctx.month <= entry.day < following:
        problems.append(
            _problem(
                ERROR,
                "date_outside_month",
                row,
                "date",
                _("%(date)s is outside the timesheet's month %(month)s."),
                date=_date(entry.day),
                month=f"{ctx.month:%m.%Y}",
            )
        )
    elif not ctx.contract_start <= entry.day <= ctx.contract_end:
        problems.append(
            _problem(
                ERROR,
                "date_outside_contract",
                row,
                "date",
                _("%(date)s is outside the contract period %(start)s–%(end)s."),
                date=_date(entry.day),
                start=_date(ctx.contract_start),
                end=_date(ctx.contract_end),
            )
        )
    if entry.minutes <= 0:
        problems.append(
            _problem(
                ERROR,
                "end_not_after_start",
                row,
                "end",
                _(
                    "the end %(end)s is not after the start %(start)s; an entry starts and ends on the "
                    "same day."
                ),
                end=_time(entry.end),
                start=_time(entry.start),
            )
        )
    if entry.purpose not in PURPOSES:
        problems.append(
            _problem(
                ERROR,
                "purpose_unknown",
                row,
                "purpose",
                _("%(code)s is not a purpose code; use one of %(codes)s."),
                code=entry.purpose or "—",
                codes=", ".join(PURPOSES),
            )
        )
    elif entry.purpose not in ctx.granted_purposes:
        problems.append(
            _problem(
                ERROR,
                "purpose_not_granted",
                row,
                "purpose",
                _("the purpose “%(purpose)s” is not in the recipient's grant."),
                purpose=_purpose_label(entry.purpose),
            )
        )
    elif entry.purpose in EDUCATION_PURPOSES:
        period = ctx.study_periods.get(entry.purpose)
        if period is None:
            problems.append(
                _problem(
                    ERROR,
                    "outside_study_period",
                    row,
                    "date",
                    _(
                        "the grant records no study period for “%(purpose)s”, so it cannot be used on "
                        "%(date)s."
                    ),
                    purpose=_purpose_label(entry.purpose),
                    date=_date(entry.day),
                )
            )
        elif not period[0] <= entry.day <= period[1]:
            problems.append(
                _problem(
                    ERROR,
                    "outside_study_period",
                    row,
                    "date",
                    _(
                        "%(date)s is outside the study period %(start)s–%(end)s; “%(purpose)s” is granted "
                        "only within it."
                    ),
                    date=_date(entry.day),
                    start=_date(period[0]),
                    end=_date(period[1]),
                    purpose=_purpose_label(entry.purpose),
                )
            )
    if entry.transport < 0:
        problems.append(
            _problem(
                ERROR,
                "transport_negative",
                row,
                "transport",
                _("the transport cost %(amount)s EUR is negative; enter 0 or more."),
                amount=f"{entry.transport:.2f}",
            )
        )
    return problems


def _overlaps_in_sheet(entries: Sequence[Entry]) -> list[Problem]:
    """Two entries of the sheet at overlapping times: reported on the later row, naming the earlier one."""
    by_day: dict[dt.date, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.minutes > 0:
            by_day[entry.day].append(entry)
    problems: list[Problem] = []
    for day in sorted(by_day):
        rows = sorted(by_day[day], key=lambda entry: entry.row)
        for index, entry in enumerate(rows):
            span = _span(day, entry.start, entry.end)
            for earlier in rows[:index]:
                if _overlaps(span, _span(day, earlier.start, earlier.end)):
                    problems.append(
                        _problem(
                            ERROR,
                            "entries_overlap",
                            entry.row,
                            "start",
                            _(
                                "%(start)s–%(end)s on %(date)s overlaps row %(other)d "
                                "(%(other_start)s–%(other_end)s)."
                            ),
                            start=_time(entry.start),
                            end=_time(entry.end),
                            date=_date(day),
                            other=earlier.row,
                            other_start=_time(earlier.start),
                            other_end=_time(earlier.end),
                        )
                    )
    return problems


def _overlaps_with_others(
    counted: Sequence[Entry], of_recipient: Sequence[OtherEntry], ctx: SheetContext
) -> list[Problem]:
    """The recipient served on another sheet at the same time: by another assistant (R-T2), or by the same
    assistant under another contract of the same recipient (the same time claimed twice)."""
    by_day: dict[dt.date, list[OtherEntry]] = defaultdict(list)
    for other in of_recipient:
        by_day[other.day].append(other)
    problems: list[Problem] = []
    for entry in counted:
        span = _span(entry.day, entry.start, entry.end)
        for other in sorted(by_day.get(entry.day, ()), key=lambda other: (other.start, other.sheet_id)):
            if not _overlaps(span, _span(other.day, other.start, other.end)):
                continue
            if other.assistant_id != ctx.assistant_id:
                code = "assistants_overlap"
                text = _(
                    "at %(start)s–%(end)s on %(date)s the recipient is already served by another assistant "
                    "(%(other_start)s–%(other_end)s)."
                )
            else:
                code = "other_sheet_overlap"
                text = _(
                    "%(start)s–%(end)s on %(date)s is already recorded for this recipient on another "
                    "timesheet (%(other_start)s–%(other_end)s)."
                )
            problems.append(
                _problem(
                    ERROR,
                    code,
                    entry.row,
                    "start",
                    text,
                    start=_time(entry.start),
                    end=_time(entry.end),
                    date=_date(entry.day),
                    other_start=_time(other.start),
                    other_end=_time(other.end),
                )
            )
    return problems


def _row_at(counted: Sequence[Entry], instant: int) -> int:
    """The row to name for a limit passed at `instant`: the sheet's entry running then, else its next entry,
    else its last one (the limit was passed by other sheets' later entries)."""
    chronological = sorted(counted, key=lambda entry: (entry.day, entry.start, entry.row))
    for entry in chronological:
        if _span(entry.day, entry.start, entry.end)[1] > instant:
            return entry.row
    return chronological[-1].row


def _week_problems(
    counted: Sequence[Entry],
    recipient_spans: Sequence[Span],
    of_assistant: Sequence[OtherEntry],
    ctx: SheetContext,
) -> list[Problem]:
    """The recipient's week above W and the assistant's week above 40 h, for every calendar week that holds
    an entry of the sheet; the weeks reach into the neighbouring months through `others`."""
    assistant_spans = [_span(e.day, e.start, e.end) for e in counted] + [
        _span(o.day, o.start, o.end) for o in of_assistant
    ]
    problems: list[Problem] = []
    for monday in sorted({week_of(entry.day) for entry in counted}):
        sunday = monday + dt.timedelta(days=6)
        window = _day_span(monday, monday + dt.timedelta(days=7))
        in_week = [entry for entry in counted if monday <= entry.day <= sunday]
        checks = (
            (
                recipient_spans,
                ctx.weekly_cap,
                "recipient_week_exceeded",
                _(
                    "in the week %(monday)s–%(sunday)s the recipient's hours with all their assistants total "
                    "%(used)s h, above the weekly cap of %(limit)d h."
                ),
            ),
            (
                assistant_spans,
                ASSISTANT_WEEKLY_CAP,
                "assistant_week_exceeded",
                _(
                    "in the week %(monday)s–%(sunday)s the assistant's hours with all their recipients total "
                    "%(used)s h, above %(limit)d h."
                ),
            ),
        )
        for spans, cap, code, text in checks:
            merged = _merge(_clip(spans, window))
            reached = _limit_reached_at(merged, cap * 60)
            if reached is None:
                continue
            problems.append(
                _problem(
                    ERROR,
                    code,
                    _row_at(in_week, reached),
                    "hours",
                    text,
                    monday=_date(monday),
                    sunday=_date(sunday),
                    used=_hours(_length(merged)),
                    limit=cap,
                )
            )
    return problems


def _purpose_usable(entry: Entry, ctx: SheetContext) -> bool:
    """The entry's purpose is granted and, for education, the day lies in the study period; the others are
    already errors and stay out of the purpose's month hours."""
    if entry.purpose not in ctx.granted_purposes:
        return False
    if entry.purpose in EDUCATION_PURPOSES:
        period = ctx.study_periods.get(entry.purpose)
        return period is not None and period[0] <= entry.day <= period[1]
    return True


def _purpose_problems(
    counted: Sequence[Entry],
    of_recipient: Sequence[OtherEntry],
    ctx: SheetContext,
    month_window: Span,
    month_holds: bool,
) -> list[Problem]:
    """A purpose's month hours exceeded by all the recipient's sheets (R-T3): a warning while the month total
    holds (an exceeded total is already an error); an error, always, when the rule set is purpose-bound."""
    if not (ctx.purpose_bound or month_holds):
        return []
    problems: list[Problem] = []
    usable = [entry for entry in counted if _purpose_usable(entry, ctx)]
    for purpose in sorted({entry.purpose for entry in usable}):
        if purpose not in ctx.purpose_month_hours:
            continue
        limit = ctx.purpose_month_hours[purpose]
        own = [entry for entry in usable if entry.purpose == purpose]
        spans = [_span(e.day, e.start, e.end) for e in own] + [
            _span(o.day, o.start, o.end) for o in of_recipient if o.purpose == purpose
        ]
        merged = _merge(_clip(spans, month_window))
        reached = _limit_reached_at(merged, limit * 60)
        if reached is None:
            continue
        problems.append(
            _problem(
                ERROR if ctx.purpose_bound else WARNING,
                "purpose_hours_exceeded",
                _row_at(own, reached),
                "purpose",
                _("“%(purpose)s” is used %(used)s h in %(month)s, above its %(limit)d h for the month."),
                purpose=_purpose_label(purpose),
                used=_hours(_length(merged)),
                month=f"{ctx.month:%m.%Y}",
                limit=limit,
            )
        )
    return problems


def _transport_problems(entries: Sequence[Entry], ctx: SheetContext) -> list[Problem]:
    """The sheet's transport costs above the municipality's monthly limit (R-T3), named at the row that
    passes it (in date order)."""
    if ctx.transport_limit is None:
        return []
    total = Decimal("0")
    for entry in sorted(entries, key=lambda entry: (entry.day, entry.start, entry.row)):
        total += max(entry.transport, Decimal("0"))
        if total > ctx.transport_limit:
            whole = sum((max(e.transport, Decimal("0")) for e in entries), Decimal("0"))
            return [
                _problem(
                    WARNING,
                    "transport_over_limit",
                    entry.row,
                    "transport",
                    _(
                        "the transport costs reach %(amount)s EUR, above the municipality's monthly limit "
                        "of %(limit)s EUR."
                    ),
                    amount=f"{whole:.2f}",
                    limit=f"{ctx.transport_limit:.2f}",
                )
            ]
    return []
