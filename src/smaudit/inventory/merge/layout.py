"""Where text can be inserted into a YAML file exactly: the lines, the indentation, and the end
of a block mapping or sequence, found from the places the reader gives every key and value.

Only block collections are edited (one key or item per line, at one indentation); a flow
collection (`{id: x}`, `[a, b]`), an anchored or aliased one, or a tab in the indentation is
refused with its line and column, so the file is never rewritten by a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from smaudit.errors import InputError
from smaudit.reading.document import Document, JsonPath
from smaudit.reading.marks import unpack

# The line breaks YAML readers count lines by (PyYAML and libyaml alike)
_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_ITEM_PREFIX = re.compile(r"( *)-( +)")
_KEY_PREFIX = re.compile(r" *")
_NESTED_PREFIX = re.compile(r"(?: *-[ ]+)* *")  # a mapping's first key: indented, or after dashes
_ONE_LINE_SCALAR = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'|[^\s#'\"](?:[^#]*[^\s#])?")


class Lines:
    """A text by its lines, 1-based, as the reader numbers them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        self.ends: list[int] = []
        for found in _BREAK.finditer(text):
            self.ends.append(found.start())
            self.starts.append(found.end())
        self.ends.append(len(text))

    def __len__(self) -> int:
        return len(self.starts)

    def line(self, number: int) -> str:
        return self.text[self.starts[number - 1] : self.ends[number - 1]]

    def offset(self, line: int, column: int) -> int:
        return self.starts[line - 1] + column - 1

    def after(self, number: int) -> int:
        """Where the line after `number` begins (the end of the text after the last)."""
        return self.starts[number] if number < len(self.starts) else len(self.text)

    def newline(self, number: int) -> str:
        """The line break ending line `number`, or the file's first one (or `\\n`)."""
        if number < len(self.starts):
            return self.text[self.ends[number - 1] : self.starts[number]]
        found = _BREAK.search(self.text)
        return found.group() if found else "\n"


@dataclass(frozen=True, slots=True)
class Spot:
    """Where to insert into a block collection: the offset, the indentation of its keys (and
    of its items' dashes, for a sequence), and the line break to end each inserted line with."""

    offset: int
    indent: int
    dash: int
    newline: str
    lead: str = ""
    """Put before the insertion: the line break the file's last line lacks."""


class Layout:
    """The places of one document's collections in its text."""

    def __init__(self, text: str, document: Document) -> None:
        self.lines = Lines(text)
        self.doc = document

    def refuse(self, line: int, column: int, message: str) -> InputError:
        return InputError.at(self.doc.file, line, column, f"cannot merge into this file: {message}")

    def mapping_end(self, path: JsonPath) -> Spot:
        """Where a new key of the block mapping at `path` goes: after its last line of content
        (comments after it stay after it), at its keys' indentation."""
        value = _at(self.doc.data, path)
        self._plain(path)
        if not isinstance(value, dict) or not value:
            line, column = self.doc.where(path)
            raise self.refuse(line, column, f"{self._name(path)} is not a block mapping")
        keys = list(value)
        line, column = self.doc.key_marks[(*path, keys[0])]
        prefix = self.lines.line(line)[: column - 1]
        pattern = _KEY_PREFIX if not path else _NESTED_PREFIX
        if not pattern.fullmatch(prefix):
            raise self.refuse(
                line,
                column,
                f"{self._name(path)} is written as a flow mapping ({{...}}) or after a tab; "
                "write it one key per line, or fill it in by hand",
            )
        return self._spot(self._last_content(path), column - 1, 0)

    def _last_key(self, path: JsonPath) -> tuple[int, int]:
        """The line of the mapping's last key, and the indentation of its keys."""
        keys = list(_at(self.doc.data, path))
        line, _ = self.doc.key_marks[(*path, keys[-1])]
        return line, self.doc.key_marks[(*path, keys[0])][1] - 1

    def _ends_in_block_scalar(self, path: JsonPath) -> bool:
        value: Any = _at(self.doc.data, path)
        here = path
        while isinstance(value, (dict, list)) and value:
            step: str | int = next(reversed(value)) if isinstance(value, dict) else len(value) - 1
            here, value = (*here, step), _at(value, (step,))
        return isinstance(value, str) and self._char(here) in ("|", ">")

    def _comments_after(self, line: int, indent: int) -> int:
        """The last of the comment lines right after `line` indented as the block's keys are:
        they belong to its last item (an import's `# to fill in: ...`)."""
        for number in range(line + 1, len(self.lines) + 1):
            text = self.lines.line(number)
            stripped = text.lstrip(" ")
            if not stripped.startswith("#") or len(text) - len(stripped) < indent:
                break
            line = number
        return line

    def sequence_end(self, path: JsonPath) -> Spot:
        """Where a new item of the block sequence of mappings at `path` goes: after its last
        item, with the dash and the keys indented as that item's are."""
        items = _at(self.doc.data, path)
        self._plain(path)
        line, column = self.doc.where(path)
        if not isinstance(items, list) or not items or self._char(path) != "-":
            raise self.refuse(
                line,
                column,
                f"{self._name(path)} is written as a flow sequence ([...]) or is empty; write "
                "it as a block list (one `- id: ...` item per account), or import without "
                "--merge",
            )
        last = (*path, len(items) - 1)
        self._plain(last)
        first_key = next(iter(items[-1]), None) if isinstance(items[-1], dict) else None
        if first_key is None:
            line, column = self.doc.where(last)
            raise self.refuse(line, column, f"{self._name(last)} is not a block mapping")
        line, column = self.doc.key_marks[(*last, first_key)]
        found = _ITEM_PREFIX.fullmatch(self.lines.line(line)[: column - 1])
        if found is None:
            raise self.refuse(
                line, column, f"{self._name(last)} does not begin `- key:` on one line"
            )
        end = self._comments_after(self._last_content(last), column - 1)
        return self._spot(end, column - 1, len(found.group(1)))

    def scalar_span(self, path: JsonPath) -> tuple[int, int]:
        """The offsets of the one-line scalar at `path` (a stamp replaces it): quoted, or plain
        up to a comment or the end of its line."""
        self._plain(path)
        line, column = self.doc.where(path)
        rest = self.lines.line(line)[column - 1 :]
        found = _ONE_LINE_SCALAR.match(rest)
        if found is None or rest[:1] in ("|", ">"):
            raise self.refuse(line, column, f"{self._name(path)} is not a one-line value")
        start = self.lines.offset(line, column)
        return start, start + len(found.group())

    def _last_content(self, path: JsonPath) -> int:
        """The last line of content of the block mapping at `path`: the block ends at the
        first line of content indented less than its keys. Where its last value is a block
        scalar (`|`, `>`), a line in it that begins with `#` is text, not a comment."""
        line, indent = self._last_key(path)
        literal = self._ends_in_block_scalar(path)
        last = line
        for number in range(line + 1, len(self.lines) + 1):
            text = self.lines.line(number)
            stripped = text.lstrip(" \t")
            spaces = len(text) - len(text.lstrip(" "))
            if not stripped or (stripped.startswith("#") and not (literal and spaces > indent)):
                continue
            if spaces < indent and text[spaces] == "\t":
                raise self.refuse(number, spaces + 1, "a tab in the indentation")
            if spaces < indent:
                break
            last = number
        return last

    def _spot(self, line: int, indent: int, dash: int) -> Spot:
        newline = self.lines.newline(line)
        offset = self.lines.after(line)
        lead = newline if line == len(self.lines) else ""  # the last line has no break
        return Spot(offset, indent, dash, newline, lead)

    def _plain(self, path: JsonPath) -> None:
        """Refuse a collection with an anchor, or an alias: an edit would change every copy."""
        for end in range(1, len(path) + 1):
            if self._char(path[:end]) in ("&", "*", "!"):
                line, column = self.doc.where(path[:end])
                raise self.refuse(
                    line,
                    column,
                    f"{self._name(path[:end])} has an anchor, alias or tag; merge adds only to "
                    "plain block mappings: fill it in by hand",
                )

    def _char(self, path: JsonPath) -> str:
        mark = self.doc.marks.get(path)
        if not mark:
            return ""
        line, column = unpack(mark)
        offset = self.lines.offset(line, column)
        return self.lines.text[offset : offset + 1]

    def _name(self, path: JsonPath) -> str:
        return self.doc.describe(path) if path else "the document"


def _at(data: Any, path: JsonPath) -> Any:
    for step in path:
        data = data[step]
    return data
