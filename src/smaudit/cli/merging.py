"""`--merge INVENTORY`: an import merged into an inventory file, written atomically, reported."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from smaudit.cli.output import same_file, write_atomic
from smaudit.inventory.importers.records import ImportResult
from smaudit.inventory.merge import IncomingAccount, MergeResult, merge
from smaudit.inventory.merge.incoming import incoming_accounts
from smaudit.reading.document import BOM, decode_text
from smaudit.reading.files import load_bytes
from smaudit.reading.inputs import read_input
from smaudit.reading.limits import DEFAULT_LIMITS
from smaudit.safety.terminal import display_path, escape_inline


def merge_import(
    result: ImportResult, command: str, inventory: Path, output: Path | None
) -> MergeResult:
    """Merge `result` into the file `inventory` and write it there, or to `output` if given
    (the inventory is then left as it is). Raises InputError, with nothing written, where
    the file cannot be merged exactly."""
    return merge_into_file(incoming_accounts(result, command), inventory, output)


def merge_into_file(
    incoming: Sequence[IncomingAccount], inventory: Path, output: Path | None = None
) -> MergeResult:
    """See merge_import: for any source of IncomingAccount (reconcile's registry, too)."""
    raw = read_input(inventory, DEFAULT_LIMITS.max_bytes)
    name = display_path(inventory)
    document = load_bytes(raw, name)  # the reader's checks: limits, syntax, credentials
    merged = merge(decode_text(raw, name), document, incoming)
    target = inventory if output is None else output
    if merged.changed or not same_file(target, inventory):  # unchanged: the file is untouched
        bom = "\ufeff" if raw.startswith(BOM) else ""
        write_atomic(target, bom + merged.text)
    return merged


def report_merge(
    merged: MergeResult, source: str, inventory: Path, output: Path | None, quiet: bool
) -> None:
    """Each conflict (unless `quiet`), then `merged FILE into INVENTORY: 3 accounts added, ...`."""
    if not quiet:
        for conflict in merged.conflicts:
            click.echo(f"conflict: {escape_inline(str(conflict))}", err=True)
    click.echo(merge_summary(merged, source, inventory, output), err=True)


def merge_summary(merged: MergeResult, source: str, inventory: Path, output: Path | None) -> str:
    """`merged FILE into INVENTORY: 3 accounts added, 12 fields filled, 2 conflicts`."""
    into = display_path(inventory)
    if output is not None and not same_file(output, inventory):
        into += f" (written to {display_path(output)}; {into} left as it was)"
    line = (
        f"merged {display_path(source)} into {into}: "
        f"{_count(len(merged.added), 'account')} added, "
        f"{_count(merged.filled, 'field')} filled, {_count(len(merged.conflicts), 'conflict')}"
    )
    if merged.conflicts:
        line += " (the inventory keeps its values: resolve them by hand)"
    return line


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
