"""Rows of a spreadsheet that name one account: merged into one account with every holder.

A tracker often lists an account once per person with access. The first row's values are kept;
a later row fills what the first left blank, adds its holder, and is noted where it disagrees.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from smaudit.inventory.addresses import AccountKey
from smaudit.inventory.importers.records import Normalised, Record, Remark
from smaudit.inventory.importers.sheet_fields import HOLDER

# SourceRecord's own attributes a row can give, compared as the fields are, by field name
_ATTRIBUTES = {
    "status": "status",
    "office": "office",
    "purpose": "purpose",
    "registry_id": "registry.id",
    "account_id": "id",
}


def nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    """`{"mfa.enabled": True, "owner": {...}, "owner.email": ...}` -> `{"mfa": {"enabled":
    True}, "owner": {...}}`; a person's name and email from two columns join one mapping, the
    value read first winning where both give one."""
    nested: dict[str, Any] = {}
    for path, value in flat.items():
        *parents, leaf = path.split(".")
        node = nested
        for parent in parents:
            node = node.setdefault(parent, {})
        if isinstance(node.get(leaf), dict) and isinstance(value, Mapping):
            node[leaf] = {**value, **node[leaf]}
        else:
            node.setdefault(leaf, value)
    return nested


def merge_holders(normalised: Normalised) -> Normalised:
    """Rows that repeat an account to name another holder become one account with every holder;
    a repeated row that adds no holder stays a duplicate (skipped, as before)."""
    first: dict[AccountKey, int] = {}
    records: list[Record] = []
    notes = list(normalised.notes)
    for record in normalised.records:
        index = first.get(record.key)
        holders = record.source.fields.get("credentials", {}).get("holders")
        if index is None or not holders:
            first.setdefault(record.key, len(records))
            records.append(record)
            continue
        records[index] = _merge(records[index], record, notes)
    return Normalised(tuple(records), normalised.skipped, tuple(notes))


def _merge(into: Record, other: Record, notes: list[Remark]) -> Record:
    changes: dict[str, Any] = {}
    for name, field in _ATTRIBUTES.items():
        mine, theirs = getattr(into.source, name), getattr(other.source, name)
        if theirs is not None and mine is None:
            changes[name] = theirs
        elif theirs is not None and mine != theirs:
            notes.append(_differs(into, other, field))
    fields = _flatten(into.source.fields)
    for path, value in _flatten(other.source.fields).items():
        if path == HOLDER:
            fields[path] = [*fields.get(path, []), *value]
        elif path not in fields:
            fields[path] = value
        elif fields[path] != value:
            notes.append(_differs(into, other, path))
    if "registry_id" in changes:
        changes["registered"] = True
    source = dataclasses.replace(into.source, fields=nest(fields), **changes)
    return Record(source, into.parsed, into.service)


def _differs(into: Record, other: Record, field: str) -> Remark:
    first = into.source.label
    message = (
        f"another holder of {first}'s account; its {field} differs from {first}'s, which was kept"
    )
    return Remark(other.source.label, other.source.location, message, "merged")


def _flatten(fields: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """The reverse of nest, down to people: an owner is compared whole."""
    flat: dict[str, Any] = {}
    for key, value in fields.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping) and path not in ("owner", "backup_owner"):
            flat.update(_flatten(value, f"{path}."))
        else:
            flat[path] = value
    return flat
