"""An HR export saved as CSV (one person per row, a header row) as roster entries.

Header cells are compared without case, spaces or punctuation (`Work Email` is `work_email`).
The default mapping, first matching column wins:

| roster field                | columns recognised                                             |
|-----------------------------|----------------------------------------------------------------|
| id                          | person_id, id, username, user_name                             |
| name                        | name, employee_name, full_name, display_name, employee,        |
|                             | staff_name (or first_name/given_name + last_name/surname)      |
| email                       | work_email, official_email, email, email_address, e_mail,      |
|                             | mail, primary_email, work_email_address, business_email       |
| status                      | status, employment_status, employee_status, hr_status          |
| separated_on                | separated_on, separation_date, termination_date, term_date,    |
|                             | end_date, departure_date, exit_date, last_day                  |
| employment                  | employment, employment_type, employee_type, worker_type,       |
|                             | appointment_type, type, category                               |
| position_changed_on         | position_changed_on, position_change_date, reassignment_date   |
| training_completed_on       | training_completed_on, training_date, training_completed,      |
|                             | training_completion_date, security_training_date, training     |
| rules_of_behavior_signed_on | rules_of_behavior_signed_on, rob_signed, rob_signed_on,        |
|                             | rob_signed_date, rob_date, rules_of_behavior_signed, rob       |

`--map "Column Name=field"` overrides this (`field` one of the above, or `ignore`). Values are
read leniently (people_values.py); a name written `Doe, Jane` becomes `Jane Doe`. A value that
cannot be read is left out with a note naming its row and column, never the value: it may be a
person's name or address.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from pathlib import Path

from smaudit.errors import InputError
from smaudit.inventory.importers import people_values as values
from smaudit.inventory.importers.people import PersonRecord, Read
from smaudit.inventory.importers.records import Remark
from smaudit.inventory.importers.sheet_header import refuse_secrets
from smaudit.inventory.importers.tabular import (
    Columns,
    Row,
    Table,
    column_name,
    read_table,
    resolve_columns,
)
from smaudit.model import Location
from smaudit.safety.terminal import escape_inline

DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("person_id", "id", "username", "user_name"),
    "name": ("name", "employee_name", "full_name", "display_name", "employee", "staff_name"),
    "first_name": ("first_name", "given_name", "first"),
    "last_name": ("last_name", "surname", "family_name", "last"),
    "email": (
        "work_email",
        "official_email",
        "email",
        "email_address",
        "e_mail",
        "mail",
        "primary_email",
        "work_email_address",
        "business_email",
    ),
    "status": ("status", "employment_status", "employee_status", "hr_status"),
    "separated_on": (
        "separated_on",
        "separation_date",
        "termination_date",
        "term_date",
        "end_date",
        "departure_date",
        "exit_date",
        "last_day",
    ),
    "employment": (
        "employment",
        "employment_type",
        "employee_type",
        "worker_type",
        "appointment_type",
        "type",
        "category",
    ),
    "position_changed_on": ("position_changed_on", "position_change_date", "reassignment_date"),
    "training_completed_on": (
        "training_completed_on",
        "training_date",
        "training_completed",
        "training_completion_date",
        "security_training_date",
        "training",
    ),
    "rules_of_behavior_signed_on": (
        "rules_of_behavior_signed_on",
        "rob_signed",
        "rob_signed_on",
        "rob_signed_date",
        "rob_date",
        "rules_of_behavior_signed",
        "rob",
    ),
}
FIELDS = tuple(DEFAULT_COLUMNS)
HR_CSV = "HR export (CSV)"
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_EXPECTED = {
    "status": "a status (active or separated; Terminated, Inactive, A, ... are read too)",
    "employment": "an employment type (federal, contractor, intern or other; Employee, CTR, "
    "... are read too)",
    "email": "an e-mail address",
}
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"})
Cell = Callable[[str], tuple[str, int] | None]


def read_hr_csv(path: Path, mapping: Mapping[str, str]) -> Read:
    """Every row of the HR export at `path` as a PersonRecord, with what could not be read."""
    table = read_table(path)
    if not table.rows:
        raise InputError.at(table.file, 1, 1, "the file is empty (expected a header row)")
    columns = resolve_columns(table, mapping, DEFAULT_COLUMNS)
    header = table.rows[0]
    refuse_secrets(table.file, header, header.cells, set(columns.by_field.values()), table.rows[1:])
    records: list[PersonRecord] = []
    skipped: list[Remark] = []
    notes: list[Remark] = _ignored_note(table, columns)
    for row in table.rows[1:]:
        record = _record(table, row, columns, notes)
        if record.name or record.email or record.id:
            records.append(record)
        else:
            skipped.append(
                Remark(record.label, record.location, "no name, e-mail address or id", "unusable")
            )
    return Read(HR_CSV, tuple(records), tuple(skipped), tuple(notes))


def _ignored_note(table: Table, columns: Columns) -> list[Remark]:
    if not columns.ignored:
        return []
    header = table.rows[0]
    names = ", ".join(escape_inline(c) for c in columns.ignored)
    message = f"columns not imported: {names} (map them with --map COLUMN=FIELD)"
    return [Remark("header", Location(table.file, header.line, 1), message, "columns")]


def _record(table: Table, row: Row, columns: Columns, notes: list[Remark]) -> PersonRecord:
    label = f"row {row.line}"
    header = table.rows[0].cells

    def cell(target: str) -> tuple[str, int] | None:
        index = columns.by_field.get(target)
        if index is None or index >= len(row.cells) or values.not_recorded(row.cells[index]):
            return None
        return " ".join(row.cells[index].split()), index

    def unread(index: int, expected: str) -> None:
        column = escape_inline(header[index].strip())
        notes.append(
            Remark(
                label,
                Location(table.file, row.line, index + 1),
                f"column {column!r}: the value is not {expected}; left out",
                "value",
            )
        )

    email = cell("email")
    if email and not _EMAIL.fullmatch(email[0]):
        unread(email[1], _EXPECTED["email"])
        email = None

    def choice(target: str, read: Callable[[str], str | None]) -> str | None:
        found = cell(target)
        chosen = read(found[0]) if found else None
        if found and chosen is None:
            unread(found[1], _EXPECTED[target])
        return chosen

    def date(target: str) -> dt.date | None:
        found = cell(target)
        when = values.lenient_date(found[0]) if found else None
        if found and when is None:
            unread(found[1], "a date (2026-03-01, 3/1/2026, 1 Mar 2026, ...)")
        return when

    return PersonRecord(
        label,
        Location(table.file, row.line, 1),
        id=_text(cell("id")),
        name=_name(cell),
        email=_text(email),
        employment=choice("employment", values.employment),
        status=choice("status", values.status),
        separated_on=date("separated_on"),
        position_changed_on=date("position_changed_on"),
        training_completed_on=date("training_completed_on"),
        rules_of_behavior_signed_on=date("rules_of_behavior_signed_on"),
    )


def _text(found: tuple[str, int] | None) -> str | None:
    return found[0] if found else None


def _name(cell: Cell) -> str | None:
    """The name column, `Doe, Jane` turned round; else first and last name columns joined."""
    name = _text(cell("name"))
    if name and name.count(",") == 1:
        last, _, first = name.partition(",")
        if column_name(first) not in _SUFFIXES:  # `Jane Doe, Jr.` stays as it is
            name = f"{first.strip()} {last.strip()}".strip()
    if name:
        return name
    parts = [_text(cell("first_name")), _text(cell("last_name"))]
    return " ".join(p for p in parts if p) or None
