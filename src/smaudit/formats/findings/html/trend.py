"""The HTML report's trend: the runs recorded in `--history`, then this one, as a line chart
drawn in inline SVG and, beside it, the table of the same figures (the chart's text alternative
for anyone who cannot see it, and the numbers for anyone who wants them)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from smaudit.formats.findings.html.model import Series, Tick, Trend, TrendPoint
from smaudit.model import Report, Severity, Status
from smaudit.runs.history import RunRow

MAX_RUNS = 60
"""The last runs the chart and its table show: two months of nightly runs. `smaudit history`
lists them all."""

WIDTH, HEIGHT = 760, 260
"""The chart's drawing box (the SVG's viewBox): it scales to the page's width."""
LEFT, RIGHT, TOP, BOTTOM = 56, 150, 16, 40
"""Margins: the value axis's labels on the left, the lines' own labels on the right, the dates
below."""

_SERIES = (  # (key, label, marker): each line has its own dash and marker, never colour alone
    ("fail", "failed", "circle"),
    ("error", "not assessed", "square"),
)


def trend(report: Report, earlier: Sequence[RunRow] | None) -> Trend | None:
    """None when the run keeps no history (no `--history`): the page says how to start one."""
    if earlier is None:
        return None
    points = [*(_point(row) for row in earlier), _this_run(report)]
    shown = points[-MAX_RUNS:]
    top = _nice_ceiling(max(max(p.failed, p.not_assessed) for p in shown))
    return Trend(
        points=tuple(shown),
        severities=tuple(s.value for s in reversed(Severity)),
        earlier=len(points) - len(shown),
        series=tuple(_series(key, label, marker, shown, top) for key, label, marker in _SERIES),
        ticks=_ticks(top),
        dates=_date_ticks(shown),
        summary=_summary(shown),
        width=WIDTH,
        height=HEIGHT,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        plot_top=TOP,
        plot_bottom=HEIGHT - BOTTOM,
    )


def _point(row: RunRow, this_run: bool = False) -> TrendPoint:
    return TrendPoint(
        run_id=row.run_id,
        as_of=row.as_of.isoformat(),
        accounts=row.accounts,
        failed=row.counts.get(Status.FAIL, 0),
        by_severity=tuple(row.failed_by_severity.get(s, 0) for s in reversed(Severity)),
        not_assessed=row.counts.get(Status.ERROR, 0),
        waived=row.counts.get(Status.WAIVED, 0),
        passed=row.counts.get(Status.PASS, 0),
        pass_rate=_percent(row.pass_rate),
        this_run=this_run,
    )


def _this_run(report: Report) -> TrendPoint:
    """This run as the history will record it, so that its row and pass rate follow the same
    rule (RunRow.pass_rate) as the recorded runs'."""
    info, by_severity = report.run, report.counts_by_severity
    row = RunRow(
        run_id=info.id,
        as_of=info.as_of,
        started_at=info.started_at.isoformat(),
        profile=info.profile,
        catalogue_version=info.catalogue_version,
        tool_version="",
        accounts=len(report.inventory.accounts),
        controls=len(report.controls),
        counts={s: report.count(s) for s in Status},
        failed_by_severity={
            s: by_severity.get(s, {}).get(Status.FAIL, 0) for s in reversed(Severity)
        },
    )
    return _point(row, this_run=True)


def _percent(rate: float | None) -> str:
    return "n/a" if rate is None else f"{rate:.1%}"


def _nice_ceiling(value: int) -> int:
    """The axis's top: the first round number at or above `value` (at least 5) that five
    steps divide into whole numbers, close enough that the lines use most of the height."""
    if value <= 5:
        return 5
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        top = int(step * power)
        if top >= value and top % 5 == 0:
            return top
    raise AssertionError(value)  # unreachable: 10 * power > value, and a multiple of 5


def _x(index: int, count: int) -> float:
    """Runs are spaced evenly in the order they ran, not by date: two runs on one day stay
    apart, and a month without runs does not squeeze the rest."""
    span = WIDTH - RIGHT - LEFT
    return LEFT + (span / 2 if count == 1 else span * index / (count - 1))


def _y(value: int, top: int) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top)


def _series(key: str, label: str, marker: str, points: Sequence[TrendPoint], top: int) -> Series:
    values = [p.failed if key == "fail" else p.not_assessed for p in points]
    xy = tuple((round(_x(i, len(values)), 1), round(_y(v, top), 1)) for i, v in enumerate(values))
    return Series(
        key=key,
        label=label,
        marker=marker,
        points=" ".join(f"{x},{y}" for x, y in xy),
        markers=xy,
        last=values[-1],
        last_y=xy[-1][1],
    )


def _ticks(top: int) -> tuple[Tick, ...]:
    return tuple(Tick(f"{top * i // 5:,}", round(_y(top * i // 5, top), 1)) for i in range(6))


def _date_ticks(points: Sequence[TrendPoint]) -> tuple[Tick, ...]:
    """The first and the last run's dates, and up to three between: more would overlap."""
    count = len(points)
    chosen = sorted({round(i * (count - 1) / 4) for i in range(5)}) if count > 1 else [0]
    return tuple(Tick(points[i].as_of, round(_x(i, count), 1)) for i in chosen)


def _summary(points: Sequence[TrendPoint]) -> str:
    """The chart in one sentence: its text alternative, read out before the table."""
    first, last = points[0], points[-1]
    if len(points) == 1:
        return (
            f"One run so far ({last.as_of}): {last.failed:,} failed and {last.not_assessed:,} "
            "not assessed checks. The chart draws a line from the next recorded run."
        )
    return (
        f"Over {len(points)} runs from {first.as_of} to {last.as_of}, failed checks went from "
        f"{first.failed:,} to {last.failed:,} and not assessed checks from "
        f"{first.not_assessed:,} to {last.not_assessed:,}."
    )
