"""Checks over a list: every item, some item, no item, or how many, with their wording."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from smaudit.model import Status
from smaudit.rules.logic import demote, kleene_and, kleene_not, kleene_or
from smaudit.rules.nodes import Node, Prefix, Trace, TraceEntry, Verdict, fixed, outcome
from smaudit.rules.paths import MISSING, FieldPath


def _items(
    path: FieldPath,
    missing_is_empty: bool,
    item: Any,
    root: Any,
    prefix: Prefix,
    trace: Trace | None,
    negated: bool,
) -> list[Any] | None:
    """The list a quantifier ranges over, or None (recorded) when it is absent or not a list."""
    items = path.read(item, root)
    if items is MISSING and missing_is_empty:
        return []
    if isinstance(items, list):
        return items
    if trace is not None:
        trace.append(
            TraceEntry(
                path.absolute(prefix),
                path.keys[-1] if path.keys else "",
                items,
                fixed("a list"),
                Status.ERROR,
            )
        )
    return None


def _select(
    where: Node | None, element: Any, root: Any, prefix: Prefix, trace: Trace | None
) -> Verdict:
    """Whether a `where` selects an item. Its facts are evidence only when it cannot tell:
    then they explain why the result is unknown."""
    if where is None:
        return True
    seen: Trace | None = [] if trace is not None else None
    selected = where.eval(element, root, prefix, seen)
    if selected is None and trace is not None and seen:
        trace.extend(seen)
    return selected


@dataclass(frozen=True, slots=True)
class Quantifier(Node):
    """`all`, `any` or `none` of the items of a list (optionally those `where` holds).

    On an empty list: `all` and `none` hold, `any` does not."""

    kind: str
    path: FieldPath
    where: Node | None
    check: Node
    missing_is_empty: bool

    def eval(
        self, item: Any, root: Any, prefix: Prefix, trace: Trace | None, negated: bool = False
    ) -> Verdict:
        items = _items(self.path, self.missing_is_empty, item, root, prefix, trace, negated)
        if items is None:
            return None
        base = self.path.absolute(prefix)
        inner_negated = (not negated) if self.kind == "none" else negated
        matches: list[Verdict] = []
        spans: list[tuple[Verdict, int, int]] = []
        for index, element in enumerate(items):
            selected = _select(self.where, element, root, (*base, index), trace)
            if selected is False:
                continue
            start = len(trace) if trace is not None else 0
            result = self.check.eval(element, root, (*base, index), trace, inner_negated)
            if self.kind == "all":  # selected implies result
                matched: Verdict = result if selected else (True if result is True else None)
            else:  # selected and result
                matched = result if selected else (False if result is False else None)
            if trace is None and matched is (self.kind == "any" or self.kind == "none"):
                return self.kind == "any"
            matches.append(matched)
            if trace is not None:
                spans.append((matched, start, len(trace)))
        combined = kleene_and(matches) if self.kind == "all" else kleene_or(matches)
        # (for `any`, the entry below says what is missing: nothing more to add here)
        if trace is not None and not matches and self.kind != "any":
            where = f" where {self.where.describe()}" if self.where else ""
            trace.append(
                TraceEntry(
                    base,
                    self.path.keys[-1] if self.path.keys else "",
                    items,
                    fixed(f"nothing to check: no items{where}"),
                    outcome(self.kind != "any", negated),
                    decisive=False,
                )
            )
        if trace is not None:
            demote(trace, spans, combined)
        result = kleene_not(combined) if self.kind == "none" else combined
        if trace is not None and self.kind == "any" and result is False:
            where = f"{self.where.describe()}: " if self.where else ""
            trace.append(
                TraceEntry(
                    base,
                    self.path.keys[-1] if self.path.keys else "",
                    # a list of records with none in it: no record of what was asked for
                    MISSING if not items and self.missing_is_empty else items,
                    fixed(f"at least one item where {where}{self.check.describe()}"),
                    outcome(False, negated),
                )
            )
        return result

    def describe(self) -> str:
        where = f" where {self.where.describe()}" if self.where else ""
        return f"{self.kind} of {self.path.text}{where}: {self.check.describe()}"


@dataclass(frozen=True, slots=True)
class Count(Node):
    """How many items of a list (optionally those `where` and `check` hold) compared to bounds."""

    path: FieldPath
    where: Node | None
    bounds: tuple[tuple[str, Callable[[int, Any], bool], Any], ...]
    missing_is_empty: bool

    def eval(
        self, item: Any, root: Any, prefix: Prefix, trace: Trace | None, negated: bool = False
    ) -> Verdict:
        items = _items(self.path, self.missing_is_empty, item, root, prefix, trace, negated)
        if items is None:
            return None
        sure = unsure = 0
        base = self.path.absolute(prefix)
        for index, element in enumerate(items):
            selected = _select(self.where, element, root, (*base, index), trace)
            sure += selected is True
            unsure += selected is None
        low = all(test(sure, bound) for _, test, bound in self.bounds)
        high = all(test(sure + unsure, bound) for _, test, bound in self.bounds)
        result: Verdict = low if low == high else None
        if trace is not None:
            actual = sure if not unsure else f"{sure} to {sure + unsure}"
            expected = f"{self._bounds_text(negated)} items{self._where_text()}"
            trace.append(
                TraceEntry(
                    self.path.absolute(prefix),
                    "count",
                    actual,
                    fixed(expected),
                    outcome(result, negated),
                )
            )
        return result

    def _where_text(self) -> str:
        return f" where {self.where.describe()}" if self.where else ""

    def _bounds_text(self, negated: bool) -> str:
        text = " and ".join(f"{_BOUND_WORDS[name]} {bound}" for name, _, bound in self.bounds)
        return f"not {text}" if negated else text

    def describe(self) -> str:
        return f"count of {self.path.text}{self._where_text()} is {self._bounds_text(False)}"


_BOUND_WORDS = {
    "eq": "exactly",
    "ge": "at least",
    "gt": "more than",
    "le": "at most",
    "lt": "fewer than",
}
