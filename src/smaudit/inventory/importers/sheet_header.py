"""A spreadsheet's header: its column names (two header rows flattened into one, as a CSV
export of merged cells writes them), which column feeds which field, and the columns refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from smaudit.errors import InputError
from smaudit.inventory.importers.sheet_fields import IGNORE, sheet_fields
from smaudit.inventory.importers.tabular import Row, Table, column_name
from smaudit.safety.secrets import looks_like, secret_key

# `MFA (Y/N)`, `2FA enabled? (yes/no)`: the hint at the answers is no part of the name
_ANSWER_HINT = re.compile(r"_(y_n|yes_no|y_n_n_a|yes_no_n_a|true_false)$")
_DATA = re.compile(r"://|@|^\W*\d[\d\W]*$|\d{1,4}[/-]\d{1,2}[/-]\d{2,4}")


@dataclass(frozen=True)
class Columns:
    """Which column feeds which field, and which columns nobody reads."""

    by_field: Mapping[str, int]
    ignored: tuple[str, ...]
    titles: tuple[str, ...]
    """Each column's header as written (`MFA Type`), for notes."""
    first_data: int
    """The index in the table's rows of the first account row (1, or 2 after a sub-header)."""


def header_titles(rows: Sequence[Row]) -> tuple[tuple[str, ...], int]:
    """The column titles and how many rows the header takes.

    A merged cell saved as CSV keeps its text in its first column and leaves the others empty:
    `MFA,,` over `Enabled,Type` is `MFA Enabled`, `MFA Type`. The second row is read as a
    sub-header only when all its cells sit under such a span or under an empty title, one of
    them under a span's empty part, and none looks like data (an address, a number, a date):
    an account row has a value under a titled column (its URL or handle)."""
    top = [cell.strip() for cell in rows[0].cells]
    if len(rows) < 2:
        return tuple(top), 1
    below = [cell.strip() for cell in rows[1].cells]
    width = max(len(top), len(below))
    top += [""] * (width - len(top))
    below += [""] * (width - len(below))
    group = _spans(top)
    continued = [i for i, cell in enumerate(below) if cell and i in group and not top[i]]
    elsewhere = [i for i, cell in enumerate(below) if cell and i not in group and top[i]]
    if not continued or elsewhere or any(_DATA.search(cell) for cell in below):
        return tuple(top), 1
    titles = [
        f"{top[group[i]]} {below[i]}".strip() if i in group else top[i] or below[i]
        for i in range(width)
    ]
    return tuple(titles), 2


def _spans(top: Sequence[str]) -> dict[int, int]:
    """Column -> the column of the title spanning it, for titles followed by empty cells."""
    group: dict[int, int] = {}
    for start, title in enumerate(top):
        end = start + 1
        while title and end < len(top) and not top[end]:
            end += 1
        if end > start + 1:
            group.update({i: start for i in range(start, end)})
    return group


def resolve_columns(table: Table, mapping: Mapping[str, str]) -> Columns:
    """Explicit --map entries first, then the default names for fields still unfilled; a
    column that looks like it holds passwords is refused, mapped or not."""
    titles, header_rows = header_titles(table.rows)
    header = table.rows[0]
    names = [column_name(title) for title in titles]
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
            if target != IGNORE:
                by_field.setdefault(target, index)
    plain = [_ANSWER_HINT.sub("", name) for name in names]
    for target, spec in sheet_fields().items():
        for alias in spec.aliases:
            if target in by_field:
                break
            index = plain.index(alias) if alias in plain else -1
            if index >= 0 and index not in used:
                by_field[target] = index
                used.add(index)
    data = table.rows[header_rows:]
    refuse_secrets(table.file, header, titles, set(by_field.values()), data)
    ignored = [
        titles[i] or f"column {i + 1} (no header)"
        for i in range(len(titles))
        if i not in used and (titles[i] or _has_values(data, i))
    ]
    return Columns(by_field, tuple(ignored), titles, header_rows)


def _has_values(rows: Sequence[Row], index: int) -> bool:
    return any(index < len(row.cells) and row.cells[index].strip() for row in rows)


def secret_column(name: str) -> bool:
    """Whether a header (as column_name writes it) names a secret: Password, PWD, MFA seed,
    Backup codes; also the columns that say where one is kept (Password location), which
    are read, but whose values are never repeated in a message."""
    return bool(name) and (secret_key(name) or secret_key(f"x-{name}"))


def refuse_secrets(
    file: str, header: Row, titles: Sequence[str], read: set[int], rows: Sequence[Row]
) -> None:
    """A tracker (or an HR export) says where passwords are kept, never what they are: a
    column named like a secret (Password, PWD, MFA seed, backup codes) that has values, or any
    cell shaped like a credential, stops the import before anything is written. The value is
    never repeated."""
    for index, title in enumerate(titles):
        name = column_name(title)
        if index not in read and secret_column(name) and _has_values(rows, index):
            raise InputError.at(
                file,
                header.line,
                index + 1,
                f"column {title!r} looks like it holds passwords or other secrets; an "
                "inventory records where they are kept, never the secrets: delete the column "
                "(and change every password it held), then import again",
            )
    for row in rows:
        for index, cell in enumerate(row.cells):
            what = looks_like(cell) if cell.strip() else None
            if what is not None:
                raise InputError.at(
                    file,
                    row.line,
                    index + 1,
                    f"the cell holds what looks like {what}; an import file must not hold secrets: "
                    "remove it (and revoke or change it), then import again",
                )
