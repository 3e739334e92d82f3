"""Compiled check nodes. Each evaluates to True, False or None (cannot be assessed) with Kleene's
three-valued logic, so a definite failure is reported even when other evidence is missing.

With a `trace` list, every leaf also records what it read; without one (the fast path used for
the bulk of accounts that pass) nothing is allocated and evaluation short-circuits.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable
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


def fixed(text: str) -> Expectation:
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


def outcome(result: Verdict, negated: bool) -> Status:
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
                        outcome(result, negated),
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
            expectation = fixed(words)
        elif operand is MISSING:
            # The field being judged is there; what is missing is what it is compared with.
            what = "a record" if self.operand_absent_fails else "a value"
            wanted = fixed(f"{what} to compare {self.path.display(prefix)} with")
            return TraceEntry(
                other.absolute(prefix),
                other.keys[-1] if other.keys else "",
                MISSING,
                wanted,
                outcome(result, negated),
            )
        else:
            source = other.display(prefix)
            if self.offset_days:
                source = f"{source} + {self.offset_days} days"
            key_read = other.keys[-1] if other.keys else "@"
            expectation = Expectation(self.operator.describe, operand, key_read, source, negated)
        return TraceEntry(
            self.path.absolute(prefix), key, value, expectation, outcome(result, negated)
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
