"""A spreadsheet saved as CSV (one account per row, a header row) as inventory accounts.

Header cells are compared without case, spaces or punctuation (`Account URL` is `account_url`).
The default mapping, first matching column wins:

| inventory field | columns recognised                                                     |
|-----------------|------------------------------------------------------------------------|
| id              | id, account_id                                                         |
| platform        | platform, service, account_platform, network, site                     |
| handle          | handle, account, username, user_name, screen_name, account_handle      |
| url             | url, link, account_url, service_url, profile_url, address              |
| office          | office, organization, organisation, department, division, bureau,      |
|                 | component, program_office                                              |
| agencies        | agencies, agency (several joined by `|`)                               |
| owner           | owner, owner_email, account_owner, primary_contact                     |
| backup_owner    | backup_owner, backup_owner_email, secondary_owner, secondary_contact   |
| status          | status, account_status (active, dormant, retired; inactive = dormant;  |
|                 | archived, closed, deleted = retired)                                   |
| account_type    | account_type (official, personal)                                      |
| tier            | tier (high-impact, standard)                                           |
| purpose         | purpose, description, short_description                                |
| registry_id     | registry_id, digital_registry_id, usdr_id (sets registry.registered)   |
| contacts        | contacts                                                               |

`--map "Column Name=field"` overrides this (`field` one of the above, or `ignore`). A row needs a
URL, or a handle and a platform. An owner with an `@` becomes `{email: ...}`, else `{name: ...}`.
Other columns are ignored, and the import says which.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smaudit.errors import InputError
from smaudit.inventory.importers.assemble import DEFAULT_NAMING, Naming, assemble, normalise
from smaudit.inventory.importers.records import ImportResult, Remark, SourceRecord
from smaudit.inventory.importers.registry import split_contacts, split_values, text
from smaudit.inventory.importers.tabular import Row, Table, column_name, read_table
from smaudit.model import Location

DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "account_id"),
    "platform": ("platform", "service", "account_platform", "network", "site"),
    "handle": ("handle", "account", "username", "user_name", "screen_name", "account_handle"),
    "url": ("url", "link", "account_url", "service_url", "profile_url", "address"),
    "office": (
        "office",
        "organization",
        "organisation",
        "department",
        "division",
        "bureau",
        "component",
        "program_office",
    ),
    "agencies": ("agencies", "agency"),
    "owner": ("owner", "owner_email", "account_owner", "primary_contact"),
    "backup_owner": ("backup_owner", "backup_owner_email", "secondary_owner", "secondary_contact"),
    "status": ("status", "account_status"),
    "account_type": ("account_type",),
    "tier": ("tier",),
    "purpose": ("purpose", "description", "short_description"),
    "registry_id": ("registry_id", "digital_registry_id", "usdr_id"),
    "contacts": ("contacts",),
}
FIELDS = (*DEFAULT_COLUMNS, "ignore")
_CHOICES: dict[str, dict[str, str]] = {
    "status": {
        "active": "active",
        "dormant": "dormant",
        "inactive": "dormant",
        "retired": "retired",
        "archived": "retired",
        "closed": "retired",
        "deleted": "retired",
    },
    "account_type": {"official": "official", "personal": "personal"},
    "tier": {"high_impact": "high-impact", "high": "high-impact", "standard": "standard"},
}
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class Columns:
    """Which column feeds which field, and which columns nobody reads."""

    by_field: Mapping[str, int]
    ignored: tuple[str, ...]


def parse_mapping(pairs: Sequence[str]) -> dict[str, str]:
    """`["Account Name=handle"]` -> `{"account_name": "handle"}`; ValueError names a bad pair."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, equals, target = pair.rpartition("=")
        target = target.strip().lower()
        if not equals or not column.strip():
            raise ValueError(f"{pair!r}: expected COLUMN=FIELD")
        if target not in FIELDS:
            raise ValueError(f"{pair!r}: unknown field {target!r} (known: {', '.join(FIELDS)})")
        mapping[column_name(column)] = target
    return mapping


def import_spreadsheet(
    path: Path, mapping: Mapping[str, str] | None = None, naming: Naming = DEFAULT_NAMING
) -> ImportResult:
    table = read_table(path)
    if not table.rows:
        raise InputError.at(table.file, 1, 1, "the file is empty (expected a header row)")
    columns = resolve_columns(table, mapping or {})
    items = [_record(table.file, row, columns) for row in table.rows[1:]]
    result = assemble(normalise(items), table.file, "spreadsheet (CSV)", naming)
    if not columns.ignored:
        return result
    header = table.rows[0]
    note = Remark(
        "header",
        Location(table.file, header.line, 1),
        f"columns not imported: {', '.join(columns.ignored)} (map them with --map COLUMN=FIELD)",
        "columns",
    )
    return dataclasses.replace(result, notes=(note, *result.notes))


def resolve_columns(table: Table, mapping: Mapping[str, str]) -> Columns:
    """Explicit --map entries first, then the default names for fields still unfilled."""
    header = table.rows[0]
    names = [column_name(cell) for cell in header.cells]
    unknown = [column for column in mapping if column not in names]
    if unknown:
        raise InputError.at(
            table.file,
            header.line,
            1,
            f"--map names column(s) not in the header: {', '.join(unknown)} "
            f"(the header has: {', '.join(n for n in names if n)})",
        )
    by_field: dict[str, int] = {}
    used: set[int] = set()
    for index, name in enumerate(names):
        target = mapping.get(name)
        if target:
            used.add(index)
            if target != "ignore":
                by_field.setdefault(target, index)
    for target, aliases in DEFAULT_COLUMNS.items():
        for alias in aliases:
            if target in by_field:
                break
            index = names.index(alias) if alias in names else -1
            if index >= 0 and index not in used:
                by_field[target] = index
                used.add(index)
    ignored = tuple(header.cells[i].strip() for i in range(len(names)) if i not in used)
    return Columns(by_field, tuple(c for c in ignored if c))


def _record(file: str, row: Row, columns: Columns) -> SourceRecord:
    def cell(target: str) -> str | None:
        index = columns.by_field.get(target)
        return text(row.cells[index]) if index is not None and index < len(row.cells) else None

    notes: list[str] = []
    registry_id = cell("registry_id")
    return SourceRecord(
        label=f"row {row.line}",
        location=Location(file, row.line, 1),
        service=cell("platform"),
        handle=cell("handle"),
        url=cell("url"),
        account_id=cell("id"),
        registry_id=registry_id,
        registered=True if registry_id else None,
        agencies=split_values(cell("agencies")),
        office=cell("office"),
        contacts=split_contacts(cell("contacts")),
        purpose=cell("purpose"),
        status=_choice("status", cell("status"), notes),
        fields=_extra_fields(cell, notes),
        notes=tuple(notes),
    )


def _extra_fields(cell: Callable[[str], str | None], notes: list[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for target in ("account_type", "tier"):
        value = _choice(target, cell(target), notes)
        if value:
            fields[target] = value
    for target in ("owner", "backup_owner"):
        person = _person(target, cell(target), notes)
        if person:
            fields[target] = person
    return fields


def _choice(target: str, value: str | None, notes: list[str]) -> str | None:
    if value is None:
        return None
    chosen = _CHOICES[target].get(column_name(value))
    if chosen is None:
        known = ", ".join(sorted(set(_CHOICES[target].values())))
        notes.append(f"{target} {value!r} is not one of {known}; left blank")
    return chosen


def _person(target: str, value: str | None, notes: list[str]) -> dict[str, str] | None:
    """An inline person: the inventory's people roster is better, and the header says so."""
    if value is None:
        return None
    if "@" not in value:
        return {"name": value}
    if _EMAIL.fullmatch(value):
        return {"email": value}
    notes.append(f"{target} {value!r} looks like an email address but is not one; left blank")
    return None
