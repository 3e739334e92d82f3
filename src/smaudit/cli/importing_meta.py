"""`smaudit import meta`: holders and their two-factor status from Business Manager's Graph API
responses, saved by the user (nothing is fetched)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from smaudit.cli.import_output import common_options, output_option, refuse_overwrite, write_import
from smaudit.cli.importing_people import roster_option, with_roster
from smaudit.cli.support import guarded
from smaudit.inventory.importers.assemble import Naming
from smaudit.inventory.importers.meta import import_meta


@click.command("meta")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--agency", metavar="NAME", help="The agency's name (default: the business portfolio's)."
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
def import_meta_command(
    files: tuple[Path, ...],
    agency: str | None,
    abbreviation: str | None,
    roster: Path | None,
    output: Path | None,
    quiet: bool,
    force: bool,
    merge_into: Path | None,
    recorded_on: dt.date | None,
) -> None:
    """Import Meta Business Manager: who holds each Page and their two-factor.

    \b
    FILES are Graph API responses you saved (nothing is fetched): the business
    (GET /{business-id}?fields=id,name,two_factor_type), every page of
    GET /{business-id}/business_users?fields=id,name,email,role,two_fac_status,
    and each Page or Instagram account with its assigned_users (the exact calls:
    docs/importing.md). Tasks give the role: MANAGE admin; content, moderation
    and messages editor; ADVERTISE and ANALYZE only, analyst. two_fac_status
    enabled/disabled gives each holder's mfa.enabled; any other value is noted
    and left absent, and the business's two_factor_type is never taken for it.
    """
    for file in files:
        refuse_overwrite(output, force, file, merge_into)
    result = with_roster(import_meta(files, Naming(agency, abbreviation)), roster)
    write_import(result, "smaudit import meta", output, quiet, merge_into, recorded_on)
