"""`import vault`'s arguments: the export, the 1Password vault's member list, and its shape."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from smaudit.inventory.importers.vault import READERS

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
