"""The `import` and `reconcile` commands: parse options, import or reconcile, write, exit code."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from smaudit.cli.importing_people import (
    people_options,
    remarks_summary,
    roster_option,
    run_people_import,
    with_roster,
)
from smaudit.cli.importing_vault import vault_options
from smaudit.cli.merging import merge_import, report_merge
from smaudit.cli.output import same_file, write_atomic
from smaudit.cli.strict import Group
from smaudit.cli.support import guarded
from smaudit.errors import InputError
from smaudit.inventory.importers.assemble import Naming
from smaudit.inventory.importers.legislators import import_legislators
from smaudit.inventory.importers.records import ImportResult
from smaudit.inventory.importers.registry import SHAPES, import_registry
from smaudit.inventory.importers.sheet_fields import FIELD_NAMES
from smaudit.inventory.importers.spreadsheet import import_spreadsheet, parse_mapping
from smaudit.inventory.importers.vault import import_vault
from smaudit.inventory.writer import render
from smaudit.safety.terminal import display_path

F = TypeVar("F", bound=Callable[..., Any])
SHAPE_CHOICES = ["auto", *SHAPES]


def _output_option(command: F) -> F:
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write the inventory to FILE (default: standard output).",
    )(command)


def _naming_options(command: F) -> F:
    command = click.option(
        "--abbreviation",
        metavar="ABBR",
        help="The agency's abbreviation: written to the inventory and used to begin account ids.",
    )(command)
    return click.option(
        "--agency", metavar="NAME", help="The agency's name (default: the one most records name)."
    )(command)


def _common_options(command: F) -> F:
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
    command = click.option("--force", is_flag=True, help="Overwrite an existing --output file.")(
        command
    )
    return click.option(
        "-q", "--quiet", is_flag=True, help="Print only the summary, not each skipped record."
    )(command)


@click.group("import", cls=Group)
def import_group() -> None:
    """Write an inventory skeleton from a registry file, a spreadsheet or a vault export.

    \b
    The skeleton lists which accounts exist, with the security facts the source
    gives (a registry none; a spreadsheet or a password manager's export may give
    MFA, passwords and holders). The rest is left for you to fill in, so `smaudit
    check` reports it as not assessed until you do.
    """


@import_group.command("registry")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--shape",
    type=click.Choice(SHAPE_CHOICES),
    default="auto",
    show_default=True,
    help="The file's kind: API JSON, the CSV export, the bulk-import CSV, or the 2012 registry.",
)
@click.option(
    "--agency",
    "agencies",
    multiple=True,
    metavar="AGENCY",
    help="Import only the records of AGENCY: its full name, the acronym in parentheses "
    "(NOAA), or the registry's agency id (81; `commerce` in the 2012 registry); any case; "
    "repeatable. One agency selected is also the inventory's agency name. No match lists "
    "the agencies the file holds.",
)
@click.option(
    "--name",
    metavar="NAME",
    help="The agency name to write in the inventory (default: the one agency --agency "
    "selected, else the agency most records name).",
)
@click.option(
    "--abbreviation",
    metavar="ABBR",
    help="The agency's abbreviation: written to the inventory and used to begin account ids.",
)
@roster_option
@_output_option
@_common_options
@guarded
def import_registry_command(
    file: Path,
    shape: str,
    roster: Path | None,
    agencies: tuple[str, ...],
    name: str | None,
    abbreviation: str | None,
    output: Path | None,
    quiet: bool,
    force: bool,
    merge_into: Path | None,
) -> None:
    """Import Digital Registry records: API JSON, CSV export, bulk-import CSV or 2012 CSV.

    \b
    --agency NOAA     selects the records naming NOAA, and names the inventory after it
    --name "..."      only names the inventory (all records, or those --agency selects)
    """
    _refuse_overwrite(output, force, file, merge_into)
    result = with_roster(import_registry(file, shape, Naming(name, abbreviation), agencies), roster)
    _write(result, "smaudit import registry", output, quiet, merge_into)


@import_group.command("csv")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--map",
    "pairs",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Read COLUMN into FIELD (repeatable): an inventory field by its path, or `ignore` "
    f"to drop the column. Fields: {', '.join(FIELD_NAMES)}.",
)
@click.option(
    "--status",
    type=click.Choice(["active", "dormant", "retired"]),
    help="The status of accounts whose row gives none (no Status column, or a blank cell): "
    "`active` when the sheet lists the accounts in use. Default: left blank, which leaves "
    "most controls not assessed (smaudit todo lists them).",
)
@_naming_options
@roster_option
@_output_option
@_common_options
@guarded
def import_csv_command(
    file: Path,
    pairs: tuple[str, ...],
    status: str | None,
    roster: Path | None,
    agency: str | None,
    abbreviation: str | None,
    output: Path | None,
    quiet: bool,
    force: bool,
    merge_into: Path | None,
) -> None:
    """Import a spreadsheet saved as CSV, one account per row (see docs/importing.md).

    \b
    Columns are recognised by their header (MFA, 2FA, Password location, Last
    password change, Holder...); yes/no, MFA methods, password managers and dates
    are read as trackers write them (3/1/2026 is March 1). A value that cannot be
    read is a note with its row and column, and the field is left absent. A
    column that holds passwords is refused.
    """
    try:
        mapping = parse_mapping(pairs)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--map") from None
    _refuse_overwrite(output, force, file, merge_into)
    naming = Naming(agency, abbreviation)
    result = with_roster(import_spreadsheet(file, mapping, naming, status), roster)
    _write(result, "smaudit import csv", output, quiet, merge_into)


@import_group.command("legislators")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--agency", metavar="NAME", help="Default: United States Congress.")
@_output_option
@_common_options
@guarded
def import_legislators_command(
    file: Path,
    agency: str | None,
    output: Path | None,
    quiet: bool,
    force: bool,
    merge_into: Path | None,
) -> None:
    """Import congress-legislators' legislators-social-media.yaml (one account per handle)."""
    _refuse_overwrite(output, force, file, merge_into)
    result = import_legislators(file, Naming(agency) if agency else None)
    _write(result, "smaudit import legislators", output, quiet, merge_into)


@import_group.command("people")
@people_options
@_output_option
@guarded
def import_people_command(
    file: Path, pairs: tuple[str, ...], output: Path | None, quiet: bool, force: bool
) -> None:
    """Import the staff roster from an HR export (CSV) or a directory listing (JSON).

    \b
    The JSON is Microsoft Graph /users ({"value": [...]}) or Google Workspace
    users.list ({"users": [...]}), saved as the API returns it. Give the roster to
    check with the inventory (smaudit check inventory.yaml people.yaml), and to
    account imports with --people, which then name owners by its ids.
    """
    _refuse_overwrite(output, force, file)
    run_people_import(file, pairs, output, quiet)


@import_group.command("vault")
@vault_options
@_naming_options
@roster_option
@_output_option
@_common_options
@guarded
def import_vault_command(
    file: Path,
    members: Path | None,
    shape: str,
    roster: Path | None,
    agency: str | None,
    abbreviation: str | None,
    output: Path | None,
    quiet: bool,
    force: bool,
    merge_into: Path | None,
) -> None:
    """Import the vault facts of the accounts a password manager keeps the logins of.

    \b
    FILE: a Bitwarden or 1Password export. MEMBERS: for 1Password, the vault's
    `op vault user list VAULT --format json`. Passwords, TOTP seeds, notes and hidden
    fields are never kept (docs/importing.md). --merge INVENTORY fills yours.
    """
    for source in (file, members) if members else (file,):
        _refuse_overwrite(output, force, source, merge_into)
    result = with_roster(import_vault(file, shape, members, Naming(agency, abbreviation)), roster)
    _write(result, "smaudit import vault", output, quiet, merge_into)


def _refuse_overwrite(
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


def _write(
    result: ImportResult,
    command: str,
    output: Path | None,
    quiet: bool,
    merge_into: Path | None = None,
) -> None:
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
