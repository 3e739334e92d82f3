"""`smaudit todo`: what the inventory still lacks for a profile, per owner and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from smaudit.assessment.engine import Options, evaluate
from smaudit.assessment.planner import plan
from smaudit.assessment.todo import worklist
from smaudit.cli.emitting import write_targets
from smaudit.cli.strict import Command
from smaudit.cli.support import guarded, limit_options, note_skipped, profile_options
from smaudit.cli.targets import output_targets, refuse_overwriting_inputs
from smaudit.formats import TODO_FORMATS
from smaudit.reading.limits import Limits


@click.command(cls=Command)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@profile_options
@click.option(
    "--format", "fmt", type=click.Choice(list(TODO_FORMATS)), default="table", show_default=True
)
@click.option(
    "--output",
    "outputs",
    multiple=True,
    metavar="[FORMAT:]FILE",
    help="Write the worklist to FILE (atomically) instead of the terminal, as for check "
    "--output. Repeatable.",
)
@click.option(
    "--show-personal-data",
    is_flag=True,
    help="Name owners by their roster id, not a pseudonym.",
)
@limit_options
@guarded
def todo(
    paths: tuple[Path, ...],
    profile: str | None,
    as_of: dt.date,
    fmt: str,
    outputs: tuple[str, ...],
    show_personal_data: bool,
    limits: Limits,
) -> None:
    """List what the inventory still lacks for the profile: per account owner, each field
    that leaves checks "not assessed", how many accounts lack it and which controls wait on
    it, most checks first. The worklist after an import.

    \b
    Built from the run's own not-assessed results: run `check` to see failures.
    Exit codes: 0 (a worklist is not a finding, even a long one), 2 bad input.
    """
    targets = output_targets(outputs, fmt, TODO_FORMATS)
    refuse_overwriting_inputs(targets, paths)
    chosen = plan(paths, profile_name=profile, limits=limits, as_of=as_of)
    note_skipped(chosen.inventory)
    options = Options(profile=chosen.profile_name, severity_overrides=chosen.severity_overrides)
    report = evaluate(chosen.inventory, chosen.controls, as_of, chosen.parameters, options)
    write_targets(worklist(report, show_personal_data), targets, TODO_FORMATS)
