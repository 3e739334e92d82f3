"""Compile a control's declarative `check` into a tree of nodes, once per run.

Parameters (`{param: max_admins}`) and the as-of date are resolved here, so evaluating an account
does no lookups beyond the fields it reads; so are named conditions (`{use: holds_access}`), the
shared notions every control reads the same way, and what a missing field means (a fact not
stated is unknown; a missing record of a required action means the action was not done).
"""

from __future__ import annotations

import datetime as dt
import operator as op
from collections.abc import Callable, Mapping
from typing import Any

from smaudit.rules.logic import AllOf, AnyOf, IfThen, Not
from smaudit.rules.nodes import At, Leaf, Named, Node
from smaudit.rules.operators import OPERATORS, CompileContext
from smaudit.rules.paths import FieldPath
from smaudit.rules.quantifiers import Count, Quantifier

CheckPath = tuple[str | int, ...]
ItemPath = tuple[str, ...]
"""The field names from the account to the item a condition is read on (list items left out)."""
Absence = Callable[[ItemPath], str | None]
"""What a field's absence means, from the inventory schema's `x-absent` (see inventory/fields):
"not-done" (the action it records was not done), "none" (a list with no items), or other."""
NOT_DONE, NONE = "not-done", "none"
QUANTIFIERS = ("all", "any", "none")
COMBINATORS = ("all_of", "any_of", "not", "if", *QUANTIFIERS, "count", "use")
MAX_QUANTIFIER_DEPTH = 2
"""A quantifier visits each item of its list; one nested in another visits its list once per
outer item, so a nest over the account's own lists (a `$.` path) costs n^depth: 657 bytes of
control never finished on 10 apps at depth 8. Nested quantifiers therefore walk the current
item's own lists (relative paths), at most this deep: each item is then visited once per
enclosing item that holds it, in time linear in the account. The compiler applies it, so a
named condition cannot hide a nest."""
_USE_KEYS = frozenset({"use", "at", "with"})
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


def compile_check(
    check: Mapping[str, Any],
    parameters: Mapping[str, Any],
    as_of: dt.date,
    conditions: Mapping[str, Mapping[str, Any]] | None = None,
    absence: Absence | None = None,
) -> Node:
    """`conditions`: the named conditions `use` may name (each a mapping with `condition`,
    optional `arguments` and `description`); `absence`: what each field's absence means."""
    compiler = _Compiler(parameters, CompileContext(as_of), conditions or {}, absence)
    return compiler.node(check, ("check",), ())


class _Compiler:
    def __init__(
        self,
        parameters: Mapping[str, Any],
        ctx: CompileContext,
        conditions: Mapping[str, Mapping[str, Any]],
        absence: Absence | None,
    ) -> None:
        self.parameters = parameters
        self.ctx = ctx
        self.conditions = conditions
        self.absence: Absence = absence or (lambda _path: None)
        self.using: tuple[str, ...] = ()  # the named conditions being expanded, for cycles
        self.depth = 0  # quantifiers around the condition being compiled

    def node(self, spec: Any, at: CheckPath, item: ItemPath) -> Node:
        if not isinstance(spec, Mapping):
            raise CompileError("expected a condition (a mapping)", at)
        forms = [key for key in COMBINATORS if key in spec]
        if len(forms) > 1:
            raise CompileError(f"one condition may use only one of {', '.join(forms)}", at)
        if not forms:
            return self.leaf(spec, at, item)
        form = forms[0]
        if form == "use":
            return self.use(spec, at, item)
        if form in ("all_of", "any_of"):
            children = tuple(self.node(c, (*at, form, i), item) for i, c in enumerate(spec[form]))
            return AllOf(children) if form == "all_of" else AnyOf(children)
        if form == "not":
            return Not(self.node(spec["not"], (*at, "not"), item))
        if form == "if":
            otherwise = self.node(spec["else"], (*at, "else"), item) if "else" in spec else None
            return IfThen(
                self.node(spec["if"], (*at, "if"), item),
                self.node(spec["then"], (*at, "then"), item),
                otherwise,
            )
        body = spec[form]
        path = self.path(body["path"], (*at, form, "path"))
        self._check_cost(path, (*at, form))
        inner = self.field(path, item)  # a list's items are read where the list is
        self.depth += 1
        try:
            return self.quantifier(form, body, path, at, inner)
        finally:
            self.depth -= 1

    def _check_cost(self, path: FieldPath, at: CheckPath) -> None:
        """See MAX_QUANTIFIER_DEPTH."""
        if self.depth >= MAX_QUANTIFIER_DEPTH:
            raise CompileError(
                f"quantifiers nest at most {MAX_QUANTIFIER_DEPTH} deep (the cost grows as a "
                "power of the depth)",
                at,
            )
        if self.depth and path.from_root:
            raise CompileError(
                "a quantifier inside another must walk the current item's lists, not the "
                "account's ($.): that costs the outer list's length times this one's",
                (*at, "path"),
            )

    def quantifier(
        self, form: str, body: Mapping[str, Any], path: FieldPath, at: CheckPath, inner: ItemPath
    ) -> Node:
        where = self.node(body["where"], (*at, form, "where"), inner) if "where" in body else None
        # A list of records that is absent holds no records; so does a list the schema says is
        # empty when absent. Any other absent list has not been stated: unknown.
        missing_is_empty = body.get("when_missing") == "empty" or self.absence(inner) in (
            NOT_DONE,
            NONE,
        )
        if form == "count":
            bounds = tuple(
                (name, test, self._count(body[name], (*at, form, name)))
                for name, test in _COUNT_BOUNDS.items()
                if name in body
            )
            if not bounds:
                raise CompileError("count needs a bound: eq, ge, gt, le or lt", (*at, form))
            return Count(path, where, bounds, missing_is_empty)
        check = self.node(body["check"], (*at, form, "check"), inner)
        return Quantifier(form, path, where, check, missing_is_empty)

    def use(self, spec: Mapping[str, Any], at: CheckPath, item: ItemPath) -> Node:
        """`{use: NAME, at: PATH, with: {ARG: VALUE}}`: a named condition, read on the item at
        PATH (default: the current one), its `{arg: ARG}` placeholders replaced by the values."""
        extra = sorted(set(spec) - _USE_KEYS)
        if extra:
            raise CompileError(f"use takes only at and with; got {', '.join(extra)}", at)
        name = spec["use"]
        named = self.conditions.get(name) if isinstance(name, str) else None
        if named is None:
            known = ", ".join(sorted(self.conditions)) or "none are defined"
            raise CompileError(f"unknown named condition {name!r} (known: {known})", (*at, "use"))
        if name in self.using:
            chain = " -> ".join((*self.using, name))
            raise CompileError(f"named condition {name!r} uses itself ({chain})", (*at, "use"))
        given = spec.get("with") or {}
        wanted = tuple(named.get("arguments") or ())
        if not isinstance(given, Mapping) or set(given) != set(wanted):
            raise CompileError(
                f"{name} takes {', '.join(wanted) or 'no arguments'} in `with`", (*at, "with")
            )
        target = item
        sub: FieldPath | None = None
        if "at" in spec:
            sub = self.path(spec["at"], (*at, "at"))
            if self.depth and sub.from_root:  # its lists would be the account's: see _check_cost
                raise CompileError(
                    "inside a quantifier, `at` reads the current item's fields, not the "
                    "account's ($.)",
                    (*at, "at"),
                )
            target = self.field(sub, item)
        self.using = (*self.using, name)
        try:
            body = _substitute(named["condition"], given)
            child = self.node(body, (*at, "use"), target)
        except CompileError as exc:  # the fault is in the named condition: say which
            raise CompileError(f"in named condition {name!r}: {exc.message}", at) from None
        finally:
            self.using = self.using[:-1]
        node: Node = Named(name, str(named.get("description") or name), child)
        return At(sub, node) if sub is not None else node

    def not_done(self, field: ItemPath) -> bool:
        return self.absence(field) == NOT_DONE

    def field(self, path: FieldPath, item: ItemPath) -> ItemPath:
        """The field names of `path` from the account, read where the current item is."""
        return path.keys if path.from_root else (*item, *path.keys)

    def leaf(self, spec: Mapping[str, Any], at: CheckPath, item: ItemPath) -> Leaf:
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
        path = self.path(spec["path"], (*at, "path"))
        absent_fails = self.not_done(self.field(path, item))
        if absent_fails and name == "older_than_days":
            # A record that is absent says the action never happened: "older than N days" has
            # no honest answer, so a control must ask the positive question instead.
            raise CompileError(
                f"{path.text} records an action: ask whether it happened within_days, "
                "not whether it is older_than_days (a missing record would pass)",
                (*at, name),
            )
        operand_fails = False
        if isinstance(raw, Mapping) and "path" in raw:
            if operator.operand in ("days", "regex"):
                raise CompileError(f"{name} takes a number or a parameter, not a path", (*at, name))
            operand: Any = self.path(raw["path"], (*at, name, "path"))
            operand_fails = self.not_done(self.field(operand, item))
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
        return Leaf(
            path,
            name,
            operator,
            operand,
            needs_value=name != "exists",
            offset_days=offset,
            absent_fails=absent_fails,
            operand_absent_fails=operand_fails,
        )

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


def _substitute(body: Any, given: Mapping[str, Any]) -> Any:
    """The named condition's body with each `{arg: NAME}` replaced by its value."""
    if isinstance(body, Mapping):
        if set(body) == {"arg"}:
            name = body["arg"]
            if name not in given:
                raise CompileError(f"unknown argument {name!r}", ())
            return given[name]
        return {key: _substitute(value, given) for key, value in body.items()}
    if isinstance(body, list):
        return [_substitute(value, given) for value in body]
    return body
