"""A JSON list of records, read by the C decoder, with the line and column each record starts on.

Registry dumps can hold tens of thousands of records: the YAML composer (which gives every node a
location) is about fifty times slower on JSON than `json`. Here only each record's start is
located, which is all an import's messages need.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smaudit.errors import InputError
from smaudit.reading.inputs import read_input
from smaudit.reading.limits import DEFAULT_LIMITS
from smaudit.safety.terminal import display_path

_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\r\n]*")


def read_records(path: Path, wrappers: Sequence[str]) -> list[tuple[Any, int, int]]:
    """(record, line, column) for each element of the top-level list, or of the list under one
    of `wrappers` in a top-level object (`{"results": [...]}`)."""
    name = display_path(path)
    text = checked_text(_text(path), name)
    with decoding(name):
        start = _list_start(text, name, wrappers)
        return list(_located(text, _elements(text, start)))


def read_json_text(path: Path) -> str:
    """The text of the JSON file at `path`: UTF-8 (a byte-order mark allowed), checked."""
    return checked_text(_text(path), display_path(path))


def checked_text(text: str, name: str) -> str:
    """`text`, refused where json would read a string no output can encode."""
    if match := _LONE_SURROGATE.search(text):
        line, column = _place(text, match.start())
        raise InputError.at(name, line, column, "invalid JSON: a lone surrogate (\\uD800-\\uDFFF)")
    return text


@contextmanager
def decoding(name: str) -> Iterator[None]:
    """json's errors as InputErrors at their line and column. Only json's own message is kept:
    never the text around the place, which may be anything the file holds."""
    try:
        yield
    except json.JSONDecodeError as exc:
        raise InputError.at(name, exc.lineno, exc.colno, f"invalid JSON: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:  # a number of 5,000 digits; nesting past Python's
        what = "nested too deeply" if isinstance(exc, RecursionError) else "a number too long"
        raise InputError.at(name, 0, 0, f"invalid JSON: {what}") from None


def values_at(text: str, path: Sequence[str], start: int = 0) -> list[tuple[Any, int, int, int]]:
    """(value, line, column, offset) of each value at `path` below the value at offset `start`:
    a key steps into that member of an object, `*` into every element of a list. A value not
    shaped as the path expects is passed over. Call it inside `decoding`."""
    found = list(_descend(text, _skip(text, start), tuple(path)))
    places = _located(text, iter(found))  # offsets only grow: lines counted once
    pairs = zip(places, found, strict=True)
    return [(value, line, column, at) for (value, line, column), (_, at) in pairs]


def top_values(text: str) -> list[tuple[Any, int, int]]:
    """(value, line, column) of each JSON value of the text, one after another (what `op item
    get -` writes for several items); a single top-level list is its elements. Call it inside
    `decoding`."""
    values = list(_located(text, _sequence(text)))
    if len(values) == 1 and isinstance(values[0][0], list):
        return list(_located(text, _elements(text, _skip(text, 0))))
    return values


def _sequence(text: str) -> Iterator[tuple[Any, int]]:
    index = _skip(text, 0)
    while index < len(text):
        value, end = _DECODER.raw_decode(text, index)
        yield value, index
        index = _skip(text, end)


def _descend(text: str, index: int, path: tuple[str, ...]) -> Iterator[tuple[Any, int]]:
    if not path:
        yield _DECODER.raw_decode(text, index)[0], index
    elif path[0] == "*" and text.startswith("[", index):
        for _, at in _elements(text, index):
            yield from _descend(text, at, path[1:])
    elif path[0] != "*" and text.startswith("{", index):
        for key, at in _members(text, index):
            if key == path[0]:
                yield from _descend(text, at, path[1:])


@dataclass(frozen=True, slots=True)
class Located:
    """A whole JSON document, with the (line, column) where each of its values starts, down to
    a depth: `places[("data", 3)]` is where the fourth element of `data` starts."""

    value: Any
    places: Mapping[tuple[str | int, ...], tuple[int, int]]

    def where(self, path: tuple[str | int, ...]) -> tuple[int, int]:
        """The place of `path`, else of its nearest located parent (the document: 1, 1)."""
        while path and path not in self.places:
            path = path[:-1]
        return self.places.get(path, (1, 1))


def read_located(path: Path, depth: int = 4) -> Located:
    """The JSON document at `path` (a Graph API response, say), its containers located down to
    `depth` levels. Errors as read_records raises them."""
    name = display_path(path)
    text = checked_text(_text(path), name)
    offsets: dict[tuple[str | int, ...], int] = {}
    with decoding(name):
        start = _skip(text, 0)
        _walk(text, start, (), depth, offsets)
        value, end = _DECODER.raw_decode(text, start)
        if _skip(text, end) != len(text):
            raise json.JSONDecodeError("Extra data", text, _skip(text, end))
    return Located(value, {key: _place(text, at) for key, at in offsets.items()})


def _walk(
    text: str, index: int, path: tuple[str | int, ...], depth: int, out: dict[Any, int]
) -> int:
    """Record where the value at `index` starts (and, within `depth`, its members); return
    where it ends."""
    out[path] = index
    if depth and text.startswith("{", index):
        index = _skip(text, index + 1)
        while not text.startswith("}", index):
            key, index = _DECODER.raw_decode(text, index)
            index = _skip(text, index)
            if not text.startswith(":", index):
                raise json.JSONDecodeError("Expecting ':' delimiter", text, index)
            end = _walk(text, _skip(text, index + 1), (*path, str(key)), depth - 1, out)
            index = _after_item(text, end, "}")
        return index + 1
    if depth and text.startswith("[", index):
        index, number = _skip(text, index + 1), 0
        while not text.startswith("]", index):
            end = _walk(text, index, (*path, number), depth - 1, out)
            index, number = _after_item(text, end, "]"), number + 1
        return index + 1
    return _DECODER.raw_decode(text, index)[1]


# A `\uD800`-`\uDFFF` escape that is not half of a pair: json reads it into a string that no
# output can encode. (The text itself is UTF-8, which cannot hold one.)
_LONE_SURROGATE = re.compile(
    r"(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
    r"|\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
)


def _place(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _text(path: Path) -> str:
    raw = read_input(path, DEFAULT_LIMITS.max_bytes)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError.at(str(path), line, 1, "file is not valid UTF-8 text") from None


def _skip(text: str, index: int) -> int:
    match = _SPACE.match(text, index)
    return match.end() if match else index


def _list_start(text: str, name: str, wrappers: Sequence[str]) -> int:
    index = _skip(text, 0)
    if text.startswith("[", index):
        return index
    if text.startswith("{", index):
        for key, value_at in _members(text, index):
            if key in wrappers and text.startswith("[", value_at):
                return value_at
    expected = " or ".join(f'{{"{w}": [...]}}' for w in wrappers[:1])
    raise InputError.at(name, 1, 1, f"expected a list of records (or {expected})")


def _members(text: str, index: int) -> Iterator[tuple[str, int]]:
    """(key, where its value starts) for each member of the object at `index`."""
    index = _skip(text, index + 1)
    while not text.startswith("}", index):
        key, index = _DECODER.raw_decode(text, index)
        index = _skip(text, index)
        if not text.startswith(":", index):
            raise json.JSONDecodeError("Expecting ':' delimiter", text, index)
        value_at = _skip(text, index + 1)
        yield str(key), value_at
        _, index = _DECODER.raw_decode(text, value_at)
        index = _after_item(text, index, "}")


def _elements(text: str, index: int) -> Iterator[tuple[Any, int]]:
    index = _skip(text, index + 1)
    while not text.startswith("]", index):
        value, end = _DECODER.raw_decode(text, index)
        yield value, index
        index = _after_item(text, end, "]")


def _after_item(text: str, index: int, close: str) -> int:
    index = _skip(text, index)
    if text.startswith(",", index):
        return _skip(text, index + 1)
    if text.startswith(close, index):
        return index
    raise json.JSONDecodeError(f"Expecting ',' or '{close}'", text, index)


def _located(text: str, items: Iterator[tuple[Any, int]]) -> Iterator[tuple[Any, int, int]]:
    """Offsets only grow, so lines are counted once, incrementally."""
    line, line_start, counted = 1, 0, 0
    for value, offset in items:
        line += text.count("\n", counted, offset)
        newline = text.rfind("\n", counted, offset)
        if newline >= 0:
            line_start = newline + 1
        counted = offset
        yield value, line, offset - line_start + 1
