"""A check's trace worked out once per shape of finding, then reused (issue 18, stage 2).

The traced evaluation that explains a finding (`Node.eval` with a trace) is a function of the
values the check's leaves read and nothing else: the paths are fixed, a list's items are read
in order, and a run's operands and parameters are compiled in. So two accounts whose leaves
read the same values (same type, same value; a float by its text) get the same trace, and the
second can reuse the first's. `keyer` turns a check into a closure that reads those values,
every leaf whatever the verdict (a superset of what the traced evaluation reads), into a
hashable key: the shape. `Traces` keeps one trace per shape, for the facts that can be shared:
a trace is kept only when every value it records is a plain scalar, since a list recorded as
evidence (a quantifier's items, say) may differ where the key does not look.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from smaudit.rules.fast import reader
from smaudit.rules.logic import AllOf, AnyOf, IfThen, Not
from smaudit.rules.nodes import At, Leaf, Named, Node, Trace
from smaudit.rules.paths import MISSING, FieldPath
from smaudit.rules.quantifiers import Count, Quantifier

Keyer = Callable[[Any, Any], Any]
"""(item, root) -> the values a check reads there, as a hashable key."""

_KEPT = 4096
"""Traces one check keeps: enough for the shapes that recur, a bound on memory where none do."""
_TRIAL = 256
"""Accounts after which a check whose shapes hardly ever recur stops looking them up."""


class Unkeyable(Exception):
    """A value read that cannot be part of a key (a list, a mapping, an unusual type)."""


def value_key(value: Any) -> Any:
    """A value as a key: equal only for values that read alike (1, 1.0 and True differ, and
    -0.0 and 0.0 by their text); MISSING (absent or null) as itself."""
    kind = type(value)
    if kind is str:
        return value
    if kind is bool or kind is int or kind is dt.date:
        return (kind, value)
    if kind is float:
        return (kind, repr(value))
    if value is MISSING:
        return value
    raise Unkeyable


def keyer(node: Node) -> Keyer | None:
    """The check's shape as a closure, or None for a node type it does not know."""
    try:
        return _keyer(node)
    except TypeError:
        return None


def _keyer(node: Node) -> Keyer:
    if isinstance(node, Leaf):
        return _leaf(node)
    if isinstance(node, (AllOf, AnyOf)):
        return _all(tuple(_keyer(c) for c in node.children))
    if isinstance(node, (Not, Named)):
        return _keyer(node.child)
    if isinstance(node, IfThen):
        parts = [node.condition, node.then] + ([node.otherwise] if node.otherwise else [])
        return _all(tuple(_keyer(p) for p in parts))
    if isinstance(node, At):
        return _at(reader(node.path), _keyer(node.child))
    if isinstance(node, Quantifier):
        check = _keyer(node.check)
        where = _keyer(node.where) if node.where else None
        return _each(node.path, node.missing_is_empty, where, check)
    if isinstance(node, Count):
        where = _keyer(node.where) if node.where else None
        return _each(node.path, node.missing_is_empty, where, None)
    raise TypeError(f"no shape for {type(node).__name__}")


def _leaf(leaf: Leaf) -> Keyer:
    read = reader(leaf.path)
    if isinstance(leaf.operand, FieldPath):
        other = reader(leaf.operand)
        return lambda item, root: (value_key(read(item, root)), value_key(other(item, root)))
    return lambda item, root: value_key(read(item, root))


def _all(parts: tuple[Keyer, ...]) -> Keyer:
    return lambda item, root: tuple([part(item, root) for part in parts])


def _at(read: Callable[[Any, Any], Any], child: Keyer) -> Keyer:
    return lambda item, root: child(read(item, root), root)


def _each(
    path: FieldPath, missing_is_empty: bool, where: Keyer | None, check: Keyer | None
) -> Keyer:
    """A list's items in order, each by what `where` and `check` read in it; anything else
    that is not a list by its own value (the traced evaluation records it)."""
    read = reader(path)

    def each(item: Any, root: Any) -> Any:
        items = read(item, root)
        if items is MISSING and missing_is_empty:
            return ()  # read as an empty list
        if not isinstance(items, list):
            return (value_key(items),)
        return tuple(
            [
                (
                    where(element, root) if where is not None else None,
                    check(element, root) if check is not None else None,
                )
                for element in items
            ]
        )

    return each


class Traces:
    """One check's traces, by shape: `trace(fields)` is what `check.eval(fields, fields, (),
    trace)` records, reused where the shape recurs; `reuse=False` evaluates every time (the
    reference the tests compare with)."""

    __slots__ = ("check", "key", "known", "reused", "tried")

    def __init__(self, check: Node, reuse: bool = True) -> None:
        self.check = check
        self.key = keyer(check) if reuse else None
        self.known: dict[Any, Trace] = {}
        self.tried = self.reused = 0

    def trace(self, fields: Any) -> Trace:
        key_of = self.key
        key = None
        if key_of is not None:
            try:
                key = key_of(fields, fields)
            except Unkeyable:
                key = None
            else:
                known = self.known.get(key)
                if known is not None:
                    self.reused += 1
                    return known
            self._judge()
        trace: Trace = []
        self.check.eval(fields, fields, (), trace)
        if key is not None and len(self.known) < _KEPT and _shareable(trace):
            self.known[key] = trace
        return trace

    def _judge(self) -> None:
        """Stop working out shapes for a check whose shapes hardly ever recur."""
        self.tried += 1
        if self.tried >= _TRIAL and self.reused < self.tried:
            self.key = None


def _shareable(trace: Trace) -> bool:
    """Whether every value the trace records is one a key tells apart."""
    try:
        for entry in trace:
            value_key(entry.value)
    except Unkeyable:
        return False
    return True
