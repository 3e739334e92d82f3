"""Read CSV the way spreadsheets and registries write it: BOM, Windows code page, `;` or tabs."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from smaudit.errors import InputError
from smaudit.reading.inputs import read_input
from smaudit.reading.limits import DEFAULT_LIMITS
from smaudit.safety.terminal import display_path

MAX_FIELD = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    """1-based line where the row starts."""
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    file: str
    rows: tuple[Row, ...]
    encoding: str


def column_name(text: str) -> str:
    """`Account URL ` -> `account_url`: how header cells and --map names are compared."""
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def read_table(path: Path) -> Table:
    """Every non-blank row, header included, with the line it starts on."""
    name = display_path(path)
    raw = read_input(path, DEFAULT_LIMITS.max_bytes, binary_ok=True)  # NUL: refused below
    text, encoding = decode(raw)
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        raise InputError.at(name, line, 1, "file contains a NUL byte (a spreadsheet, not CSV?)")
    return Table(name, tuple(_rows(text, name)), encoding)


def decode(raw: bytes) -> tuple[str, str]:
    """UTF-8 (with or without a byte-order mark), else Windows-1252, which Excel writes."""
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def _rows(text: str, name: str) -> list[Row]:
    first = text.lstrip().partition("\n")[0]
    delimiter = "\t" if "\t" in first else ";" if first.count(";") > first.count(",") else ","
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD))
    # strict: a quote opened and never closed is an error at the row it opens, not one field
    # that silently swallows every row after it
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[Row] = []
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append(Row(start, tuple(cells)))
            start = reader.line_num + 1
    except csv.Error as exc:
        problem = "a quoted field is never closed" if "end of data" in str(exc) else str(exc)
        raise InputError.at(name, start, 1, f"unreadable CSV: {problem}") from None
    return rows


@dataclass(frozen=True)
class Columns:
    """Which column feeds which field, and which columns nobody reads."""

    by_field: Mapping[str, int]
    ignored: tuple[str, ...]


def parse_pairs(pairs: Sequence[str], fields: Sequence[str]) -> dict[str, str]:
    """`["Work Email=email"]` -> `{"work_email": "email"}`, each target one of `fields` (or
    `ignore`); ValueError names a bad pair."""
    known = (*fields, "ignore")
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, equals, target = pair.rpartition("=")
        target = target.strip().lower()
        if not equals or not column.strip():
            raise ValueError(f"{pair!r}: expected COLUMN=FIELD")
        if target not in known:
            raise ValueError(f"{pair!r}: unknown field {target!r} (known: {', '.join(known)})")
        mapping[column_name(column)] = target
    return mapping


def resolve_columns(
    table: Table, mapping: Mapping[str, str], defaults: Mapping[str, Sequence[str]]
) -> Columns:
    """Explicit --map entries first, then the `defaults` (field -> header names, first found
    wins) for fields still unfilled; a --map column not in the header is an error."""
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
    for target, aliases in defaults.items():
        free = [names.index(a) for a in aliases if a in names and names.index(a) not in used]
        if target not in by_field and free:
            by_field[target] = free[0]
            used.add(free[0])
    ignored = tuple(header.cells[i].strip() for i in range(len(names)) if i not in used)
    return Columns(by_field, tuple(c for c in ignored if c))
