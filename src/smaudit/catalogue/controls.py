"""Control files: each read, checked against the control schema, and made a Control."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from smaudit.errors import InputError, Problem
from smaudit.model import AppliesTo, Control, Location, Reference, Severity, Strength
from smaudit.reading import validation
from smaudit.reading.document import Document
from smaudit.reading.files import load_file

CONTROL_SUFFIXES = (".yaml", ".yml")
# catalogue data that lives beside the controls, not among them
NOT_CONTROLS = frozenset({"catalogue.yaml", "parameters.yaml", "platforms.yaml", "conditions.yaml"})


def _control_files(directory: Path) -> Iterable[Path]:
    for path in _beside_profiles_and_cases(directory):
        if path.suffix not in CONTROL_SUFFIXES or not path.is_file():
            continue
        if path.name in NOT_CONTROLS:  # catalogue metadata beside the controls
            continue
        yield path


def _beside_profiles_and_cases(directory: Path) -> Iterator[Path]:
    """Everything under `directory`, in sorted order, but its profiles/ and cases/ folders,
    which hold profiles and test cases, not controls: not walked at all, since the shipped
    cases are nine tenths of the catalogue's files and the walk was paid at every run."""
    for top in sorted(directory.glob("*")):
        if top.name in ("profiles", "cases"):
            continue
        yield top
        if top.is_dir():
            yield from sorted(top.rglob("*"))


def load_controls(
    directory: Path, conditions: Mapping[str, Mapping[str, Any]]
) -> dict[str, Control]:
    controls: dict[str, Control] = {}
    problems: list[Problem] = []
    for path in _control_files(directory):
        try:
            control = load_control(path, conditions)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if control.id in controls:
            first = controls[control.id].location
            problems.append(
                Problem(
                    control.location.file,
                    1,
                    1,
                    f"duplicate control id {control.id!r} (also in {first.file})",
                )
            )
        controls[control.id] = control
    if problems:
        raise InputError(problems)
    return dict(sorted(controls.items()))


def load_control(path: Path, conditions: Mapping[str, Mapping[str, Any]] | None = None) -> Control:
    doc = load_file(path)
    if not isinstance(doc.data, dict):
        raise InputError.at(doc.file, 1, 1, "expected a control: a mapping with id, title, check")
    validation.check(doc, "control")
    return _control(doc, conditions or {})


def _control(doc: Document, conditions: Mapping[str, Mapping[str, Any]]) -> Control:
    data = doc.data
    severity = data["severity"]
    by_tier = {}
    if isinstance(severity, dict):
        by_tier = {tier: Severity(value) for tier, value in severity.items() if tier != "default"}
        severity = severity["default"]
    remediation = data["remediation"]
    steps = remediation if isinstance(remediation, str) else remediation["steps"]
    per_platform = {} if isinstance(remediation, str) else remediation.get("platforms", {})
    applies = dict(data.get("applies_to", {}))
    when = applies.pop("when", None)
    refs = data["references"]
    return Control(
        id=data["id"],
        version=data["version"],
        title=data["title"].strip(),
        statement=data["statement"].strip(),
        rationale=data["rationale"].strip(),
        severity=Severity(severity),
        severity_by_tier=by_tier,
        strength=Strength(data["strength"]),
        family=data["id"].split("-")[1] if data["id"].count("-") >= 2 else data["id"],
        applies_to=AppliesTo(**{k: tuple(v) for k, v in applies.items()}),
        applies_when=when,
        check=data["check"],
        remediation=steps.strip(),
        remediation_by_platform={k: v.strip() for k, v in per_platform.items()},
        nist_800_53=tuple(refs.get("nist_800_53", [])),
        nist_800_53_parts=tuple(refs.get("nist_800_53_parts", [])),
        changes=tuple(data.get("changes", [])),
        references=tuple(Reference(**source) for source in refs["sources"]),
        parameters=tuple(data.get("parameters", [])),
        superseded_by=data.get("superseded_by"),
        tests={k: tuple(v) for k, v in data.get("tests", {}).items()},
        location=Location(doc.file, 1, 1),
        source_marks=doc.marks,
        conditions=conditions,
    )
