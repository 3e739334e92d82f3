"""Combining checks: all of, any of, not, and if-then, in three-valued (Kleene) logic."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from smaudit.model import Status
from smaudit.rules.nodes import Node, Prefix, Trace, TraceEntry, Verdict, fixed


def kleene_and(results: Sequence[Verdict]) -> Verdict:
    if False in results:
        return False
    return None if None in results else True


def kleene_or(results: Sequence[Verdict]) -> Verdict:
    if True in results:
        return True
    return None if None in results else False


def kleene_not(result: Verdict) -> Verdict:
    return None if result is None else not result


def demote(trace: Trace, spans: Sequence[tuple[Verdict, int, int]], result: Verdict) -> None:
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
    demote(trace, spans, result)
    return result


@dataclass(frozen=True, slots=True)
class AllOf(Node):
    children: tuple[Node, ...]

    def eval(
        self, item: Any, root: Any, prefix: Prefix, trace: Trace | None, negated: bool = False
    ) -> Verdict:
        if trace is not None:
            return _traced(self.children, kleene_and, item, root, prefix, trace, negated)
        results = []
        for child in self.children:
            result = child.eval(item, root, prefix, None, negated)
            if result is False:
                return False
            results.append(result)
        return kleene_and(results)

    def describe(self) -> str:
        return "all of (" + "; ".join(c.describe() for c in self.children) + ")"


@dataclass(frozen=True, slots=True)
class AnyOf(Node):
    children: tuple[Node, ...]

    def eval(
        self, item: Any, root: Any, prefix: Prefix, trace: Trace | None, negated: bool = False
    ) -> Verdict:
        if trace is not None:
            return _traced(self.children, kleene_or, item, root, prefix, trace, negated)
        results = []
        for child in self.children:
            result = child.eval(item, root, prefix, None, negated)
            if result is True:
                return True
            results.append(result)
        return kleene_or(results)

    def describe(self) -> str:
        return "any of (" + "; ".join(c.describe() for c in self.children) + ")"


@dataclass(frozen=True, slots=True)
class Not(Node):
    child: Node

    def eval(
        self, item: Any, root: Any, prefix: Prefix, trace: Trace | None, negated: bool = False
    ) -> Verdict:
        return kleene_not(self.child.eval(item, root, prefix, trace, not negated))

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
            needed = fixed(f"known, to decide whether {self.condition.describe()}")
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
