"""Checks compiled a second time, into plain Python closures, for the bulk verdict pass.

Most (control, account) pairs only need a verdict: True, False or None. The node tree answers
that too, but through generic method calls that carry a trace, a prefix and a negation flag on
every step. Here each node becomes a closure specialised once per run (how many keys a path has,
whether an operand is a literal), so the per-account cost is a few dictionary reads.
Findings are still explained by the node tree (`Node.eval` with a trace), and a property test
holds the two to the same verdict on every input.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from typing import Any

from smaudit.rules.logic import AllOf, AnyOf, IfThen, Not
from smaudit.rules.nodes import At, Leaf, Named, Node, Verdict
from smaudit.rules.paths import MISSING, FieldPath
from smaudit.rules.quantifiers import Count, Quantifier

Predicate = Callable[[Any, Any], Verdict]
"""(item, root) -> verdict: the current list item (the account at the top) and the account."""
Reader = Callable[[Any, Any], Any]


def predicate(node: Node) -> Predicate:
    """The verdict of `node.eval(item, root, (), None)`, as a closure."""
    if isinstance(node, Leaf):
        return _leaf(node)
    if isinstance(node, AllOf):
        return _junction(tuple(predicate(c) for c in node.children), decided_by=False)
    if isinstance(node, AnyOf):
        return _junction(tuple(predicate(c) for c in node.children), decided_by=True)
    if isinstance(node, Not):
        return _not(predicate(node.child))
    if isinstance(node, IfThen):
        return _if_then(
            predicate(node.condition),
            predicate(node.then),
            predicate(node.otherwise) if node.otherwise else None,
        )
    if isinstance(node, Quantifier):
        return _quantifier(node)
    if isinstance(node, Count):
        return _count(node)
    if isinstance(node, Named):
        return predicate(node.child)
    if isinstance(node, At):
        return _at(reader(node.path), predicate(node.child))
    raise TypeError(f"no fast form for {type(node).__name__}")  # a new node type: add it here


def reader(path: FieldPath) -> Reader:
    """FieldPath.read, unrolled for the common one- and two-key paths."""
    keys, from_root = path.keys, path.from_root
    if not keys:
        return (lambda _item, root: root) if from_root else (lambda item, _root: item)
    if len(keys) == 1:
        (k1,) = keys

        def read1(item: Any, root: Any) -> Any:
            value = root if from_root else item
            if not isinstance(value, dict):
                return MISSING
            value = value.get(k1)
            return MISSING if value is None else value

        return read1
    if len(keys) == 2:
        k1, k2 = keys

        def read2(item: Any, root: Any) -> Any:
            value = root if from_root else item
            if not isinstance(value, dict):
                return MISSING
            value = value.get(k1)
            if not isinstance(value, dict):
                return MISSING
            value = value.get(k2)
            return MISSING if value is None else value

        return read2
    return path.read


def _leaf(leaf: Leaf) -> Predicate:
    read, generic, operand = reader(leaf.path), leaf.operator.test, leaf.operand
    if isinstance(operand, FieldPath) or leaf.offset_days:
        # An operand read from the record: the node's own code handles the date shift and the
        # missing operand; rare enough not to specialise.
        return lambda item, root: leaf.eval(item, root, (), None)
    if leaf.name == "exists":  # the one operator that judges a missing value itself
        if operand:
            return lambda item, root: read(item, root) is not MISSING
        return lambda item, root: read(item, root) is MISSING
    test = _plain_test(leaf.name, operand, generic) or (lambda value: generic(value, operand))
    absent: Verdict = False if leaf.absent_fails else None  # see Leaf.absent_fails

    def compare(item: Any, root: Any) -> Verdict:
        value = read(item, root)
        return absent if value is MISSING else test(value)

    return compare


def _at(read: Reader, child: Predicate) -> Predicate:
    return lambda item, root: child(read(item, root), root)


def _plain_test(
    name: str, operand: Any, generic: Callable[[Any, Any], Verdict]
) -> Callable[[Any], Verdict] | None:
    """The operator's test for the commonest literal operands, without the generic strict
    comparison: a boolean is compared by identity (True and False are singletons); text is
    equal only to equal text, whatever the value's type, so `==` is already strict; a list of
    texts becomes a set; a date is compared with a date directly."""
    if name == "eq" and type(operand) is bool:
        return lambda value: value is operand
    if name == "eq" and type(operand) is str:
        return lambda value: value == operand
    if name == "ne" and type(operand) is str:
        return lambda value: value != operand
    if type(operand) is dt.date and name in _ORDERED:
        return _on_dates(_ORDERED[name], operand, generic, operand)
    days = name in ("within_days", "older_than_days") and type(operand) is tuple
    if days and len(operand) == 2 and type(operand[1]) is dt.date:  # (days, the cutoff)
        return _on_dates(
            _ORDERED["ge" if name == "within_days" else "lt"], operand[1], generic, operand
        )
    texts = isinstance(operand, (list, tuple)) and all(type(o) is str for o in operand)
    if name in ("in", "not_in") and texts:
        options = frozenset(operand)
        if name == "in":
            return lambda value: isinstance(value, str) and value in options
        return lambda value: not (isinstance(value, str) and value in options)
    return None


_ORDERED: dict[str, Callable[[Any, Any], bool]] = {
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
    "after": operator.gt,
    "on_or_after": operator.ge,
    "before": operator.lt,
    "on_or_before": operator.le,
}
"""The comparisons that judge a date against a date as Python compares them."""


def _on_dates(
    compare: Callable[[Any, Any], bool],
    cutoff: dt.date,
    generic: Callable[[Any, Any], Verdict],
    operand: Any,
) -> Callable[[Any], Verdict]:
    """A date compared with a date directly; any other value by the operator's own test,
    which also judges what cannot be compared."""

    def test(value: Any) -> Verdict:
        return compare(value, cutoff) if type(value) is dt.date else generic(value, operand)

    return test


def _junction(children: tuple[Predicate, ...], decided_by: bool) -> Predicate:
    """`all_of` (decided by the first False) or `any_of` (by the first True); otherwise
    unknown if any part is, else the other answer."""

    def junction(item: Any, root: Any) -> Verdict:
        unknown = False
        for child in children:
            result = child(item, root)
            if result is decided_by:
                return decided_by
            if result is None:
                unknown = True
        return None if unknown else not decided_by

    return junction


def _not(child: Predicate) -> Predicate:
    def negate(item: Any, root: Any) -> Verdict:
        result = child(item, root)
        return None if result is None else not result

    return negate


def _if_then(condition: Predicate, then: Predicate, otherwise: Predicate | None) -> Predicate:
    def if_then(item: Any, root: Any) -> Verdict:
        holds = condition(item, root)
        if holds is True:
            return then(item, root)
        other = otherwise(item, root) if otherwise is not None else True
        if holds is False:
            return other
        result = then(item, root)  # unknown condition: known only if both branches agree
        return result if result == other else None

    return if_then


def _items(path: FieldPath, missing_is_empty: bool) -> Reader:
    read = reader(path)

    def items(item: Any, root: Any) -> Any:
        value = read(item, root)
        if value is MISSING and missing_is_empty:
            return []
        return value if isinstance(value, list) else None

    return items


def _quantifier(node: Quantifier) -> Predicate:
    items = _items(node.path, node.missing_is_empty)
    where = predicate(node.where) if node.where else None
    check = predicate(node.check)
    kind = node.kind
    every = kind == "all"
    stop = kind != "all"  # `any` and `none` are decided by the first sure match

    def quantify(item: Any, root: Any) -> Verdict:
        elements = items(item, root)
        if elements is None:
            return None
        unknown = decided = False
        for element in elements:
            selected = where(element, root) if where is not None else True
            if selected is False:
                continue
            result = check(element, root)
            if every:  # selected implies result
                matched = result if selected else (True if result is True else None)
            else:  # selected and result
                matched = result if selected else (False if result is False else None)
            if matched is stop:
                decided = True
                break
            if matched is None:
                unknown = True
        if every:
            return False if decided else (None if unknown else True)
        found: Verdict = True if decided else (None if unknown else False)
        if kind == "none":
            return None if found is None else not found
        return found

    return quantify


def _count(node: Count) -> Predicate:
    items = _items(node.path, node.missing_is_empty)
    where = predicate(node.where) if node.where else None
    bounds = node.bounds

    def count(item: Any, root: Any) -> Verdict:
        elements = items(item, root)
        if elements is None:
            return None
        sure = unsure = 0
        for element in elements:
            selected = where(element, root) if where is not None else True
            sure += selected is True
            unsure += selected is None
        low = all(test(sure, bound) for _, test, bound in bounds)
        high = all(test(sure + unsure, bound) for _, test, bound in bounds)
        return low if low == high else None

    return count
