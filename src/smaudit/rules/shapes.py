"""The shape of a finding: what decides how a check's traced evaluation words it (issue 18).

A traced evaluation (`Node.eval` with a trace) records one fact per leaf it reads, and how it
records them (which paths, in what order, what was expected, each fact's outcome and whether it
decided) depends only on the leaves' verdicts, on the lists it ranges over (how many items,
each item's verdicts) and, for a leaf compared with another field, on whether either value was
missing. `keyer` turns a check into a closure that works those out, for every leaf whatever the
verdict but in the branch of an `if` its condition rules out, as a hashable key: accounts with the
same key get the same facts but for the values, which templates.py fills in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from smaudit.rules.fast import Predicate, predicate, reader
from smaudit.rules.logic import AllOf, AnyOf, IfThen, Not
from smaudit.rules.nodes import At, Leaf, Named, Node
from smaudit.rules.paths import MISSING, FieldPath
from smaudit.rules.quantifiers import Count, Quantifier

Keyer = Callable[[Any, Any], Any]
"""(item, root) -> the shape of the check's facts there, as a hashable key."""

ABSENT_LIST, NOT_A_LIST = "absent", "not a list"
"""A quantifier's list that is missing (read as empty), or not a list at all (recorded)."""
OVERFLOW = "overflow"
"""An operand date shifted outside the calendar: read as missing, unlike an absent one."""


def value_key(value: Any) -> Any:
    """A scalar as a key, equal only for values that read alike (1, 1.0 and True differ, and
    -0.0 and 0.0 by their text); MISSING as itself; None for anything else."""
    kind = type(value)
    if kind is str:
        return value
    if kind is bool or kind is int or kind is dt.date:
        return (kind, value)
    if kind is float:
        return (kind, repr(value))
    if value is MISSING:
        return value
    return None


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
        otherwise = _keyer(node.otherwise) if node.otherwise else None
        return _if_then(
            predicate(node.condition), _keyer(node.condition), _keyer(node.then), otherwise
        )
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
    verdict = predicate(leaf)
    if not isinstance(leaf.operand, FieldPath):
        return verdict
    read, other, days = reader(leaf.path), reader(leaf.operand), leaf.offset_days

    def compared(item: Any, root: Any) -> Any:
        operand = other(item, root)
        if days and isinstance(operand, dt.date):
            try:
                operand + dt.timedelta(days=days)
            except OverflowError:
                operand = OVERFLOW
        state = operand if operand is MISSING or operand is OVERFLOW else None
        return (verdict(item, root), read(item, root) is MISSING, state)

    return compared


def _all(parts: tuple[Keyer, ...]) -> Keyer:
    return lambda item, root: tuple([part(item, root) for part in parts])


def _if_then(holds: Predicate, condition: Keyer, then: Keyer, otherwise: Keyer | None) -> Keyer:
    """The condition, and the branches the traced evaluation takes: the one its verdict
    chooses, both where it is unknown."""

    def if_then(item: Any, root: Any) -> Any:
        verdict = holds(item, root)
        return (
            condition(item, root),
            then(item, root) if verdict is not False else None,
            otherwise(item, root) if otherwise is not None and verdict is not True else None,
        )

    return if_then


def _at(read: Callable[[Any, Any], Any], child: Keyer) -> Keyer:
    return lambda item, root: child(read(item, root), root)


def _each(
    path: FieldPath, missing_is_empty: bool, where: Keyer | None, check: Keyer | None
) -> Keyer:
    """A list's items in order, each by its facts; a missing list or one that is not a list
    by that alone."""
    read = reader(path)

    def each(item: Any, root: Any) -> Any:
        items = read(item, root)
        if not isinstance(items, list):
            return ABSENT_LIST if items is MISSING and missing_is_empty else NOT_A_LIST
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
