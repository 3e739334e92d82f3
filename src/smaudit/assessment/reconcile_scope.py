"""Which registry records a reconciliation may call unknown: the inventory's own agency's.

A registry file lists every agency's accounts (the 2012 registry over a hundred agencies, the
API export a department and all its bureaus). Reporting another agency's accounts as "unknown to
your inventory" would bury the real findings, so only the records of the agencies being
reconciled are compared, in this order:

1. `--all-agencies`: every record;
2. `--agency X` (repeatable): the records naming X by name, acronym or registry id;
3. otherwise the inventory's `agency.name` or `agency.abbreviation`, where the file names it;
4. otherwise the agencies its accounts' `office` fields name (an import writes a record's other
   sponsors there), with a note saying so; nothing matching is an input error listing the
   agencies the file holds.

A file that names no agency at all (a bulk-import file may not) is compared whole. Whatever is
selected, an inventory account counts as registered when any record, of any agency, lists it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from smaudit.inventory.importers.agencies import matches, names_any, select
from smaudit.inventory.importers.records import Record, SourceRecord
from smaudit.model import Inventory


@dataclass(frozen=True)
class Scope:
    selected: tuple[Record, ...] | None
    """The records that may be unknown; None for all of them."""
    note: str = ""
    """What the user should know about how they were chosen (empty when they chose)."""


def scope(
    records: Sequence[Record],
    inventory: Inventory,
    agencies: Sequence[str],
    all_agencies: bool,
    file: str,
) -> Scope:
    """The records of the agencies being reconciled (see the module's docstring)."""
    if all_agencies or (not agencies and not names_any(r.source for r in records)):
        return Scope(None)
    if agencies:
        return Scope(select(records, agencies, file, _source).kept)
    own, offices = inventory_agencies(inventory)
    if any(matches(q, r.source) for q in own for r in records):
        return Scope(select(records, own, file, _source).kept)
    name = inventory.agency.name
    hint = (
        f"; neither the inventory's agency {name!r} nor its accounts' offices are in the "
        "registry: name the registry's agency with --agency, or compare every record with "
        "--all-agencies"
    )
    picked = select(records, offices, file, _source, hint)
    note = (
        f"{file} names no agency {name!r} (the inventory's agency); compared the records of "
        f"its accounts' offices: {'; '.join(picked.matched)}"
    )
    return Scope(picked.kept, note)


def inventory_agencies(inventory: Inventory) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The agencies an inventory names: its agency's name and abbreviation; and, apart, the
    offices of its accounts (an import writes a record's other sponsors there, `a; b` for
    several), which may name the agency's department as well as its bureaus."""
    agency = inventory.agency
    own = tuple(n for n in (agency.name, agency.abbreviation) if n)
    offices: list[str] = []
    for account in inventory.accounts:
        office = account.fields.get("office")
        if isinstance(office, str):
            offices += office.split(";")
    return own, tuple(dict.fromkeys(n.strip() for n in offices if n.strip()))


def _source(record: Record) -> SourceRecord:
    return record.source
