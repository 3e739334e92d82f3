"""The `import` and `reconcile` commands: parse options, import or reconcile, write, exit code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from smaudit.cli.import_output import (
    common_options,
    naming_options,
    output_option,
    recorded_on_option,
    refuse_overwrite,
    write_import,
)
from smaudit.cli.importing_meta import import_meta_command
from smaudit.cli.importing_people import (
    people_options,
    roster_option,
    run_people_import,
    with_roster,
)
from smaudit.cli.importing_vault import import_vault_command
from smaudit.cli.strict import Group
from smaudit.cli.support import guarded
from smaudit.inventory.importers.assemble import Naming
from smaudit.inventory.importers.legislators import import_legislators
from smaudit.inventory.importers.registry import SHAPES, import_registry
from smaudit.inventory.importers.sheet_fields import FIELD_NAMES
from smaudit.inventory.importers.spreadsheet import import_spreadsheet, parse_mapping

F = TypeVar("F", bound=Callable[..., Any])
SHAPE_CHOICES = ["auto", *SHAPES]


@click.group("import", cls=Group)
def import_group() -> None:
    """Write an inventory skeleton from a registry file, a spreadsheet, a vault or Meta.

    \b
    The skeleton lists which accounts exist, with the security facts the source
    gives (a registry none; a spreadsheet or a password manager's export may give
    MFA, passwords and holders; Meta's Business Manager gives holders, their roles
    and their two-factor). The rest is left for you to fill in, so `smaudit
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
@output_option
@common_options
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
    recorded_on: dt.date | None,
) -> None:
    """Import Digital Registry records: API JSON, CSV export, bulk-import CSV or 2012 CSV.

    \b
    --agency NOAA     selects the records naming NOAA, and names the inventory after it
    --name "..."      only names the inventory (all records, or those --agency selects)
    """
    refuse_overwrite(output, force, file, merge_into)
    result = with_roster(import_registry(file, shape, Naming(name, abbreviation), agencies), roster)
    write_import(result, "smaudit import registry", output, quiet, merge_into, recorded_on)


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
@naming_options
@roster_option
@output_option
@common_options
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
    recorded_on: dt.date | None,
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
    refuse_overwrite(output, force, file, merge_into)
    naming = Naming(agency, abbreviation)
    result = with_roster(import_spreadsheet(file, mapping, naming, status), roster)
    write_import(result, "smaudit import csv", output, quiet, merge_into, recorded_on)


@import_group.command("legislators")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--agency", metavar="NAME", help="Default: United States Congress.")
@output_option
@common_options
@guarded
def import_legislators_command(
    file: Path,
    agency: str | None,
    output: Path | None,
    quiet: bool,
    force: bool,
    merge_into: Path | None,
    recorded_on: dt.date | None,
) -> None:
    """Import congress-legislators' legislators-social-media.yaml (one account per handle)."""
    refuse_overwrite(output, force, file, merge_into)
    result = import_legislators(file, Naming(agency) if agency else None)
    write_import(result, "smaudit import legislators", output, quiet, merge_into, recorded_on)


@import_group.command("people")
@people_options
@recorded_on_option(
    "the roster's `sources` entry records it, and --explain shows it beside a person's facts. "
    "An HR or directory file gives none."
)
@output_option
@guarded
def import_people_command(
    file: Path,
    pairs: tuple[str, ...],
    output: Path | None,
    quiet: bool,
    force: bool,
    recorded_on: dt.date | None,
) -> None:
    """Import the staff roster from an HR export (CSV) or a directory listing (JSON).

    \b
    The JSON is Microsoft Graph /users ({"value": [...]}) or Google Workspace
    users.list ({"users": [...]}), saved as the API returns it. Give the roster to
    check with the inventory (smaudit check inventory.yaml people.yaml), and to
    account imports with --people, which then name owners by its ids.
    """
    refuse_overwrite(output, force, file)
    run_people_import(file, pairs, output, quiet, recorded_on)


import_group.add_command(import_meta_command)
import_group.add_command(import_vault_command)
