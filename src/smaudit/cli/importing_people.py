"""`import people` (the roster from an HR or directory export), and the `--people ROSTER` that
account imports join owners and holders to: options, run, summary."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from smaudit.cli.output import write_atomic
from smaudit.inventory.importers.people import PeopleResult
from smaudit.inventory.importers.people_csv import FIELDS
from smaudit.inventory.importers.people_import import import_people
from smaudit.inventory.importers.people_join import join_people, load_roster
from smaudit.inventory.importers.records import ImportResult, Remark
from smaudit.inventory.importers.tabular import parse_pairs
from smaudit.inventory.roster_writer import render_people

F = TypeVar("F", bound=Callable[..., Any])


def people_options(command: F) -> F:
    """FILE, --map, --force and -q of `import people` (its -o is the other imports')."""
    command = click.option(
        "-q", "--quiet", is_flag=True, help="Print only the summary, not each note."
    )(command)
    command = click.option("--force", is_flag=True, help="Overwrite an existing --output file.")(
        command
    )
    command = click.option(
        "--map",
        "pairs",
        multiple=True,
        metavar="COLUMN=FIELD",
        help=f"CSV only: read COLUMN into FIELD (repeatable). Fields: {', '.join(FIELDS)}, ignore.",
    )(command)
    return click.argument("file", type=click.Path(dir_okay=False, path_type=Path))(command)


def roster_option(command: F) -> F:
    """`--people ROSTER` of the account imports."""
    return click.option(
        "--people",
        "roster",
        metavar="ROSTER",
        type=click.Path(path_type=Path),
        help="Name owners, backup owners and holders by their person ids in ROSTER (a file "
        "`smaudit import people` wrote, or an inventory with people:), found by e-mail or "
        "name; those not found are written inline, and counted in a note.",
    )(command)


def with_roster(result: ImportResult, roster: Path | None) -> ImportResult:
    """`result` joined to the roster file `roster`, if one was given."""
    return result if roster is None else join_people(result, load_roster(roster))


def run_people_import(
    file: Path,
    pairs: Sequence[str],
    output: Path | None,
    quiet: bool,
    recorded_on: dt.date | None = None,
) -> None:
    """Import, write the roster (to `output` or standard output), then say what happened."""
    try:
        mapping = parse_pairs(pairs, FIELDS)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--map") from None
    result = import_people(file, mapping, recorded_on=recorded_on)
    text = render_people(result, "smaudit import people")
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
    if not quiet:
        for kind, remarks in (("skipped", result.skipped), ("note", result.notes)):
            for remark in remarks:
                click.echo(f"{kind}: {remark}", err=True)
    click.echo(people_summary(result), err=True)
    if output is not None:
        click.echo(f"wrote {output}; next: import accounts with --people {output}", err=True)


def people_summary(result: PeopleResult) -> str:
    """`imported 12 people from hr.csv (HR export (CSV)), skipped 1: 1 duplicate; 3 notes`."""
    count = f"{len(result.people)} {'person' if len(result.people) == 1 else 'people'}"
    line = f"imported {count} from {result.source} ({result.shape})"
    return line + remarks_summary(result.skipped, result.notes)


def remarks_summary(skipped: Sequence[Remark], notes: Sequence[Remark]) -> str:
    """`, skipped 19: 19 duplicate; 4 notes`: the end of every import's summary."""
    kinds = Counter(r.kind for r in skipped)
    line = f", skipped {len(skipped)}"
    if kinds:
        line += ": " + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
    if notes:
        line += f"; {len(notes)} note{'s' if len(notes) != 1 else ''}"
    return line
