"""What every account import shares: the -o, --merge, --force and -q options, the refusal to
overwrite, and writing (or merging) the result with its summary."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from smaudit.cli.importing_people import remarks_summary
from smaudit.cli.merging import merge_import, report_merge
from smaudit.cli.output import same_file, write_atomic
from smaudit.cli.support import parse_as_of
from smaudit.errors import InputError
from smaudit.inventory.importers.records import ImportResult
from smaudit.inventory.writer import render
from smaudit.safety.terminal import display_path

F = TypeVar("F", bound=Callable[..., Any])


def output_option(command: F) -> F:
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write the inventory to FILE (default: standard output).",
    )(command)


def naming_options(command: F) -> F:
    """--agency and --abbreviation: what the inventory is called, and how ids begin."""
    command = click.option(
        "--abbreviation",
        metavar="ABBR",
        help="The agency's abbreviation: written to the inventory and used to begin account ids.",
    )(command)
    return click.option(
        "--agency", metavar="NAME", help="The agency's name (default: the one most records name)."
    )(command)


def common_options(command: F) -> F:
    command = click.option(
        "--merge",
        "merge_into",
        metavar="INVENTORY",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Merge into the inventory file INVENTORY, in place (or into --output, leaving "
        "INVENTORY as it is): add the accounts it lacks, fill the fields it lacks, never "
        "change what it says. Disagreements are listed as conflicts (exit 0: the inventory "
        "keeps its value); its comments, order and layout stay byte for byte.",
    )(command)
    command = recorded_on_option(
        "SM-AU-02 dates the facts by it. Default: the date the export itself gives, if any; "
        "a registry file or a spreadsheet gives none."
    )(command)
    command = click.option("--force", is_flag=True, help="Overwrite an existing --output file.")(
        command
    )
    return click.option(
        "-q", "--quiet", is_flag=True, help="Print only the summary, not each skipped record."
    )(command)


def recorded_on_option(why: str) -> Callable[[F], F]:
    """`--recorded-on DATE`: the day an export was made, which its `sources` entry records."""
    return click.option(
        "--recorded-on",
        metavar="DATE",
        callback=_recorded_on,
        help=f"The day the file's facts were true, when it was exported: {why}",
    )


def _recorded_on(
    ctx: click.Context | None, param: click.Parameter | None, value: str | None
) -> dt.date | None:
    if value is None:
        return None
    day = parse_as_of(ctx, param, value)
    if day > dt.datetime.now(dt.UTC).date():
        raise click.BadParameter(f"{value} is in the future: an export cannot be dated ahead")
    return day


def refuse_overwrite(
    output: Path | None, force: bool, source: Path, merge_into: Path | None = None
) -> None:
    """An import over a hand-completed inventory would throw the work away; over the file
    it imports, it would destroy its own input, --force or not. A merge keeps the work, so
    it needs no --force to update its own inventory."""
    for target in (output, merge_into):
        if target is not None and same_file(target, source):
            raise click.UsageError(f"{display_path(target)!r} is the file being imported")
    if merge_into is not None and output is not None and same_file(output, merge_into):
        return
    if output is not None and output.exists() and not force:
        raise click.UsageError(f"{output} exists; choose another --output or add --force")


def write_import(
    result: ImportResult,
    command: str,
    output: Path | None,
    quiet: bool,
    merge_into: Path | None = None,
    recorded_on: dt.date | None = None,
) -> None:
    """Write the skeleton (or merge it), then the notes and the summary. `recorded_on`, when
    given, dates the facts in place of what the export says."""
    if recorded_on is not None:
        result = dataclasses.replace(result, exported_on=recorded_on)
    if not result.accounts:
        # a wrong file (or a wrong --shape) must not look like a successful, empty import
        raise InputError.at(
            str(result.source),
            0,
            0,
            f"no accounts found ({len(result.skipped)} records skipped); is this "
            "the right file for this importer?",
        )
    merged = None
    if merge_into is not None:  # before anything is printed: a refusal stands alone
        merged = merge_import(result, command, merge_into, output)
    else:
        text = render(result, command)
        if output is None:
            click.echo(text, nl=False)
        else:
            write_atomic(output, text)
    if not quiet:
        for remark in result.skipped:
            click.echo(f"skipped: {remark}", err=True)
        for remark in result.notes:
            click.echo(f"note: {remark}", err=True)
    click.echo(import_summary(result), err=True)
    if merged is not None and merge_into is not None:
        report_merge(merged, result.source, merge_into, output, quiet)
    elif output is not None:
        click.echo(
            f"wrote {output}; next: fill in what each account's `# to fill in` comment lists, "
            "then smaudit check",
            err=True,
        )


def import_summary(result: ImportResult) -> str:
    """`imported 391 accounts from FILE (kind), skipped 19: 19 duplicate; 4 notes`."""
    line = f"imported {len(result.accounts)} accounts from {result.source} ({result.shape})"
    return line + remarks_summary(result.skipped, result.notes)
