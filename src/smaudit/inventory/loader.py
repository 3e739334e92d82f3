"""Load inventory v1 files (YAML or JSON, one, several or a folder) into an Inventory."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smaudit import validation
from smaudit.errors import InputError, Problem
from smaudit.inventory.secrets import check_no_secrets
from smaudit.model import Account, Agency, Inventory, Location, Person, SourceFile
from smaudit.schemas import load_schema
from smaudit.yamlio import DEFAULT_LIMITS, Document, JsonPath, Limits, iter_files, load_bytes

PERSON_REF_KEYS = frozenset({"owner", "backup_owner", "reviewed_by", "person"})
_DATE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(.*)$")


def _date_keys() -> frozenset[str]:
    """Every property the inventory schema types as a date: the schema decides, not a list here."""
    ref = "#/$defs/date"
    keys: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                refs = [sub.get("$ref")] + [alt.get("$ref") for alt in sub.get("anyOf", [])]
                if ref in refs:
                    keys.add(key)
            for sub in node.values():
                walk(sub)
        elif isinstance(node, list):
            for sub in node:
                walk(sub)

    walk(load_schema("inventory"))
    return frozenset(keys)


DATE_KEYS = _date_keys()


def parse_date(text: str) -> dt.date:
    """An ISO date, or a zoned date-time reduced to its UTC date (runs are dated in UTC)."""
    match = _DATE_TIME.match(text)
    if not match:
        return dt.date.fromisoformat(text)
    zone = match.group(3)
    zone = "+00:00" if zone in ("Z", "z") else zone
    if zone and ":" not in zone:
        zone = zone[:3] + ":" + zone[3:]
    stamp = dt.datetime.fromisoformat(f"{match.group(1)}T{match.group(2)}{zone}")
    return stamp.astimezone(dt.UTC).date()


@dataclass(frozen=True)
class _Loaded:
    doc: Document
    sha256: str


def load_inventory(paths: Sequence[Path], limits: Limits = DEFAULT_LIMITS) -> Inventory:
    """Load, validate and merge inventory files; raise InputError naming every problem."""
    files = [f for p in paths for f in _expand(p)]
    if not files:
        raise InputError.at(", ".join(map(str, paths)), 0, 0, "no .yaml, .yml or .json files found")
    loaded = [_load_one(f, limits) for f in files]
    return _merge(loaded)


def _expand(path: Path) -> list[Path]:
    if not path.exists():
        raise InputError.at(str(path), 0, 0, "no such file or folder")
    return list(iter_files(path))


def _load_one(path: Path, limits: Limits) -> _Loaded:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError.at(str(path), 0, 0, f"cannot read file: {exc.strerror or exc}") from None
    doc = load_bytes(raw, str(path), limits)
    if not isinstance(doc.data, dict):
        raise InputError.at(doc.file, 1, 1, "expected an inventory mapping with 'smaudit: 1'")
    check_no_secrets(doc)  # before validation: no error message may quote a secret
    validation.check(doc, "inventory")
    return _Loaded(doc, hashlib.sha256(raw).hexdigest())


def _merge(loaded: Sequence[_Loaded]) -> Inventory:
    problems: list[Problem] = []
    agency = _agency(loaded, problems)
    people = _people(loaded, problems)
    person_fields = {pid: _person_fields(loc.doc, i) for pid, (loc, i) in people.items()}
    roster = {pid: _person(loc.doc, i) for pid, (loc, i) in people.items()}
    accounts: list[Account] = []
    seen: dict[str, Location] = {}
    for item in loaded:
        for index, raw in enumerate(item.doc.data.get("accounts", [])):
            path: JsonPath = ("accounts", index)
            where = Location(item.doc.file, *item.doc.where(path))
            if raw["id"] in seen:
                first = seen[raw["id"]]
                problems.append(
                    Problem(
                        where.file,
                        where.line,
                        where.column,
                        f"duplicate account id {raw['id']!r} (first defined at {first})",
                    )
                )
                continue
            seen[raw["id"]] = where
            fields = _normalise(raw, item.doc, path, person_fields, problems)
            accounts.append(
                Account(raw["id"], raw["platform"], where, fields, item.doc.marks, path)
            )
    if problems:
        raise InputError(problems)
    assert agency is not None  # _agency reported a problem otherwise
    sources = tuple(SourceFile(item.doc.file, item.sha256) for item in loaded)
    return Inventory(agency, roster, tuple(accounts), sources)


def _agency(loaded: Sequence[_Loaded], problems: list[Problem]) -> Agency | None:
    found = [(item.doc, item.doc.data["agency"]) for item in loaded if "agency" in item.doc.data]
    if not found:
        problems.append(
            Problem(
                loaded[0].doc.file,
                1,
                1,
                "missing required key 'agency' (in at least one inventory file)",
            )
        )
        return None
    doc, first = found[0]
    for other_doc, other in found[1:]:
        if other["name"] != first["name"]:
            line, column = other_doc.where(("agency", "name"))
            problems.append(
                Problem(
                    other_doc.file,
                    line,
                    column,
                    f"agency.name {other['name']!r} differs from {first['name']!r} in {doc.file}",
                )
            )
    parameters: dict[str, Any] = {}
    capabilities: dict[str, dict[str, bool]] = {}
    domains: list[str] = []
    for _, data in found:
        parameters.update(data.get("parameters", {}))
        for platform, entry in data.get("platform_capabilities", {}).items():
            capabilities.setdefault(platform, {}).update(entry)
        domains += [d.lower().lstrip(".") for d in data.get("email_domains", [])]
    where = Location(doc.file, *doc.where(("agency", "parameters")))
    return Agency(
        first["name"],
        where,
        first.get("abbreviation"),
        tuple(dict.fromkeys(domains)),
        parameters,
        capabilities,
    )


def _people(loaded: Sequence[_Loaded], problems: list[Problem]) -> dict[str, tuple[_Loaded, int]]:
    people: dict[str, tuple[_Loaded, int]] = {}
    for item in loaded:
        for index, person in enumerate(item.doc.data.get("people", [])):
            pid = person["id"]
            if pid in people:
                other, other_index = people[pid]
                first = other.doc.where(("people", other_index))
                line, column = item.doc.where(("people", index))
                problems.append(
                    Problem(
                        item.doc.file,
                        line,
                        column,
                        f"duplicate person id {pid!r} (first defined at "
                        f"{other.doc.file}:{first[0]}:{first[1]})",
                    )
                )
                continue
            people[pid] = (item, index)
    return people


def _person_fields(doc: Document, index: int) -> dict[str, Any]:
    raw = doc.data["people"][index]
    problems: list[Problem] = []
    fields: dict[str, Any] = _normalise(raw, doc, ("people", index), {}, problems)
    if problems:
        raise InputError(problems)
    return fields


def _person(doc: Document, index: int) -> Person:
    fields = _person_fields(doc, index)
    return Person(
        id=fields["id"],
        name=fields.get("name"),
        email=fields.get("email"),
        employment=fields.get("employment"),
        status=fields.get("status"),
        separated_on=fields.get("separated_on"),
        location=Location(doc.file, *doc.where(("people", index))),
    )


def _normalise(
    value: Any,
    doc: Document,
    path: JsonPath,
    people: Mapping[str, Mapping[str, Any]],
    problems: list[Problem],
) -> Any:
    """Dates become dates and person ids become the roster entry, so rules compare like with like
    and reach a person's employment and status through any account they touch."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, sub in value.items():
            if key.startswith("x-"):
                continue
            sub_path = (*path, key)
            if key in DATE_KEYS and isinstance(sub, str):
                out[key] = _date(sub, doc, sub_path, problems)
            elif key in PERSON_REF_KEYS and isinstance(sub, str):
                out[key] = _person_ref(sub, doc, sub_path, people, problems)
            else:
                out[key] = _normalise(sub, doc, sub_path, people, problems)
        return out
    if isinstance(value, list):
        return [_normalise(sub, doc, (*path, i), people, problems) for i, sub in enumerate(value)]
    return value


def _date(text: str, doc: Document, path: JsonPath, problems: list[Problem]) -> dt.date | None:
    try:
        return parse_date(text)
    except ValueError:
        line, column = doc.where(path)
        problems.append(
            Problem(
                doc.file, line, column, f"{validation.format_path(path)}: not a real date: {text!r}"
            )
        )
        return None


def _person_ref(
    pid: str,
    doc: Document,
    path: JsonPath,
    people: Mapping[str, Mapping[str, Any]],
    problems: list[Problem],
) -> Mapping[str, Any] | None:
    person = people.get(pid)
    if person is None:
        line, column = doc.where(path)
        known = ", ".join(sorted(people)[:8]) or "the roster is empty"
        problems.append(
            Problem(
                doc.file,
                line,
                column,
                f"{validation.format_path(path)}: unknown person {pid!r} "
                f"(not in people; known: {known})",
            )
        )
    return person


def source_digest(sources: Iterable[SourceFile]) -> str:
    """One hash for the whole inventory, independent of the order files were named in."""
    digest = hashlib.sha256()
    for source in sorted(sources, key=lambda s: s.path):
        digest.update(f"{source.path}\0{source.sha256}\n".encode())
    return digest.hexdigest()
