"""Profiles: which controls a run holds an agency to, with what parameters, severities and
strengths; and the parameters in force once the agency's own are added."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smaudit.catalogue.load import Catalogue, default_dir
from smaudit.catalogue.parameters import PROFILE_ONLY, parameter_problems
from smaudit.errors import InputError, Problem
from smaudit.model import Agency, Control, Location, Severity, Strength
from smaudit.reading import validation
from smaudit.reading.document import Document
from smaudit.reading.files import load_file

# A profile may extend one that extends another, and so on: the shipped ones go two deep. A chain
# of a thousand would recurse past Python's stack; sixteen is more than any real use.
MAX_EXTENDS = 16


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    description: str
    controls: tuple[str, ...]
    parameters: Mapping[str, Any]
    severity: Mapping[str, Severity]
    location: Location
    strength: Mapping[str, Strength] = field(default_factory=dict)
    """What the profile's sources make of each requirement, where it differs from the control's
    own (current) strength."""

    def adjust(self, control: Control) -> Control:
        """The control as this profile states it: its strength there."""
        strength = self.strength.get(control.id)
        if strength is None or strength is control.strength:
            return control
        return dataclasses.replace(control, strength=strength)

    def stated(self, control: Control) -> Control:
        """The control as this profile lists it: its strength and its severity there. (A run
        applies the severity when it words findings, from `severity`.)"""
        adjusted = self.adjust(control)
        severity = self.severity.get(control.id, adjusted.severity)
        return dataclasses.replace(adjusted, severity=severity)


def load_profile(name_or_path: str, catalogue: Catalogue) -> Profile:
    """A shipped profile by name, or a profile file; `extends` chains are resolved here."""
    return _profile(_profile_path(name_or_path, catalogue, None), catalogue, seen=())


def profile_names(catalogue: Catalogue) -> list[str]:
    names = {p.stem for d in _profile_dirs(catalogue) for p in d.glob("*.yaml")}
    return sorted(names)


def _profile_dirs(catalogue: Catalogue) -> list[Path]:
    dirs = [catalogue.directory / "profiles", default_dir() / "profiles"]
    return [d for d in dict.fromkeys(dirs) if d.is_dir()]


def _profile_path(name: str, catalogue: Catalogue, relative_to: Path | None) -> Path:
    candidate = Path(name)
    if candidate.suffix in (".yaml", ".yml"):
        if relative_to is not None and not candidate.is_absolute():
            candidate = relative_to.parent / candidate
        if not candidate.is_file():
            raise InputError.at(name, 0, 0, "profile file not found")
        return candidate
    for directory in _profile_dirs(catalogue):
        path = directory / f"{name}.yaml"
        if path.is_file():
            return path
    known = ", ".join(profile_names(catalogue))
    raise InputError.at(name, 0, 0, f"unknown profile {name!r} (known: {known}, or a .yaml file)")


def _profile(path: Path, catalogue: Catalogue, seen: tuple[Path, ...]) -> Profile:
    doc = load_file(path)
    if not isinstance(doc.data, dict):
        raise InputError.at(doc.file, 1, 1, "expected a profile mapping with 'profile' and 'title'")
    validation.check(doc, "profile")
    data = doc.data
    controls: list[str] = []
    parameters: dict[str, Any] = {}
    severity: dict[str, Severity] = {}
    strength: dict[str, Strength] = {}
    if "extends" in data:
        if len(seen) >= MAX_EXTENDS:
            line, column = doc.where(("extends",))
            raise InputError.at(
                doc.file, line, column, f"profile extends a chain of more than {MAX_EXTENDS}"
            )
        parent_path = _profile_path(data["extends"], catalogue, path)
        if parent_path.resolve() in seen or parent_path.resolve() == path.resolve():
            line, column = doc.where(("extends",))
            raise InputError.at(doc.file, line, column, "profile extends itself (a cycle)")
        parent = _profile(parent_path, catalogue, (*seen, path.resolve()))
        controls, parameters, severity, strength = (
            list(parent.controls),
            dict(parent.parameters),
            dict(parent.severity),
            dict(parent.strength),
        )
    excluded = set(data.get("exclude", []))
    controls = [
        c for c in dict.fromkeys([*controls, *data.get("controls", [])]) if c not in excluded
    ]
    parameters.update(data.get("parameters", {}))
    severity.update({k: Severity(v) for k, v in data.get("severity", {}).items()})
    strength.update({k: Strength(v) for k, v in data.get("strength", {}).items()})
    _check_known(doc, catalogue, data)
    return Profile(
        data["profile"],
        data["title"],
        data.get("description", "").strip(),
        tuple(controls),
        parameters,
        severity,
        Location(doc.file, 1, 1),
        strength,
    )


def _check_known(doc: Document, catalogue: Catalogue, data: Mapping[str, Any]) -> None:
    problems = []
    for key in ("controls", "exclude"):
        for index, cid in enumerate(data.get(key, [])):
            if cid not in catalogue.controls:
                line, column = doc.where((key, index))
                problems.append(
                    Problem(doc.file, line, column, f"{key}[{index}]: unknown control {cid!r}")
                )
    for key in ("severity", "strength"):
        for cid in data.get(key, {}):
            if cid not in catalogue.controls:
                line, column = doc.where((key, cid), key=True)
                problems.append(Problem(doc.file, line, column, f"{key}: unknown control {cid!r}"))
    problems += parameter_problems(
        data.get("parameters", {}),
        lambda name: Location(doc.file, *doc.where(("parameters", name))),
        catalogue.parameters,
    )
    if problems:
        raise InputError(problems)


def resolve_parameters(
    catalogue: Catalogue, profile: Profile | None, agency: Agency
) -> dict[str, Any]:
    """Catalogue defaults, then the profile's values, then the agency's own: the parameters in
    force for a run (the report records them)."""

    def where(name: str) -> Location:
        return agency.parameter_locations.get(name, agency.location)

    problems = parameter_problems(agency.parameters, where, catalogue.parameters)
    problems += [
        Problem(
            where(name).file,
            where(name).line,
            where(name).column,
            f"parameter {name} is set by the profile, not by the inventory it governs",
        )
        for name in PROFILE_ONLY
        if name in agency.parameters
    ]
    if problems:
        raise InputError(problems)
    values = {name: spec.default for name, spec in catalogue.parameters.items()}
    values.update(profile.parameters if profile else {})
    values.update(agency.parameters)
    if not values.get("allowed_email_domains"):
        values["allowed_email_domains"] = list(agency.email_domains) or ["gov", "mil"]
    return values


def usable_profiles(catalogue: Catalogue) -> list[Profile]:
    """The shipped and local profiles that fit this catalogue (a custom controls folder may not
    hold every control a shipped profile names)."""
    profiles = []
    for name in profile_names(catalogue):
        try:
            profiles.append(load_profile(name, catalogue))
        except InputError:
            continue  # a profile for another catalogue; `--profile NAME` reports it when used
    return profiles


def profile_membership(profiles: Iterable[Profile]) -> dict[str, list[str]]:
    """Which profiles include each control (profiles are the source of truth)."""
    membership: dict[str, list[str]] = {}
    for profile in profiles:
        for cid in profile.controls:
            membership.setdefault(cid, []).append(profile.name)
    return membership
