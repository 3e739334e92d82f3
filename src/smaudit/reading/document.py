"""A file read: plain data with the place of every value and key; and its bytes as text."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from smaudit.errors import InputError
from smaudit.reading.marks import MarkTable, unpack

JsonPath = tuple[str | int, ...]


def format_path(path: tuple[str | int, ...] | list[str | int]) -> str:
    """A path as people read it in messages and evidence: credentials.holders[1].removed_on."""
    return _format(tuple(path))  # tuple() of a tuple is the tuple itself


@functools.lru_cache(maxsize=8192)
def _format(path: tuple[str | int, ...]) -> str:
    # evidence names the same few hundred paths over and over: word each once
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(account)"


@dataclass(frozen=True)
class Document:
    """A parsed file: plain JSON-like data, the place of every value (1-based line and column
    packed into one int, see marks.py) and of every key (a (line, column) tuple)."""

    file: str
    data: Any
    marks: MarkTable = field(repr=False)
    key_marks: Mapping[JsonPath, tuple[int, int]] = field(repr=False)

    def where(self, path: JsonPath, *, key: bool = False) -> tuple[int, int]:
        """(line, column) of `path`, or of its nearest ancestor that exists."""
        for end in range(len(path), -1, -1):
            if key and (found := self.key_marks.get(path[:end])):
                return found
            if mark := self.marks.get(path[:end]):
                return unpack(mark)
        return (1, 1)

    def describe(self, path: JsonPath) -> str:
        """`path` as a message names it for a person: an account by its id, and list items by
        the numbers people count with (`account dcr-x, credentials.holders item 3,
        removed_on`, for `accounts[i].credentials.holders[2].removed_on`)."""
        return describe_path(self.data, path)


def describe_path(data: Any, path: JsonPath) -> str:
    """See Document.describe; `data` is the document's data, for the accounts' ids."""
    if not path:
        return "(document)"
    parts: list[str] = []
    rest = path
    if len(path) >= 2 and path[0] in _NAMED_ITEMS and isinstance(path[1], int):
        parts.append(_named_item(data, str(path[0]), path[1]))
        rest = path[2:]
    dotted = ""
    for part in rest:
        if isinstance(part, int):
            parts.append(f"{dotted or '(list)'} item {part + 1}")
            dotted = ""
        else:
            dotted = f"{dotted}.{part}" if dotted else part
    if dotted:
        parts.append(dotted)
    return ", ".join(parts)


_NAMED_ITEMS = {"accounts": "account", "people": "person"}
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")


def _named_item(data: Any, key: str, index: int) -> str:
    """`account dcr-x` for an account with a usable id; else `account 4` (counting from 1).
    People are always numbered: their ids are often usernames, and messages name nobody."""
    noun = _NAMED_ITEMS[key]
    if key == "accounts" and isinstance(data, dict):
        items = data.get(key)
        item = items[index] if isinstance(items, list) and index < len(items) else None
        found = item.get("id") if isinstance(item, dict) else None
        if isinstance(found, str) and _SAFE_ID.match(found):
            return f"{noun} {found}"
    return f"{noun} {index + 1}"


BOM = b"\xef\xbb\xbf"


def decode_text(raw: bytes, name: str) -> str:
    """The file as text: UTF-8, a byte-order mark dropped; InputError at the first bad byte
    or NUL, with its line and column."""
    if raw.startswith(BOM):
        raw = raw[3:]  # a UTF-8 byte-order mark is harmless; editors on Windows add it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError.at(name, line, column, "file is not valid UTF-8 text") from None
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        raise InputError.at(name, line, column, "file contains a NUL byte (binary data?)")
    return text
