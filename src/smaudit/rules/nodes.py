"""Compiled check nodes. Each evaluates to True, False or None (cannot be assessed) with Kleene's
three-valued logic, so a definite failure is reported even when other evidence is missing.

With a `trace` list, every leaf also records what it read; without one (the fast path used for
the bulk of accounts that pass) nothing is allocated and evaluation short-circuits.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from smaudit.model import Status
from smaudit.rules.operators import Operator
from smaudit.rules.paths import MISSING, FieldPath

Verdict = bool | None


@dataclass(frozen=True, slots=True)
class Expectation:
    """What a leaf expected. Kept unrendered because a compared value read from the inventory
    (another field's email, say) may be personal: the engine decides how it is shown."""

    describe: Callable[[Any], str]
    operand: Any
    operand_key: str = ""  # the field the operand was read from, "" for a control's literal
    source: str = ""  # that field's path, shown after the value
    negated: bool = False
    text: str | None = None  # all the words, when they cannot depend on the record (a literal)

    def render(self, present: Callable[[Any, str], Any]) -> str:
        if self.text is not None:
            return self.text
        personal = self.operand_key and not isinstance(self.operand, dt.date)
        operand = present(self.operand, self.operand_key) if personal else self.operand
        text = self.describe(operand)
        if self.source:
            text = f"{text} ({self.source})"
        return f"not {text}" if self.negated else text


def _fixed(text: str) -> Expectation:
    return Expectation(lambda _operand: text, None, text=text)


class TraceEntry(NamedTuple):
    """One fact read by a leaf: `value` is raw (the engine redacts personal data). A named
    tuple, not a frozen dataclass: explaining the failures of 10,000 accounts makes half a
    million of these, and a tuple is made three times faster."""

    path: tuple[str | int, ...]
    key: str
    value: Any
    expectation: Expectation
    outcome: Status
    # False when the fact was read but did not decide the result (a failed branch of an
    # `any_of` that passed): evidence keeps it, the finding's message does not cite it.
    decisive: bool = True


Trace = list[TraceEntry]
Prefix = tuple[str | int, ...]


def _outcome(result: Verdict, negated: bool) -> Status:
    if result is None:
        return Status.ERROR
    return Status.PASS if result is not negated else Status.FAIL


class Node(ABC):
    __slots__ = ()

    @abstractmethod
    def eval(
        self, item: Any, root: Any, prefix: Prefix, trace: Trace | None, negated: bool = False
    ) -> Verdict:
        """True, False, or None when the evidence is missing or unusable."""

    @abstractmethod
    def describe(self) -> str:
        """The check in words, for evidence and `--explain`."""


@dataclass(frozen=True, slots=True)
class Leaf(Node):
    path: FieldPath
    name: str
    operator: Operator
    operand: Any  # prepared at compile time, or a FieldPath read per item
    needs_value: bool  # `exists` is the one operator that judges a missing value itself
    offset_days: int = 0  # `{path: separated_on, plus_days: 1}`: a date read, then shifted
    absent_fails: bool = False
    """The field records a required action: missing, it was not done, and the test fails."""
    operand_absent_fails: bool = False
    """The same for a field read as the operand (`{path: approved_scopes}`)."""
    literal: tuple[Expectation, Expectation] | None = dataclasses.field(
        default=None, init=False, repr=False, compare=False
    )
    """For a literal operand, what was expected, worded once (plain, negated)."""

    def __post_init__(self) -> None:
        if not isinstance(self.operand, FieldPath):
            words = self.operator.describe(self.operand)
            plain = Expectation(self.operator.describe, self.operand, text=words)
            negated = Expectation(
                self.operator.describe, self.operand, negated=True, text=f"not {words}"
            )
            object.__setattr__(self, "literal", (plain, negated))

    def eval(
        self, item: Any, root: Any, prefix: Prefix, trace: Trace | None, negated: bool = False
    ) -> Verdict:
        value = self.path.read(item, root)
        literal = self.literal
        if literal is not None:  # the common case, kept short: findings trace it in bulk
            if value is MISSING and self.needs_value:
                result: Verdict = False if self.absent_fails else None
            else:
                result = self.operator.test(value, self.operand)
            if trace is not None:
                path = self.path
                trace.append(
                    TraceEntry(
                        path.keys if path.from_root else prefix + path.keys,
                        path.keys[-1] if path.keys else "",
                        value,
                        literal[negated],
                        _outcome(result, negated),
                    )
                )
            return result
        operand = self.operand
        if isinstance(operand, FieldPath):
            operand = operand.read(item, root)
            if self.offset_days and isinstance(operand, dt.date):
                try:
                    operand = operand + dt.timedelta(days=self.offset_days)
                except OverflowError:  # shifted outside the calendar: cannot be judged
                    operand = MISSING
        if value is MISSING and self.needs_value:
            result = False if self.absent_fails else None
        elif operand is MISSING:
            result = False if self.operand_absent_fails else None
        else:
            result = self.operator.test(value, operand)
        if trace is not None:
            trace.append(self._entry(value, operand, prefix, result, negated))
        return result

    def _entry(
        self, value: Any, operand: Any, prefix: Prefix, result: Verdict, negated: bool
    ) -> TraceEntry:
        """The fact read by a leaf whose operand is read from the record too."""
        key = self.path.keys[-1] if self.path.keys else ""
        other = self.operand
        assert isinstance(other, FieldPath)  # literal operands are traced in eval
        if operand is MISSING and value is MISSING:
            words = f"{self.name.replace('_', ' ')} {other.display(prefix)}, which is missing too"
            expectation = _fixed(words)
        elif operand is MISSING:
            # The field being judged is there; what is missing is what it is compared with.
            what = "a record" if self.operand_absent_fails else "a value"
            wanted = _fixed(f"{what} to compare {self.path.display(prefix)} with")
            return TraceEntry(
                other.absolute(prefix),
                other.keys[-1] if other.keys else "",
                MISSING,
                wanted,
                _outcome(result, negated),
            )
        else:
            source = other.display(prefix)
            if self.offset_days:
                source = f"{source} + {self.offset_days} days"
            key_read = other.keys[-1] if other.keys else "@"
            expectation = Expectation(self.operator.describe, operand, key_read, source, negated)
        return TraceEntry(
            self.path.absolute(prefix), key, value, expectation, _outcome(result, negated)
        )

    def describe(self) -> str:
        subject = "the item" if self.path.text == "@" else self.path.text
        operand = self.operand
        text = operand.text if isinstance(operand, FieldPath) else None
        wanted = self.operator.describe(operand) if text is None else f"{self.name} {text}"
        return f"{subject} is {wanted}"


@dataclass(frozen=True, slots=True)
class Named(Node):
    """A named condition (`{use: holds_access}`): one shared notion, defined once."""

    name: str
    description: str
    child: Node

    def eval(
        self, item: Any, root: Any, prefix: Prefix, trace: Trace | None, negated: bool = False
    ) -> Verdict:
        return self.child.eval(item, root, prefix, trace, negated)

    def describe(self) -> str:
        return self.description


@dataclass(frozen=True, slots=True)
class At(Node):
    """A condition read on the item at `path` (`{use: left_agency, at: owner}`)."""

    path: FieldPath
    child: Node

    def eval(
        self, item: Any, root: Any, prefix: Prefix, trace: Trace | None, negated: bool = False
    ) -> Verdict:
        # a missing item reads as missing in every field below it
        inner = self.path.read(item, root)
        return self.child.eval(inner, root, self.path.absolute(prefix), trace, negated)

    def describe(self) -> str:
        return f"{self.path.text}: {self.child.describe()}"


def _and(results: Sequence[Verdict]) -> Verdict:
    if False in results:
        return False
    return None if None in results else True


def _or(results: Sequence[Verdict]) -> Verdict:
    if True in results:
        return True
    return None if None in results else False


def _not(result: Verdict) -> Verdict:
    return None if result is None else not result


def _demote(trace: Trace, spans: Sequence[tuple[Verdict, int, int]], result: Verdict) -> None:
    """Facts from parts whose verdict differs from the whole's did not decide it."""
    for verdict, start, end in spans:
        if verdict != result:
            for k in range(start, end):
                e = trace[k]
                if e.decisive:  # built directly: _replace is several times slower
                    trace[k] = TraceEntry(e.path, e.key, e.value, e.expectation, e.outcome, False)


def _traced(
    children: Sequence[Node],
    combine: Callable[[Sequence[Verdict]], Verdict],
    item: Any,
    root: Any,
    prefix: Prefix,
    trace: Trace,
    negated: bool,
) -> Verdict:
    spans = []
    for child in children:
        start = len(trace)
        spans.append((child.eval(item, root, prefix, trace, negated), start, len(trace)))
    result = combine([verdict for verdict, _, _ in spans])
    _demote(trace, spans, result)
    return result


@dataclass(frozen=True, slots=True)
class AllOf(Node):
    children: tuple[Node, ...]

    def eval(
        self, item: Any, root: Any, prefix: Prefix, trace: Trace | None, negated: bool = False
    ) -> Verdict:
        if trace is not None:
            return _traced(self.children, _and, item, root, prefix, trace, negated)
        results = []
        for child in self.children:
            result = child.eval(item, root, prefix, None, negated)
            if result is False:
                return False
            results.append(result)
        return _and(results)

    def describe(self) -> str:
        return "all of (" + "; ".join(c.describe() for c in self.children) + ")"


@dataclass(frozen=True, slots=True)
class AnyOf(Node):
    children: tuple[Node, ...]

    def eval(
        self, item: Any, root: Any, prefix: Prefix, trace: Trace | None, negated: bool = False
    ) -> Verdict:
        if trace is not None:
            return _traced(self.children, _or, item, root, prefix, trace, negated)
        results = []
        for child in self.children:
            result = child.eval(item, root, prefix, None, negated)
            if result is True:
                return True
            results.append(result)
        return _or(results)

    def describe(self) -> str:
        return "any of (" + "; ".join(c.describe() for c in self.children) + ")"


@dataclass(frozen=True, slots=True)
class Not(Node):
    child: Node

    def eval(
        self, item: Any, root: Any, prefix: Prefix, trace: Trace | None, negated: bool = False
    ) -> Verdict:
        return _not(self.child.eval(item, root, prefix, trace, not negated))

    def describe(self) -> str:
        return f"not ({self.child.describe()})"


@dataclass(frozen=True, slots=True)
class IfThen(Node):
    condition: Node
    then: Node
    otherwise: Node | None

    def eval(
        self, item: Any, root: Any, prefix: Prefix, trace: Trace | None, negated: bool = False
    ) -> Verdict:
        seen: Trace | None = [] if trace is not None else None
        condition = self.condition.eval(item, root, prefix, seen)
        if condition is None and trace is not None and seen:
            # an unknown condition is part of why the result is unknown: what it lacks is
            # needed to decide which rule applies, not a value the account should have
            needed = _fixed(f"known, to decide whether {self.condition.describe()}")
            trace.extend(
                e._replace(expectation=needed) if e.outcome is Status.ERROR else e for e in seen
            )
        if condition is False and self.otherwise is None and trace is not None and seen:
            # the requirement does not arise: keep the facts that made the condition false, so
            # that a pass still shows its evidence
            trace.extend(
                e._replace(outcome=Status.NOT_APPLICABLE, decisive=False)
                for e in seen
                if e.outcome is Status.FAIL and e.decisive
            )
        if condition is True:
            return self.then.eval(item, root, prefix, trace, negated)
        otherwise = (
            self.otherwise.eval(item, root, prefix, trace, negated) if self.otherwise else True
        )
        if condition is False:
            return otherwise
        then = self.then.eval(item, root, prefix, trace, negated)
        return then if then == otherwise else None

    def describe(self) -> str:
        text = f"if {self.condition.describe()} then {self.then.describe()}"
        return text + (f" else {self.otherwise.describe()}" if self.otherwise else "")


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
                _fixed("a list"),
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
        combined = _and(matches) if self.kind == "all" else _or(matches)
        # (for `any`, the entry below says what is missing: nothing more to add here)
        if trace is not None and not matches and self.kind != "any":
            where = f" where {self.where.describe()}" if self.where else ""
            trace.append(
                TraceEntry(
                    base,
                    self.path.keys[-1] if self.path.keys else "",
                    items,
                    _fixed(f"nothing to check: no items{where}"),
                    _outcome(self.kind != "any", negated),
                    decisive=False,
                )
            )
        if trace is not None:
            _demote(trace, spans, combined)
        result = _not(combined) if self.kind == "none" else combined
        if trace is not None and self.kind == "any" and result is False:
            where = f"{self.where.describe()}: " if self.where else ""
            trace.append(
                TraceEntry(
                    base,
                    self.path.keys[-1] if self.path.keys else "",
                    # a list of records with none in it: no record of what was asked for
                    MISSING if not items and self.missing_is_empty else items,
                    _fixed(f"at least one item where {where}{self.check.describe()}"),
                    _outcome(False, negated),
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
                    _fixed(expected),
                    _outcome(result, negated),
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
