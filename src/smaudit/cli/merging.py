"""Inventory files updated by a merge: `import --merge` and `reconcile --append`, reported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import click

from smaudit.assessment.reconcile import Pairing, Registry, pairing
from smaudit.cli.output import same_file, write_atomic
from smaudit.inventory.importers.assemble import Naming
from smaudit.inventory.importers.records import ImportResult
from smaudit.inventory.merge import IncomingAccount, MergeResult, Stamp, merge
from smaudit.inventory.merge.incoming import incoming_accounts, record_accounts
from smaudit.inventory.provenance import source_entry
from smaudit.model import Inventory
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
    incoming = incoming_accounts(result, command)
    merged, text = merged_text(incoming, inventory, source=source_entry(result))
    write_merged(merged, text, inventory, output)
    return merged


def merged_text(
    incoming: Sequence[IncomingAccount],
    inventory: Path,
    stamps: Sequence[Stamp] = (),
    source: Mapping[str, Any] | None = None,
) -> tuple[MergeResult, str]:
    """The merge, and the file's new text (its byte-order mark kept), not yet written."""
    raw = read_input(inventory, DEFAULT_LIMITS.max_bytes)
    name = display_path(inventory)
    document = load_bytes(raw, name)  # the reader's checks: limits, syntax, credentials
    merged = merge(decode_text(raw, name), document, incoming, stamps, source)
    return merged, ("\ufeff" if raw.startswith(BOM) else "") + merged.text


def write_merged(merged: MergeResult, text: str, inventory: Path, output: Path | None) -> None:
    target = inventory if output is None else output
    if merged.changed or not same_file(target, inventory):  # unchanged: the file is untouched
        write_atomic(target, text)


def report_merge(
    merged: MergeResult, source: str, inventory: Path, output: Path | None, quiet: bool
) -> None:
    """Each conflict (unless `quiet`), then `merged FILE into INVENTORY: 3 accounts added, ...`."""
    if not quiet:
        for conflict in merged.conflicts:
            click.echo(f"conflict: {escape_inline(str(conflict))}", err=True)
    click.echo(merge_summary(merged, source, inventory, output), err=True)


def merge_summary(merged: MergeResult, source: str, inventory: Path, output: Path | None) -> str:
    """`merged FILE into INVENTORY: 3 accounts added, 12 fields filled, 2 conflicts; evidence
    recorded on 40 accounts`."""
    into = display_path(inventory)
    if output is not None and not same_file(output, inventory):
        into += f" (written to {display_path(output)}; {into} left as it was)"
    line = (
        f"merged {display_path(source)} into {into}: "
        f"{_count(len(merged.added), 'account')} added, "
        f"{_count(merged.filled, 'field')} filled, {_count(len(merged.conflicts), 'conflict')}"
    )
    if merged.evidenced:  # a re-import that confirms what is there still dates it anew
        line += f"; evidence recorded on {_count(merged.evidenced, 'account')}"
    if merged.conflicts:
        line += " (the inventory keeps its values: resolve them by hand)"
    return line


VALIDATED = ("registry", "last_validated")


def update_from_registry(
    file: Path, inventory: Inventory, registry: Registry, day: dt.date, append: bool, stamp: bool
) -> Callable[[], None]:
    """`reconcile --append` and `--stamp-validated`: the registry's unknown records added to
    the inventory file as skeletons, by the same merge as `import --merge`; the day written
    into registry.last_validated of each account the registry matches cleanly. Refused (an
    InputError) now; written, and reported, when the returned function is called."""
    paired = pairing(inventory, registry)
    incoming: tuple[IncomingAccount, ...] = ()
    source = None
    if append:
        naming = Naming(inventory.agency.name, inventory.agency.abbreviation)
        command = "smaudit reconcile --append"
        records = paired.unknown
        incoming, source = record_accounts(records, registry.file, registry.shape, naming, command)
    stamps = [Stamp(i, VALIDATED, day.isoformat()) for i in paired.clean] if stamp else []
    merged, text = merged_text(incoming, file, stamps, source)
    return partial(_write_update, merged, text, file, registry, day, (append, stamp), paired)


def _write_update(
    merged: MergeResult,
    text: str,
    file: Path,
    registry: Registry,
    day: dt.date,
    asked: tuple[bool, bool],
    paired: Pairing,
) -> None:
    write_merged(merged, text, file, None)
    append, stamp = asked
    parts = []
    if append:
        parts.append(f"{_count(len(merged.added), 'account')} added from {registry.file}")
    if stamp:
        parts.append(
            f"registry.last_validated {day.isoformat()} on {_count(merged.stamped, 'account')} "
            f"(of {len(paired.clean)} the registry lists without a mismatch)"
        )
    click.echo(f"updated {display_path(file)}: {'; '.join(parts)}", err=True)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
