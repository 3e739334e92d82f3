"""A check's trace worked out once per shape of finding, then filled with each account's values.

`Traces.trace(fields)` is what `check.eval(fields, fields, (), trace)` records. The first
account of a shape (shapes.py) is traced by the node tree, the reference; its trace becomes a
template: each fact's value is read again, from the next account of that shape, at the fact's
own path (a leaf's value is what the account holds there), and an operand read from the record
at the operand's path. A fact whose value is not found at its path is the same for the whole
shape (a count of items, a missing record), and kept. Where a fact can be neither, because it
holds a list that is not the account's own, that shape is traced every time, as is every
account of a check whose shapes hardly recur. `reuse=False` traces every account: the
reference the tests compare with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from smaudit.reading.document import format_path
from smaudit.rules.logic import AllOf, AnyOf, IfThen, Not
from smaudit.rules.nodes import At, Expectation, Leaf, Named, Node, Trace, TraceEntry
from smaudit.rules.paths import MISSING, FieldPath
from smaudit.rules.quantifiers import Count, Quantifier
from smaudit.rules.shapes import keyer, value_key

Path = tuple[str | int, ...]
Filler = tuple[TraceEntry, Path | None, tuple[Path, int] | None]
"""A template's fact; the path its value is read at (None: kept); its operand's, and days."""

_KEPT = 4096
"""Templates one check keeps: enough for the shapes that recur, a bound on memory."""
_TRIAL = 512
"""Accounts traced after which a check whose templates are used for fewer than half as many
accounts stops working out its shapes."""
_UNSEEN: Any = object()
_FRESH = ("an empty list",)
"""In place of a path: the value is an empty list of the traced evaluation's own, made anew."""


class Traces:
    """One check's traces, by shape of finding."""

    __slots__ = ("check", "compared", "key", "known", "reused", "tried")

    def __init__(self, check: Node, reuse: bool = True) -> None:
        self.check = check
        self.key = keyer(check) if reuse else None
        self.compared = [n for n in _nodes(check) if isinstance(n, Leaf) and _compared(n)]
        self.known: dict[Any, list[Filler] | None] = {}
        self.tried = self.reused = 0

    def trace(self, fields: Any) -> Trace:
        key_of = self.key
        if key_of is None:
            return self._traced(fields)
        key = key_of(fields, fields)
        template = self.known.get(key, _UNSEEN)
        if template is not None and template is not _UNSEEN:
            self.reused += 1
            return _fill(template, fields)
        trace = self._traced(fields)
        if template is _UNSEEN and len(self.known) < _KEPT:
            self.known[key] = self._template(trace, fields)
        self.tried += 1  # traced, the shape new or not to be filled
        if self.tried >= _TRIAL and 2 * self.reused < self.tried:
            self.key = None
        return trace

    def _traced(self, fields: Any) -> Trace:
        trace: Trace = []
        self.check.eval(fields, fields, (), trace)
        return trace

    def _template(self, trace: Trace, fields: Any) -> list[Filler] | None:
        """How to fill this trace for another account of its shape; None where it cannot."""
        fillers: list[Filler] = []
        for entry in trace:
            if read_at(fields, entry.path) is entry.value:
                path: Path | None = entry.path
            elif value_key(entry.value) is not None:
                path = None  # the same for every account of the shape
            elif type(entry.value) is list and not entry.value:
                path = _FRESH  # a missing list, read as an empty one
            else:
                return None
            operand = None
            if entry.expectation.text is None:  # worded with an operand read from the record
                operand = self._operand(entry, fields)
                if operand is None:
                    return None
            fillers.append((entry, path, operand))
        return fillers

    def _operand(self, entry: TraceEntry, fields: Any) -> tuple[Path, int] | None:
        """Where the operand of a fact's expectation is read (and the days it is shifted by),
        found among the check's leaves compared with a field; None unless exactly one place
        fits and gives the operand the fact holds."""
        expectation = entry.expectation
        found = set()
        for leaf in self.compared:
            place = _operand_place(leaf, entry.path, expectation)
            if place is not None:
                found.add(place)
        if len(found) != 1:
            return None
        place = found.pop()
        operand = _operand_at(fields, place)
        if operand is expectation.operand or (
            place[1]
            and type(operand) is type(expectation.operand)
            and operand == expectation.operand
        ):
            return place
        return None


def _compared(leaf: Leaf) -> bool:
    return isinstance(leaf.operand, FieldPath)


def _operand_place(leaf: Leaf, path: Path, expectation: Expectation) -> tuple[Path, int] | None:
    """Where `leaf` would have read the operand of the fact at `path`, if it recorded it: the
    path the fact's words name (`credentials.holders[0].removed_on`), read back."""
    other = leaf.operand
    assert isinstance(other, FieldPath)
    if expectation.describe is not leaf.operator.describe:
        return None
    if expectation.operand_key != (other.keys[-1] if other.keys else "@"):
        return None
    keys = leaf.path.keys
    if not leaf.path.from_root and path[len(path) - len(keys) :] != keys:
        return None
    source = expectation.source
    if leaf.offset_days:
        source = source.removesuffix(f" + {leaf.offset_days} days")
    place = _parse(source)
    if place is None or format_path(place) != source or not other.keys:
        return None
    if place[len(place) - len(other.keys) :] != other.keys or (
        other.from_root and place != other.keys
    ):
        return None
    return place, leaf.offset_days


def _parse(text: str) -> Path | None:
    """format_path read back: `a.b[0].c` is ("a", "b", 0, "c")."""
    parts: list[str | int] = []
    for word in text.split("."):
        name, _, rest = word.partition("[")
        if not name and parts:
            return None
        parts.append(name)
        for index in rest.split("[") if rest else ():
            if not index.endswith("]") or not index[:-1].isdigit():
                return None
            parts.append(int(index[:-1]))
    return tuple(parts) if parts and parts[0] else None


def _operand_at(fields: Any, place: tuple[Path, int]) -> Any:
    path, days = place
    operand = read_at(fields, path)
    if days and isinstance(operand, dt.date):
        operand = operand + dt.timedelta(days=days)  # the shape says it does not overflow
    return operand


def _fill(template: list[Filler], fields: Any) -> Trace:
    trace: Trace = []
    for entry, path, operand in template:
        if path is None and operand is None:
            trace.append(entry)
            continue
        value = entry.value if path is None else read_at(fields, path)
        if path is _FRESH:
            value = []
        expectation = entry.expectation
        if operand is not None:
            e = expectation
            expectation = Expectation(
                e.describe, _operand_at(fields, operand), e.operand_key, e.source, e.negated
            )
        trace.append(
            TraceEntry(entry.path, entry.key, value, expectation, entry.outcome, entry.decisive)
        )
    return trace


def read_at(fields: Any, path: Path) -> Any:
    """The value at a fact's path, as the check read it: a field absent or null is MISSING;
    a list's item is taken as it is (a quantifier judges a null item itself)."""
    value = fields
    for part in path:
        if isinstance(part, int):
            value = value[part] if isinstance(value, list) and part < len(value) else MISSING
            continue
        if not isinstance(value, dict):
            return MISSING
        value = value.get(part)
        if value is None:
            return MISSING
    return value


def _nodes(node: Node) -> Iterator[Node]:
    yield node
    if isinstance(node, (AllOf, AnyOf)):
        for child in node.children:
            yield from _nodes(child)
    elif isinstance(node, (Not, Named, At)):
        yield from _nodes(node.child)
    elif isinstance(node, IfThen):
        for part in (node.condition, node.then, node.otherwise):
            if part is not None:
                yield from _nodes(part)
    elif isinstance(node, (Quantifier, Count)):
        for part in (node.where, getattr(node, "check", None)):
            if part is not None:
                yield from _nodes(part)
