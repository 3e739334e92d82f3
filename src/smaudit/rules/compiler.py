"""Compile a control's declarative `check` into a tree of nodes, once per run.

Parameters (`{param: max_admins}`) and the as-of date are resolved here, so evaluating an account
does no lookups beyond the fields it reads.
"""

from __future__ import annotations

import datetime as dt
import operator as op
from collections.abc import Callable, Mapping
from typing import Any

from smaudit.rules.nodes import AllOf, AnyOf, Count, IfThen, Leaf, Node, Not, Quantifier
from smaudit.rules.operators import OPERATORS, CompileContext
from smaudit.rules.paths import FieldPath

CheckPath = tuple[str | int, ...]
QUANTIFIERS = ("all", "any", "none")
COMBINATORS = ("all_of", "any_of", "not", "if", *QUANTIFIERS, "count")
_COUNT_BOUNDS: dict[str, Callable[[int, Any], bool]] = {
    "eq": op.eq,
    "ge": op.ge,
    "gt": op.gt,
    "le": op.le,
    "lt": op.lt,
}


class CompileError(Exception):
    """A check that cannot be compiled; `path` locates it inside the control's `check`."""

    def __init__(self, message: str, path: CheckPath) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def compile_check(check: Mapping[str, Any], parameters: Mapping[str, Any], as_of: dt.date) -> Node:
    return _Compiler(parameters, CompileContext(as_of)).node(check, ("check",))


class _Compiler:
    def __init__(self, parameters: Mapping[str, Any], ctx: CompileContext) -> None:
        self.parameters = parameters
        self.ctx = ctx

    def node(self, spec: Any, at: CheckPath) -> Node:
        if not isinstance(spec, Mapping):
            raise CompileError("expected a condition (a mapping)", at)
        forms = [key for key in COMBINATORS if key in spec]
        if len(forms) > 1:
            raise CompileError(f"one condition may use only one of {', '.join(forms)}", at)
        if not forms:
            return self.leaf(spec, at)
        form = forms[0]
        if form in ("all_of", "any_of"):
            children = tuple(self.node(c, (*at, form, i)) for i, c in enumerate(spec[form]))
            return AllOf(children) if form == "all_of" else AnyOf(children)
        if form == "not":
            return Not(self.node(spec["not"], (*at, "not")))
        if form == "if":
            otherwise = self.node(spec["else"], (*at, "else")) if "else" in spec else None
            return IfThen(
                self.node(spec["if"], (*at, "if")),
                self.node(spec["then"], (*at, "then")),
                otherwise,
            )
        body = spec[form]
        where = self.node(body["where"], (*at, form, "where")) if "where" in body else None
        path = self.path(body["path"], (*at, form, "path"))
        missing_is_empty = body.get("when_missing") == "empty"
        if form == "count":
            bounds = tuple(
                (name, test, self._count(body[name], (*at, form, name)))
                for name, test in _COUNT_BOUNDS.items()
                if name in body
            )
            if not bounds:
                raise CompileError("count needs a bound: eq, ge, gt, le or lt", (*at, form))
            return Count(path, where, bounds, missing_is_empty)
        check = self.node(body["check"], (*at, form, "check"))
        return Quantifier(form, path, where, check, missing_is_empty)

    def leaf(self, spec: Mapping[str, Any], at: CheckPath) -> Leaf:
        if "path" not in spec:
            raise CompileError(
                "expected a field test with 'path' and an operator, or one of "
                + ", ".join(COMBINATORS),
                at,
            )
        names = [key for key in spec if key != "path"]
        if len(names) != 1 or names[0] not in OPERATORS:
            known = ", ".join(OPERATORS)
            raise CompileError(
                f"a field test takes exactly one operator (one of {known}); "
                f"got {', '.join(names) or 'none'}",
                at,
            )
        name = names[0]
        operator = OPERATORS[name]
        raw = spec[name]
        offset = 0
        if isinstance(raw, Mapping) and "path" in raw:
            if operator.operand in ("days", "regex"):
                raise CompileError(f"{name} takes a number or a parameter, not a path", (*at, name))
            operand: Any = self.path(raw["path"], (*at, name, "path"))
            if "plus_days" in raw:
                offset = self.static(raw["plus_days"], (*at, name, "plus_days"))
                if not isinstance(offset, int) or isinstance(offset, bool) or abs(offset) > 36500:
                    raise CompileError(
                        "plus_days takes a whole number of days (at most 36500)",
                        (*at, name, "plus_days"),
                    )

        else:
            value = self.static(raw, (*at, name))
            try:
                operand = operator.prepare(value, self.ctx)
            except (ValueError, TypeError) as exc:
                raise CompileError(f"{name}: {exc}", (*at, name)) from None
        path = self.path(spec["path"], (*at, "path"))
        return Leaf(path, name, operator, operand, needs_value=name != "exists", offset_days=offset)

    def _count(self, raw: Any, at: CheckPath) -> int:
        bound = self.static(raw, at)
        if not isinstance(bound, int) or isinstance(bound, bool):
            raise CompileError(f"a count bound must be a whole number, got {bound!r}", at)
        return bound

    def path(self, text: Any, at: CheckPath) -> FieldPath:
        try:
            return FieldPath.parse(str(text))
        except ValueError as exc:
            raise CompileError(str(exc), at) from None

    def static(self, raw: Any, at: CheckPath) -> Any:
        """A literal, or a `{param: NAME}` reference resolved against the run's parameters."""
        if isinstance(raw, Mapping):
            if set(raw) != {"param"}:
                raise CompileError("expected a value, {param: NAME} or {path: FIELD}", at)
            name = raw["param"]
            if name not in self.parameters:
                known = ", ".join(sorted(self.parameters))
                raise CompileError(f"unknown parameter {name!r} (known: {known})", at)
            return self.parameters[name]
        return raw
