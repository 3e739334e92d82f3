"""`smaudit diff` and `smaudit history`, and what `check --baseline/--history` call."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from smaudit.cli.emitting import write_targets
from smaudit.cli.strict import Command
from smaudit.cli.support import FAIL_ON, guarded
from smaudit.cli.targets import output_targets, refuse_overwriting_inputs
from smaudit.formats import DRIFT_FORMATS, HISTORY_FORMATS
from smaudit.formats.findings.jsonfeed import as_feed
from smaudit.model import Report, Severity
from smaudit.runs.compare import compare
from smaudit.runs.drift import Drift, gate, summary_line
from smaudit.runs.feed import load_feed
from smaudit.runs.history import (
    FindingTimelines,
    HistoryView,
    RunFindings,
    RunList,
    RunRow,
    list_runs,
    run_findings,
)
from smaudit.runs.record import record_feed
from smaudit.runs.timelines import timelines


def record_run(history_path: Path, report: Report, include_passed: bool = False) -> str:
    """Record this run in the history at `history_path` (created if absent); the run id.
    Passes are recorded only with `include_passed`: history infers them from each run's scope."""
    view = report if include_passed else report.without_passes()
    return record_feed(history_path, as_feed(view))


def earlier_runs(history_path: Path) -> tuple[RunRow, ...]:
    """The runs recorded at `history_path` so far, oldest first; none where it does not exist
    yet (this run will create it). InputError if it is not a history smaudit can read."""
    return list_runs(history_path) if history_path.exists() else ()


def baseline_drift(old_feed_path: Path, report: Report) -> Drift:
    """What changed since the feed at `old_feed_path` (InputError if it is unusable)."""
    return compare(load_feed(old_feed_path), as_feed(report))


@click.command(cls=Command)
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(list(DRIFT_FORMATS)), default="table", show_default=True
)
@click.option(
    "--output",
    "outputs",
    multiple=True,
    metavar="[FORMAT:]FILE",
    help="Write the drift to FILE (atomically) instead of the terminal, as for check --output: "
    "in FORMAT if given, else in --format if given, else as the file's name says (.md, "
    ".json, .txt). Repeatable.",
)
@click.option(
    "--fail-on-new",
    is_flag=True,
    help="Exit 1 if a new failure or an expired waiver is at or above --fail-on, else 3 if "
    "something at or above it newly could not be assessed. Without it, diff exits 0.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="low",
    show_default=True,
    help="Lowest severity that --fail-on-new counts.",
)
@guarded
def diff(
    old: Path, new: Path, fmt: str, outputs: tuple[str, ...], fail_on_new: bool, fail_on: str
) -> None:
    """Compare two JSON feeds (smaudit check --format json): new failures, fixed, still
    failing, waivers granted and expired, accounts and controls added or removed."""
    targets = output_targets(outputs, fmt, DRIFT_FORMATS)
    refuse_overwriting_inputs(targets, (old, new))
    drift = compare(load_feed(old), load_feed(new))
    write_targets(drift, targets, DRIFT_FORMATS)
    if ("table", None) not in targets:
        click.echo(summary_line(drift), err=True)
    sys.exit(gate(drift, fail_on_new, Severity(fail_on)))


@click.command("history", cls=Command)
@click.option(
    "--history",
    "history_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The history database that check --history records into.",
)
@click.option(
    "--format", "fmt", type=click.Choice(list(HISTORY_FORMATS)), default="table", show_default=True
)
@click.option("--run", "run_id", metavar="ID", help="One run's findings (its id or a prefix).")
@click.option(
    "--findings",
    "by_finding",
    is_flag=True,
    help="Each finding that ever failed: first and last seen failing, fixed on, days to fix. "
    "With --run: only the findings failing in that run.",
)
@click.option(
    "--output",
    "outputs",
    multiple=True,
    metavar="[FORMAT:]FILE",
    help="Write the view to FILE (atomically) instead of the terminal, as for check --output. "
    "Repeatable.",
)
@guarded
def history_command(
    history_path: Path, fmt: str, run_id: str | None, by_finding: bool, outputs: tuple[str, ...]
) -> None:
    """List recorded runs with pass rate and failures by severity."""
    targets = output_targets(outputs, fmt, HISTORY_FORMATS)
    refuse_overwriting_inputs(targets, (history_path,))
    view: HistoryView
    if by_finding:
        view = FindingTimelines(timelines(history_path, run_id))
    elif run_id is not None:
        view = RunFindings(*run_findings(history_path, run_id))
    else:
        view = RunList(list_runs(history_path))
    write_targets(view, targets, HISTORY_FORMATS)
