"""Load the control catalogue: control files, default parameters and profiles."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from smaudit.errors import InputError, Problem
from smaudit.inventory.fields import absence
from smaudit.model import Agency, AppliesTo, Control, Location, Reference, Severity, Strength
from smaudit.reading import userschema, validation
from smaudit.reading.document import Document
from smaudit.reading.files import load_file
from smaudit.rules import CompileError, compile_check

CONTROL_SUFFIXES = (".yaml", ".yml")
# catalogue data that lives beside the controls, not among them
# Parameters that bound the agency's own exceptions: an inventory may not loosen them.
PROFILE_ONLY = frozenset({"max_waiver_days"})
# A profile may extend one that extends another, and so on: the shipped ones go two deep. A chain
# of a thousand would recurse past Python's stack; sixteen is more than any real use.
MAX_EXTENDS = 16
NOT_CONTROLS = frozenset({"catalogue.yaml", "parameters.yaml", "platforms.yaml", "conditions.yaml"})


def default_dir() -> Path:
    """The shipped catalogue: inside the installed package, or `controls/` in a checkout."""
    packaged = Path(str(resources.files("smaudit"))) / "_catalogue"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "controls"


@dataclass(frozen=True)
class ParameterSpec:
    name: str
    default: Any
    schema: Mapping[str, Any]
    description: str


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


@dataclass(frozen=True)
class Catalogue:
    directory: Path
    version: str
    review_by: dt.date | None
    controls: Mapping[str, Control]
    parameters: Mapping[str, ParameterSpec]
    conditions: Mapping[str, Mapping[str, Any]]
    """The named conditions controls `use` (see conditions.yaml)."""


def load_catalogue(directory: Path | None = None) -> Catalogue:
    """Every control under `directory` (default: the shipped one); a bad file is an InputError."""
    shipped = default_dir()
    directory = directory or shipped
    if not directory.is_dir():
        raise InputError.at(str(directory), 0, 0, "controls folder not found")
    meta = _metadata(directory) or _metadata(shipped) or {}
    parameters = dict(_parameters(shipped))
    conditions = dict(_conditions(shipped))
    if directory != shipped:
        parameters.update(_parameters(directory))
        conditions.update(_conditions(directory))
    _check_conditions(conditions, parameters)
    controls = _controls(directory, conditions)
    review_by = meta.get("review_by")
    return Catalogue(
        directory=directory,
        version=str(meta.get("version", "unversioned")),
        review_by=dt.date.fromisoformat(review_by) if review_by else None,
        controls=controls,
        parameters=parameters,
        conditions=conditions,
    )


def _metadata(directory: Path) -> dict[str, Any] | None:
    path = directory / "catalogue.yaml"
    return load_file(path).data if path.is_file() else None


def _parameters(directory: Path) -> dict[str, ParameterSpec]:
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


def _conditions(directory: Path) -> dict[str, Mapping[str, Any]]:
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


def _check_conditions(
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


def _control_files(directory: Path) -> Iterable[Path]:
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory).parts
        if path.suffix not in CONTROL_SUFFIXES or not path.is_file():
            continue
        # profiles, test cases and catalogue metadata live beside the controls, not among them
        if relative[0] in ("profiles", "cases") or path.name in NOT_CONTROLS:
            continue
        yield path


def _controls(directory: Path, conditions: Mapping[str, Mapping[str, Any]]) -> dict[str, Control]:
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
    problems += _parameter_problems(
        data.get("parameters", {}),
        lambda name: Location(doc.file, *doc.where(("parameters", name))),
        catalogue,
    )
    if problems:
        raise InputError(problems)


def _parameter_problems(
    values: Mapping[str, Any], where: Callable[[str], Location], catalogue: Catalogue
) -> list[Problem]:
    """Unknown parameters and values of the wrong kind, each at the line that sets it."""
    problems = []
    for name, value in values.items():
        at = where(name)
        spec = catalogue.parameters.get(name)
        if spec is None:
            known = ", ".join(sorted(catalogue.parameters))
            problems.append(
                Problem(at.file, at.line, at.column, f"unknown parameter {name!r} (known: {known})")
            )
            continue
        error = next(iter(userschema.safe_validator(spec.schema).iter_errors(value)), None)
        if error is not None:
            message, _ = validation.describe(error)
            problems.append(Problem(at.file, at.line, at.column, f"parameter {name}: {message}"))
    return problems


def resolve_parameters(
    catalogue: Catalogue, profile: Profile | None, agency: Agency
) -> dict[str, Any]:
    """Catalogue defaults, then the profile's values, then the agency's own: the parameters in
    force for a run (the report records them)."""

    def where(name: str) -> Location:
        return agency.parameter_locations.get(name, agency.location)

    problems = _parameter_problems(agency.parameters, where, catalogue)
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
