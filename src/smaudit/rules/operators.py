"""The comparison operators of the condition language, one small function each, in one registry.

An operator answers True or False, or None when the value is of a kind it cannot judge (a number
where a date was expected): the check then reports `error` rather than guessing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import re2  # type: ignore[import-untyped]

from smaudit.rules.paths import MISSING

Verdict = bool | None


@dataclass(frozen=True)
class CompileContext:
    as_of: dt.date


@dataclass(frozen=True)
class Operator:
    """`test(value, operand)`; `prepare` turns the operand once, at compile time, into what
    `test` needs (a compiled regex, a cutoff date); `describe` words what was expected."""

    test: Callable[[Any, Any], Verdict]
    describe: Callable[[Any], str]
    prepare: Callable[[Any, CompileContext], Any] = lambda operand, _ctx: operand
    operand: str = "any"  # for the schema's documentation: any | list | number | days | regex


def show(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(show(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False, default=str)


def _strict_eq(a: Any, b: Any) -> bool:
    # `true == 1` in Python; in a compliance check it must not be.
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def _comparable(a: Any, b: Any) -> bool:
    both_dates = isinstance(a, dt.date) and isinstance(b, dt.date)
    both_numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (a, b))
    return both_dates or both_numbers


def _prepare_ordered(operand: Any, _ctx: CompileContext) -> Any:
    """A literal date in a control (`on_or_after: 2024-01-01`) arrives as text: read it once."""
    if isinstance(operand, str):
        try:
            return dt.date.fromisoformat(operand)
        except ValueError:
            raise ValueError(
                f"expected a number or a date like 2026-08-01, got {operand!r}"
            ) from None
    return operand


def _compare(check: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Verdict]:
    def test(value: Any, operand: Any) -> Verdict:
        return check(value, operand) if _comparable(value, operand) else None

    return test


def _in(value: Any, options: Any) -> Verdict:
    if not isinstance(options, (list, tuple)):
        return None
    return any(_strict_eq(value, option) for option in options)


def _contains(value: Any, item: Any) -> Verdict:
    if not isinstance(value, list):
        return None
    return any(_strict_eq(v, item) for v in value)


def _contains_any(value: Any, items: Any) -> Verdict:
    if not isinstance(value, list) or not isinstance(items, (list, tuple)):
        return None
    return any(_in(v, items) for v in value)


def _subset_of(value: Any, allowed: Any) -> Verdict:
    if not isinstance(value, list) or not isinstance(allowed, (list, tuple)):
        return None
    return all(_in(v, allowed) for v in value)


def _as_list(operand: Any) -> tuple[Any, ...]:
    return tuple(operand) if isinstance(operand, (list, tuple)) else (operand,)


def _ends_with(value: Any, suffixes: Any) -> Verdict:
    if not isinstance(value, str):
        return None
    return any(value.lower().endswith(str(s).lower()) for s in _as_list(suffixes))


def _some(values: tuple[Any, ...], shown: int = 4) -> str:
    """`a or b or c`, or `a, b, c or 13 others` for a long list: one finding, one line."""
    names = [str(v) for v in values]
    if len(names) <= shown:
        return " or ".join(names)
    return f"{', '.join(names[: shown - 1])} or {len(names) - shown + 1} others"


def email_domain(address: str) -> str | None:
    local, at, domain = address.rpartition("@")
    return domain.lower().rstrip(".") if at and local and domain else None


def _domain_in(value: Any, domains: Any) -> Verdict:
    """An address is on an allowed domain if its domain is that domain or a subdomain of it;
    an allowed entry of `gov` therefore admits every .gov address."""
    if not isinstance(value, str):
        return None
    domain = email_domain(value)
    if domain is None:
        return None
    for allowed in _as_list(domains):
        allowed = str(allowed).lower().strip(".")
        if domain == allowed or domain.endswith("." + allowed):
            return True
    return False


# a group containing a quantifier, itself quantified: (a+)+, (\w*)*, (x{2,}){3,}
_NESTED_REPEAT = re.compile(r"\((?:[^()\\]|\\.)*(?:[*+]|\{\d+,\d*\})\)(?:[*+]|\{\d+,)")
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False


def _prepare_regex(operand: Any, _ctx: CompileContext) -> Any:
    """Regular expressions run on RE2, which matches in linear time: a control file from a pull
    request cannot hang a CI job with catastrophic backtracking."""
    if _NESTED_REPEAT.search(str(operand)):
        raise ValueError(
            "a repeated group that itself repeats (like (a+)+) is refused: it means nothing "
            "more than the simpler pattern and hangs backtracking engines that reuse controls"
        )
    try:
        return re2.compile(str(operand), _RE2_OPTIONS)
    except re2.error as exc:
        detail = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else exc
        raise ValueError(
            f"not a valid RE2 regular expression ({detail}); backreferences and "
            "lookaround are not supported"
        ) from None


def _matches(value: Any, pattern: Any) -> Verdict:
    if not isinstance(value, str):
        return None
    return pattern.fullmatch(value) is not None


def _prepare_days(operand: Any, ctx: CompileContext) -> tuple[int, dt.date]:
    if not isinstance(operand, int) or isinstance(operand, bool):
        raise ValueError(f"expected a whole number of days, got {operand!r}")
    try:
        return operand, ctx.as_of - dt.timedelta(days=operand)
    except OverflowError:
        raise ValueError(f"{operand} days before {ctx.as_of} is outside the calendar") from None


def _older_than(value: Any, prepared: tuple[int, dt.date]) -> Verdict:
    return value < prepared[1] if isinstance(value, dt.date) else None


def _within(value: Any, prepared: tuple[int, dt.date]) -> Verdict:
    return value >= prepared[1] if isinstance(value, dt.date) else None


def _exists(value: Any, wanted: Any) -> Verdict:
    # The Leaf node passes MISSING through to this one operator only.
    return (value is not MISSING) is bool(wanted)


OPERATORS: dict[str, Operator] = {
    "exists": Operator(_exists, lambda w: "present" if w else "absent", operand="boolean"),
    "eq": Operator(lambda v, o: _strict_eq(v, o), lambda o: show(o)),
    "ne": Operator(lambda v, o: not _strict_eq(v, o), lambda o: f"not {show(o)}"),
    "in": Operator(_in, lambda o: f"one of {show(o)}", operand="list"),
    "not_in": Operator(
        lambda v, o: None if (r := _in(v, o)) is None else not r,
        lambda o: f"none of {show(o)}",
        operand="list",
    ),
    "contains": Operator(_contains, lambda o: f"a list containing {show(o)}"),
    "contains_any": Operator(
        _contains_any, lambda o: f"a list containing any of {show(o)}", operand="list"
    ),
    "subset_of": Operator(_subset_of, lambda o: f"only items from {show(o)}", operand="list"),
    "ends_with": Operator(
        _ends_with, lambda o: f"text ending with {' or '.join(map(show, _as_list(o)))}"
    ),
    "email_domain_in": Operator(
        _domain_in,
        lambda o: f"an address on {_some(_as_list(o))} (or a subdomain)",
    ),
    "matches": Operator(
        _matches, lambda p: f"text matching {p.pattern!r}", _prepare_regex, operand="regex"
    ),
    "gt": Operator(
        _compare(lambda v, o: v > o), lambda o: f"greater than {show(o)}", _prepare_ordered
    ),
    "ge": Operator(
        _compare(lambda v, o: v >= o), lambda o: f"at least {show(o)}", _prepare_ordered
    ),
    "lt": Operator(
        _compare(lambda v, o: v < o), lambda o: f"less than {show(o)}", _prepare_ordered
    ),
    "le": Operator(_compare(lambda v, o: v <= o), lambda o: f"at most {show(o)}", _prepare_ordered),
    "on_or_after": Operator(
        _compare(lambda v, o: v >= o), lambda o: f"on or after {show(o)}", _prepare_ordered
    ),
    "on_or_before": Operator(
        _compare(lambda v, o: v <= o), lambda o: f"on or before {show(o)}", _prepare_ordered
    ),
    "after": Operator(_compare(lambda v, o: v > o), lambda o: f"after {show(o)}", _prepare_ordered),
    "before": Operator(
        _compare(lambda v, o: v < o), lambda o: f"before {show(o)}", _prepare_ordered
    ),
    "older_than_days": Operator(
        _older_than,
        lambda p: f"older than {p[0]} days (before {p[1].isoformat()})",
        _prepare_days,
        operand="days",
    ),
    "within_days": Operator(
        _within,
        lambda p: f"within the last {p[0]} days (on or after {p[1].isoformat()})",
        _prepare_days,
        operand="days",
    ),
}
