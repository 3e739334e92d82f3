"""Refuse control checks whose cost is not in proportion to the account they judge."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from smaudit.errors import InputError
from smaudit.rules.paths import format_path
from smaudit.yamlio import Document

MAX_QUANTIFIER_DEPTH = 2
_QUANTIFIERS = ("all", "any", "none", "count")


def check_cost(doc: Document) -> None:
    """Refuse checks whose cost is not in proportion to the account they judge. A quantifier
    visits each item of its list; one nested in another visits its list once per outer item,
    so a nest over the account's own lists (a `$.` path) costs n^depth: 657 bytes of control
    never finished on 10 apps at depth 8. Nested quantifiers must therefore walk the current
    item's own lists (relative paths), at most MAX_QUANTIFIER_DEPTH deep; each item is then
    visited once per enclosing item that holds it, in time linear in the account."""
    data = doc.data
    when = (
        data.get("applies_to", {}).get("when") if isinstance(data.get("applies_to"), dict) else None
    )
    for at, spec in ((("check",), data.get("check")), (("applies_to", "when"), when)):
        for where, problem in _quantifier_problems(spec, at, 0):
            line, column = doc.where(where)
            raise InputError.at(doc.file, line, column, f"{format_path(where)}: {problem}")


def _quantifier_problems(
    spec: Any, at: tuple[str | int, ...], depth: int
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(spec, list):
        for index, item in enumerate(spec):
            yield from _quantifier_problems(item, (*at, index), depth)
        return
    if not isinstance(spec, Mapping):
        return
    for key, value in spec.items():
        if key in _QUANTIFIERS and isinstance(value, Mapping):
            path = value.get("path")
            if depth + 1 > MAX_QUANTIFIER_DEPTH:
                yield (
                    (*at, key),
                    (
                        f"quantifiers nest at most {MAX_QUANTIFIER_DEPTH} deep "
                        "(the cost grows as a power of the depth)"
                    ),
                )
                return
            if depth and isinstance(path, str) and path.startswith("$"):
                yield (
                    (*at, key, "path"),
                    (
                        "a quantifier inside another must walk the current item's lists, not the "
                        "account's ($.): that costs the outer list's length times this one's"
                    ),
                )
                return
            yield from _quantifier_problems(value, (*at, key), depth + 1)
        else:
            yield from _quantifier_problems(value, (*at, key), depth)
