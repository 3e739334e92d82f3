"""The controls of a run compiled once: each check, its scope and a fast verdict."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from smaudit.errors import InputError, Problem
from smaudit.inventory.fields import absence
from smaudit.model import Control
from smaudit.reading.document import format_path
from smaudit.rules import CompileError, Node, compile_check
from smaudit.rules.fast import Predicate, predicate

_DIMENSIONS = (
    ("platforms", "platform"),
    ("statuses", "status"),
    ("tiers", "tier"),
    ("account_types", "account_type"),
)


@dataclass(frozen=True)
class CompiledControl:
    control: Control
    check: Node
    when: Node | None
    verdict: Predicate
    """`check` as a closure: the verdict alone, for the bulk of the accounts."""
    scope: tuple[tuple[str, tuple[str, ...]], ...]
    """The account fields that bound the scope, and their allowed values (only those set)."""


def compile_controls(
    controls: Sequence[Control], parameters: Mapping[str, Any], as_of: dt.date
) -> list[CompiledControl]:
    """Compile every check once per run; a broken check is an InputError at its line."""
    compiled, problems = [], []
    # the run's date is a parameter too: `{param: as_of}` (e.g. a risk acceptance not expired)
    parameters = {**parameters, "as_of": as_of}
    for control in controls:
        try:
            check = compile_check(control.check, parameters, as_of, control.conditions, absence)
            when = (
                compile_check(
                    control.applies_when,
                    parameters,
                    as_of,
                    control.conditions,
                    absence,
                )
                if control.applies_when
                else None
            )
        except CompileError as exc:
            where = control.locate(exc.path)
            problems.append(
                Problem(
                    where.file,
                    where.line,
                    where.column,
                    f"{control.id}: {format_path(exc.path)}: {exc.message}",
                )
            )
            continue
        scope = tuple(
            (key, allowed)
            for attribute, key in _DIMENSIONS
            if (allowed := getattr(control.applies_to, attribute))
        )
        compiled.append(CompiledControl(control, check, when, predicate(check), scope))
    if problems:
        raise InputError(problems)
    return compiled
