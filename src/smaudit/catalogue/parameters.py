"""The catalogue's parameters: their defaults and schemas, and values checked against them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smaudit.errors import InputError, Problem
from smaudit.model import Location
from smaudit.reading import userschema, validation
from smaudit.reading.files import load_file

# Parameters that bound the agency's own exceptions: an inventory may not loosen them.
PROFILE_ONLY = frozenset({"max_waiver_days"})


@dataclass(frozen=True)
class ParameterSpec:
    name: str
    default: Any
    schema: Mapping[str, Any]
    description: str


def load_parameters(directory: Path) -> dict[str, ParameterSpec]:
    path = directory / "parameters.yaml"
    if not path.is_file():
        return {}
    doc = load_file(path)
    specs: dict[str, ParameterSpec] = {}
    for name, entry in (doc.data or {}).items():
        if not isinstance(entry, dict) or "default" not in entry:
            line, column = doc.where((name,))
            raise InputError.at(
                doc.file, line, column, f"parameter {name!r}: expected a mapping with 'default'"
            )
        schema = entry.get("schema", {})
        for at, problem in userschema.problems(schema):
            line, column = doc.where((name, "schema", *at))
            raise InputError.at(doc.file, line, column, f"parameter {name!r} schema: {problem}")
        specs[name] = ParameterSpec(
            name, entry["default"], schema, str(entry.get("description", ""))
        )
    return specs


def parameter_problems(
    values: Mapping[str, Any], where: Callable[[str], Location], specs: Mapping[str, ParameterSpec]
) -> list[Problem]:
    """Unknown parameters and values of the wrong kind, each at the line that sets it."""
    problems = []
    for name, value in values.items():
        at = where(name)
        spec = specs.get(name)
        if spec is None:
            known = ", ".join(sorted(specs))
            problems.append(
                Problem(at.file, at.line, at.column, f"unknown parameter {name!r} (known: {known})")
            )
            continue
        error = next(iter(userschema.safe_validator(spec.schema).iter_errors(value)), None)
        if error is not None:
            message, _ = validation.describe(error)
            problems.append(Problem(at.file, at.line, at.column, f"parameter {name}: {message}"))
    return problems
