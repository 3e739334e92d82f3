"""`smaudit check`: the inventory in, findings and an exit code out."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path

import click

from smaudit.assessment import engine
from smaudit.assessment.forked import available_cpus
from smaudit.assessment.planner import Plan, plan
from smaudit.assessment.waivers import apply as apply_waivers
from smaudit.assessment.waivers import load_waivers
from smaudit.cli.emitting import emit
from smaudit.cli.github import repository_links
from smaudit.cli.progress import progress
from smaudit.cli.runs import baseline_drift, earlier_runs, record_run
from smaudit.cli.strict import Command
from smaudit.cli.support import (
    add_controls_option,
    gate,
    guarded,
    limit_options,
    note_skipped,
    profile_options,
    refuse_group_by,
    report_options,
    source_root,
)
from smaudit.cli.targets import output_targets, refuse_overwriting_inputs
from smaudit.exitcodes import exit_code
from smaudit.formats import FORMATS, RenderOptions
from smaudit.formats import explain as explain_view
from smaudit.model import Report, Severity, Waiver
from smaudit.reading.limits import Limits
from smaudit.runs.drift import gate as drift_gate
from smaudit.runs.drift import summary_line as drift_summary_line


def _split_ids(_ctx: click.Context, _param: click.Parameter, values: Sequence[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@click.command(cls=Command)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--controls",
    "controls_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="A folder of control files to use instead of the shipped catalogue (without "
    "--profile, all of its controls run).",
)
@add_controls_option(
    "A folder of the agency's own control files, run beside the profile's (repeatable). "
    "Their ids must be their own; a profile file may list them too."
)
@profile_options
@report_options
@click.option(
    "--select",
    multiple=True,
    callback=_split_ids,
    metavar="ID|FAMILY|PROFILE",
    help="Run only these controls (repeatable or comma-separated; any case): an id may add a "
    "control beyond the profile; a family (IA) or a profile (gsa-2015) selects its members "
    "within the profile.",
)
@click.option(
    "--skip",
    multiple=True,
    callback=_split_ids,
    metavar="ID|FAMILY|PROFILE",
    help="Do not run these controls (as for --select).",
)
@click.option(
    "--waivers",
    "waivers_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A waivers file: accepted exceptions with approver and expiry.",
)
@click.option("--ignore-waivers", is_flag=True, help="Report every failure, waived or not.")
@click.option(
    "--fail-on-expired-waivers",
    is_flag=True,
    help="Exit 1 when a waiver matched a failure but has expired.",
)
@click.option(
    "--history",
    "history_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Record this run in an SQLite history database (created if absent), always with "
    "personal data masked.",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A previous JSON feed: report what changed since (drift summary on stderr).",
)
@click.option(
    "--fail-on-new",
    is_flag=True,
    help="With --baseline: exit 1 only for what got worse (new failures, expired waivers).",
)
@click.option(
    "--explain", metavar="ID", help="Show each step of one control's check, with the values it saw."
)
@click.option(
    "--account",
    "account_ids",
    multiple=True,
    metavar="ID",
    help="Check only this account (repeatable; with --office, accounts of either).",
)
@click.option(
    "--office",
    "offices",
    multiple=True,
    metavar="NAME",
    help="Check only the accounts of this office (its `office`, in any case; repeatable).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Processes to evaluate the accounts in; 0 for one per CPU. The findings are the same "
    "for any number; more pays on large inventories (see the README's performance section).",
)
@limit_options
@guarded
def check(
    paths: tuple[Path, ...],
    controls_dir: Path | None,
    added_controls: tuple[Path, ...],
    profile: str | None,
    as_of: dt.date,
    fmt: str,
    outputs: tuple[str, ...],
    fail_on: str,
    fail_on_not_assessed: str | None,
    select: list[str],
    skip: list[str],
    include_passed: bool,
    show_personal_data: bool,
    root_given: Path | None,
    group_by: str | None,
    per_account_metrics: bool,
    waivers_file: Path | None,
    ignore_waivers: bool,
    fail_on_expired_waivers: bool,
    history_path: Path | None,
    baseline: Path | None,
    fail_on_new: bool,
    explain: str | None,
    account_ids: tuple[str, ...],
    offices: tuple[str, ...],
    jobs: int,
    table_view: str | None,
    limits: Limits,
) -> None:
    """Check inventory files (YAML/JSON, or folders of them) against the controls."""
    if explain:
        if outputs or history_path or baseline or fail_on_new:
            raise click.UsageError(
                "--explain prints one control's steps; it does not go with --output, "
                "--history, --baseline or --fail-on-new"
            )
        select, skip, include_passed = [explain.upper()], [], True
    if fail_on_new and baseline is None:
        raise click.UsageError("--fail-on-new needs --baseline")
    targets = output_targets(outputs, fmt, FORMATS)
    refuse_group_by(group_by, targets)
    profile_file = Path(profile) if profile and Path(profile).suffix in (".yaml", ".yml") else None
    refuse_overwriting_inputs(
        targets, [*paths, controls_dir, *added_controls, profile_file, waivers_file, history_path]
    )
    with progress("reading the inventory and the controls"):
        run = plan(
            paths,
            controls_dir,
            profile,
            select,
            skip,
            limits,
            as_of,
            added_controls,
            account_ids,
            offices,
        )
    note_skipped(run.inventory)
    every_outcome = include_passed or any(FORMATS[name].needs_all_outcomes for name, _ in targets)
    options = engine.Options(
        include_passed=every_outcome,
        show_personal_data=show_personal_data,
        profile=run.profile_name,
        catalogue_version=run.catalogue.version,
        severity_overrides=run.severity_overrides,
        jobs=jobs or available_cpus(),
    )
    accepted = None
    if waivers_file is not None and not ignore_waivers:
        accepted = load_waivers(
            waivers_file, run.catalogue.controls, run.parameters.get("max_waiver_days")
        )
    accounts = len(run.inventory.accounts)
    with progress(f"checking {accounts:,} accounts against {len(run.controls)} controls"):
        report = _evaluate(run, as_of, options, accepted)
    if explain:
        one = account_ids[0] if len(account_ids) == 1 and not offices else None
        click.echo(explain_view.render(report, run.controls[0], one), nl=False)
        sys.exit(exit_code(report, gate(fail_on, fail_on_not_assessed, fail_on_expired_waivers)))
    # read the baseline before writing outputs: `--baseline F --output json:F` rolls it forward
    drift = baseline_drift(baseline, report) if baseline is not None else None
    trend = any(FORMATS[name].trend for name, _ in targets)
    rendering = RenderOptions(
        source_root=source_root(root_given, paths[0]),
        drift=drift,
        history=earlier_runs(history_path) if trend and history_path is not None else None,
        per_account_metrics=per_account_metrics,
        group_by=group_by,
        repository=repository_links(os.environ),
        table_view=table_view or "auto",
        show_personal_data=show_personal_data,
        jobs=options.jobs,
    )
    # not while the terminal itself is being written to: the two would interleave
    on_terminal = any(path is None for _, path in targets)
    with nullcontext() if on_terminal else progress("writing the reports"):
        emit(report, targets, include_passed, rendering)
    if history_path is not None:
        recorded = report
        if show_personal_data:  # a history outlives the run, and is read by a wider audience
            masked = _evaluate(run, as_of, replace(options, show_personal_data=False), accepted)
            recorded = replace(masked, run=report.run)
            click.echo("history: this run is recorded with personal data masked", err=True)
        record_run(history_path, recorded, include_passed)
    if drift is not None:
        click.echo(drift_summary_line(drift), err=True)
        if fail_on_new:
            sys.exit(drift_gate(drift, True, Severity(fail_on)))
    sys.exit(exit_code(report, gate(fail_on, fail_on_not_assessed, fail_on_expired_waivers)))


def _evaluate(
    run: Plan, as_of: dt.date, options: engine.Options, waivers: Sequence[Waiver] | None
) -> Report:
    report = engine.evaluate(run.inventory, run.controls, as_of, run.parameters, options)
    if waivers is not None:
        report = apply_waivers(report, waivers, as_of, options.show_personal_data)
    return report
