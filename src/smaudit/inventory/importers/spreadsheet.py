"""A spreadsheet saved as CSV (one account per row, a header row) as inventory accounts.

The columns each field is read from are listed in sheet_fields.py (and `smaudit import csv
--help`, and docs/importing.md); values are read leniently (sheet_values.py). A row needs a URL,
or a handle and a platform. Every cell that could not be read is a note naming its row and
column, and the field is left absent; a value that may name a person or hold a secret is never
repeated in a note. Rows that repeat an account with another holder (one row per holder) are
merged into one account.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from smaudit.errors import InputError
from smaudit.inventory.importers import sheet_values as values
from smaudit.inventory.importers.assemble import DEFAULT_NAMING, Naming, assemble, normalise
from smaudit.inventory.importers.records import ImportResult, Remark, SourceRecord
from smaudit.inventory.importers.registry import split_contacts, split_values
from smaudit.inventory.importers.sheet_fields import (
    HOLDER,
    SheetField,
    is_holder_field,
    sheet_fields,
)
from smaudit.inventory.importers.sheet_fields import parse_mapping as parse_mapping
from smaudit.inventory.importers.sheet_header import Columns, resolve_columns, secret_column
from smaudit.inventory.importers.sheet_merge import merge_holders, nest
from smaudit.inventory.importers.tabular import Row, column_name, read_table
from smaudit.model import Location
from smaudit.safety.terminal import escape_inline

SHAPE = "spreadsheet (CSV)"
# read into SourceRecord's own attributes; every other field goes to SourceRecord.fields
_TOP = ("id", "platform", "handle", "url", "office", "agencies", "purpose", "contacts", "status")


def import_spreadsheet(
    path: Path,
    mapping: Mapping[str, str] | None = None,
    naming: Naming = DEFAULT_NAMING,
    status: str | None = None,
) -> ImportResult:
    """An inventory skeleton from a spreadsheet, one account per row (rows of one account's
    holders merged). `status` is what the user says of rows that give none: a tracker often
    has no Status column, and a blank status leaves most controls undecided."""
    table = read_table(path)
    if not table.rows:
        raise InputError.at(table.file, 1, 1, "the file is empty (expected a header row)")
    columns = resolve_columns(table, mapping or {})
    cells: list[Remark] = []
    rows = table.rows[columns.first_data :]
    items = [_record(table.file, row, columns, cells) for row in rows]
    if status is not None:
        items = [
            dataclasses.replace(i, status=status)
            if isinstance(i, SourceRecord) and not i.status
            else i
            for i in items
        ]
    merged = merge_holders(normalise(items))
    result = assemble(merged, table.file, SHAPE, naming, system="spreadsheet")
    notes = sorted((*result.notes, *cells), key=lambda r: (r.location.line, r.location.column))
    if columns.ignored:
        header = table.rows[0]
        notes.insert(
            0,
            Remark(
                "header",
                Location(table.file, header.line, 1),
                f"columns not imported: {', '.join(columns.ignored)} "
                "(map them with --map COLUMN=FIELD)",
                "columns",
            ),
        )
    return dataclasses.replace(result, notes=tuple(notes))


def _record(file: str, row: Row, columns: Columns, notes: list[Remark]) -> SourceRecord:
    read: dict[str, Any] = {}
    for path, index in columns.by_field.items():
        raw = row.cells[index].strip() if index < len(row.cells) else ""
        if values.not_recorded(raw):
            continue
        where = Location(file, row.line, index + 1)
        title = columns.titles[index] or f"column {index + 1}"
        value = _read(sheet_fields()[path], raw, read)
        if isinstance(value, values.Unmapped):
            notes.append(_unmapped(row, where, title, path, raw, value))
        elif value not in (None, [], ()):
            read[path] = value
    _holder_row(read, row, file, columns, notes)
    registry_id = read.pop("registry.id", None)
    top = {key: read.pop(key, None) for key in _TOP}
    return SourceRecord(
        label=f"row {row.line}",
        location=Location(file, row.line, 1),
        service=top["platform"],
        handle=top["handle"],
        url=top["url"],
        account_id=top["id"],
        registry_id=registry_id,
        registered=True if registry_id else None,
        agencies=top["agencies"] or (),
        office=top["office"],
        contacts=top["contacts"] or (),
        purpose=top["purpose"],
        status=top["status"],
        fields=nest(read),
    )


def _read(spec: SheetField, raw: str, read: dict[str, Any]) -> Any:
    """The cell's value for `spec`, or an Unmapped saying what was expected."""
    kind = spec.kind
    if kind == "boolean":
        answer = values.boolean(raw)
        if spec.path == "mfa.enabled" and isinstance(answer, values.Unmapped):
            return _mfa_named_by_method(raw, read) or answer
        if spec.path == "mfa.enabled" and answer is True and len(raw.split()) > 1:
            _mfa_named_by_method(raw.split(None, 1)[1], read)  # `Yes (app)`, `Y - SMS`
        return answer
    if kind == "choice":
        return values.choice(raw, spec.allowed, spec.what)
    if kind == "choices":
        found, unread = values.choices(raw, spec.allowed)
        if unread:
            # the whole list is left absent: a list missing one method would pass or fail the
            # checks on what it happens to leave in ("SMS; security key not set up")
            listed = ", ".join(_quoted(part) for part in unread)
            return values.Unmapped(
                f"{listed} {'is' if len(unread) == 1 else 'are'} not read as {spec.what} "
                "(a part must name one method, and not say not, planned or was; expected one "
                f"of {', '.join(spec.allowed)})"
            )
        return found
    if kind == "people":
        return _holders(raw)
    readers = {
        "date": values.date,
        "integer": values.integer,
        "email": values.email,
        "person": values.person,
        "names": split_values,
        "contacts": split_contacts,
    }
    reader = readers.get(kind)
    return reader(raw) if reader else raw


def _mfa_named_by_method(raw: str, read: dict[str, Any]) -> bool | None:
    """A tracker's "MFA" column often names the method (`Authenticator app`): MFA is then on,
    and the method is recorded unless a methods column says otherwise."""
    allowed = sheet_fields()["mfa.methods"].allowed
    found, unread = values.choices(raw, allowed)
    if not found or unread:
        return None
    read.setdefault("mfa.methods", found)
    return True


def _holders(raw: str) -> list[dict[str, Any]] | values.Unmapped:
    holders: list[dict[str, Any]] = []
    allowed = sheet_fields()["credentials.holders.role"].allowed
    for who, role in values.people(raw):
        person = values.person(who)
        if isinstance(person, values.Unmapped):
            return values.Unmapped(f"names someone who {person.expected}")
        holder: dict[str, Any] = {"person": person}
        if role is not None:
            chosen = values.choice(role, allowed, "a role")
            if isinstance(chosen, values.Unmapped):
                return values.Unmapped(f"gives a role that {chosen.expected}")
            holder["role"] = chosen
        holders.append(holder)
    return holders


def _holder_row(
    read: dict[str, Any], row: Row, file: str, columns: Columns, notes: list[Remark]
) -> None:
    """`credentials.holders.person`, `.role`, ... of one row: one holder of the account."""
    parts = {
        path.rpartition(".")[2]: read.pop(path) for path in list(read) if is_holder_field(path)
    }
    if not parts:
        return
    if "person" not in parts:
        index = min(columns.by_field[f"{HOLDER}.{key}"] for key in parts)
        message = f"{', '.join(sorted(parts))} of a holder, but the row names no holder"
        notes.append(
            Remark(f"row {row.line}", Location(file, row.line, index + 1), message, "value")
        )
        return
    holder = {"person": parts.pop("person"), **parts}
    read[HOLDER] = [*read.get(HOLDER, []), holder]


def _unmapped(
    row: Row, where: Location, title: str, path: str, raw: str, value: values.Unmapped
) -> Remark:
    """`column "MFA Type": "carrier pigeon" is not read as an MFA method (...); left absent`;
    "the value" instead of a value that may name a person or hold a secret."""
    spec = sheet_fields()[path]
    private = spec.private or secret_column(column_name(title))
    if spec.kind == "choices":  # the parts not understood are named in `expected`
        said = f"the value is not {spec.what}" if private else value.expected
    else:
        said = f"{'the value' if private else _quoted(raw)} {value.expected}"
    message = f"column {_quoted(title)}: {said}; left absent"
    return Remark(f"row {row.line}", where, message, "value")


def _quoted(text: str) -> str:
    return '"' + escape_inline(" ".join(text.split())).replace('"', '\\"') + '"'
