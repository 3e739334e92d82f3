"""`smaudit import vault`: the vault facts of the accounts a password manager keeps the logins
of (Bitwarden and 1Password exports; every secret discarded as the file is read)."""

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
    refuse_overwrite,
    write_import,
)
from smaudit.cli.importing_people import roster_option, with_roster
from smaudit.cli.support import guarded
from smaudit.inventory.importers.assemble import Naming
from smaudit.inventory.importers.vault import READERS, import_vault

F = TypeVar("F", bound=Callable[..., Any])


def vault_options(command: F) -> F:
    """FILE, [MEMBERS] and --shape of `import vault`."""
    command = click.option(
        "--shape",
        type=click.Choice(["auto", *READERS]),
        default="auto",
        show_default=True,
        help="The export's kind: Bitwarden's JSON export, `bw list items`, 1Password's "
        "`op item list/get` JSON, or a .1pux archive (default: told from the content).",
    )(command)
    command = click.argument(
        "members", required=False, type=click.Path(dir_okay=False, path_type=Path)
    )(command)
    return click.argument("file", type=click.Path(dir_okay=False, path_type=Path))(command)


@click.command("vault")
@vault_options
@naming_options
@roster_option
@output_option
@common_options
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
    recorded_on: dt.date | None,
) -> None:
    """Import the vault facts of the accounts a password manager keeps the logins of.

    \b
    FILE: a Bitwarden or 1Password export. MEMBERS: for 1Password, the vault's
    `op vault user list VAULT --format json`. Passwords, TOTP seeds, notes and hidden
    fields are never kept (docs/importing.md). --merge INVENTORY fills yours.
    """
    for source in (file, members) if members else (file,):
        refuse_overwrite(output, force, source, merge_into)
    result = with_roster(import_vault(file, shape, members, Naming(agency, abbreviation)), roster)
    write_import(result, "smaudit import vault", output, quiet, merge_into, recorded_on)
