"""A file read: plain data with the place of every value and key; and its bytes as text."""

from __future__ import annotations

import functools
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
