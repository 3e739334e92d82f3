"""Named conditions (conditions.yaml): checks written once that controls `use` by name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from smaudit.catalogue.parameters import ParameterSpec
from smaudit.errors import InputError, Problem
from smaudit.inventory.fields import absence
from smaudit.model import Location
from smaudit.reading import validation
from smaudit.reading.files import load_file
from smaudit.rules import CompileError, compile_check


def load_conditions(directory: Path) -> dict[str, Mapping[str, Any]]:
    path = directory / "conditions.yaml"
    if not path.is_file():
        return {}
    doc = load_file(path)
    if not isinstance(doc.data, dict):
        raise InputError.at(doc.file, 1, 1, "expected named conditions: a mapping of names")
    validation.check(doc, "conditions")
    # each keeps where it is written, so that an error in it is reported there
    return {
        name: {**entry, "x-location": Location(doc.file, *doc.where((name, "condition")))}
        for name, entry in doc.data.items()
    }


def check_conditions(
    conditions: Mapping[str, Mapping[str, Any]], parameters: Mapping[str, ParameterSpec]
) -> None:
    """Compile each named condition once, with placeholder arguments, so a broken one is
    reported where it is written, not at every control that uses it."""
    values = {name: spec.default for name, spec in parameters.items()}
    values["as_of"] = dt.date(2000, 1, 1)
    problems = []
    for name, entry in conditions.items():
        probe: dict[str, Any] = {"use": name}
        if entry.get("arguments"):
            probe["with"] = {arg: "$.x-argument" for arg in entry["arguments"]}
        try:
            compile_check(probe, values, dt.date(2000, 1, 1), conditions, absence)
        except CompileError as exc:
            where: Location = entry["x-location"]
            problems.append(Problem(where.file, where.line, where.column, f"{name}: {exc.message}"))
    if problems:
        raise InputError(problems)
