"""`smaudit controls test`: run each control against its pass/fail/error/not_applicable cases.

A case is an inventory under `cases/<CONTROL-ID>/<outcome>/` in a controls folder; every account
in it must get that outcome. Agencies test their own controls the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from smaudit.assessment import engine
from smaudit.assessment.planner import prepare
from smaudit.catalogue.load import Catalogue
from smaudit.catalogue.profiles import load_profile, resolve_parameters
from smaudit.errors import InputError
from smaudit.inventory import load_inventory
from smaudit.model import Status
from smaudit.reading.files import load_file

OUTCOMES = {status.value: status for status in Status}


@dataclass(frozen=True)
class Case:
    control_id: str
    expected: Status
    path: Path


@dataclass(frozen=True)
class CaseResult:
    case: Case
    account_id: str
    actual: Status
    message: str

    @property
    def ok(self) -> bool:
        return self.actual is self.case.expected


def discover(directory: Path) -> Iterator[Case]:
    root = directory / "cases"
    if not root.is_dir():
        return
    for control_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        for outcome_dir in sorted(p for p in control_dir.iterdir() if p.is_dir()):
            expected = OUTCOMES.get(outcome_dir.name)
            if expected is None:
                raise InputError.at(
                    str(outcome_dir),
                    0,
                    0,
                    f"case folders must be named one of {', '.join(OUTCOMES)}",
                )
            for path in sorted(outcome_dir.glob("*.y*ml")):
                yield Case(control_dir.name, expected, path)


def run_case(case: Case, catalogue: Catalogue) -> list[CaseResult]:
    control = catalogue.controls.get(case.control_id)
    if control is None:
        raise InputError.at(str(case.path), 0, 0, f"no control {case.control_id!r} to test")
    raw = load_file(case.path).data
    as_of = dt.date.fromisoformat(str(raw.get("x-as-of", dt.date.today().isoformat())))
    profile = load_profile(raw["x-profile"], catalogue) if "x-profile" in raw else None
    inventory = load_inventory([case.path], as_of=as_of)
    parameters = resolve_parameters(catalogue, profile, inventory.agency)
    inventory = prepare(inventory, catalogue, profile, parameters, as_of)
    report = engine.evaluate(
        inventory, [control], as_of, parameters, engine.Options(include_passed=True)
    )
    return [CaseResult(case, f.account_id, f.status, f.message) for f in report.findings]
