"""`smaudit import meta`: holders and their two-factor status from Business Manager's Graph API
responses, saved by the user, or fetched with the user's token when `--fetch` asks for it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from smaudit.cli.import_output import common_options, output_option, refuse_overwrite, write_import
from smaudit.cli.importing_people import roster_option, with_roster
from smaudit.cli.support import guarded
from smaudit.inventory.importers.assemble import Naming
from smaudit.inventory.importers.meta import import_meta
from smaudit.inventory.importers.meta_fetch import TOKEN_VARIABLE, check_business_id, fetch_business
from smaudit.inventory.importers.meta_http import graph_base, https_get, token_from


@click.command("meta")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--fetch",
    "business",
    metavar="BUSINESS_ID",
    help=f"Fetch the business portfolio's responses from the Graph API instead of (or besides) "
    f"FILES, with the access token in the environment variable {TOKEN_VARIABLE}; they are saved "
    "in --save-to and read from there. Nothing is fetched without this option.",
)
@click.option(
    "--save-to",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="With --fetch: the folder the responses are saved in (created; the evidence to keep). "
    "Paging addresses are saved without the token.",
)
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
    business: str | None,
    save_to: Path | None,
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
    FILES are Graph API responses you saved (or, with --fetch, fetched): the business
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
    if business is None and save_to is not None:
        raise click.UsageError("--save-to goes with --fetch")
    if business is None and not files:
        raise click.UsageError("give the saved responses (FILES), or --fetch BUSINESS_ID")
    if business is not None:
        files, recorded_on = _fetched(business, save_to, files, recorded_on, quiet)
    result = with_roster(import_meta(files, Naming(agency, abbreviation)), roster)
    write_import(result, "smaudit import meta", output, quiet, merge_into, recorded_on)


def _fetched(
    business: str,
    save_to: Path | None,
    files: tuple[Path, ...],
    recorded_on: dt.date | None,
    quiet: bool,
) -> tuple[tuple[Path, ...], dt.date]:
    """FILES and the responses fetched for `business`, and the day the facts were true: today,
    when they were fetched (unless --recorded-on says otherwise)."""
    if save_to is None:
        raise click.UsageError("--fetch needs --save-to DIR: the folder to keep the responses in")
    if save_to.exists() and any(save_to.iterdir()):
        raise click.UsageError(f"{save_to} is not empty: give a new folder for this fetch")
    check_business_id(business)
    token, base = token_from(), graph_base()
    fetched = fetch_business(business, save_to, https_get(token, base), base, token)
    if not quiet:
        click.echo(f"fetched {fetched.calls} Graph API calls into {save_to}", err=True)
    return (*fetched.files, *files), recorded_on or dt.datetime.now(dt.UTC).date()
