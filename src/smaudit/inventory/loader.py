"""Load inventory v1 files (YAML or JSON, one, several or a folder) into an Inventory."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smaudit.errors import InputError, Problem
from smaudit.gcpause import paused_gc
from smaudit.inventory.people import person, person_fields, roster_entries
from smaudit.inventory.shared import SharedFacts
from smaudit.inventory.sources import (
    check_evidence_fields,
    mark_superseded,
    mark_unsourced,
    read_person_evidence,
    source_entries,
)
from smaudit.inventory.values import Context, normalise
from smaudit.model import Account, Agency, Inventory, Location, SkippedFile, SourceFile
from smaudit.reading import validation
from smaudit.reading.document import Document, JsonPath
from smaudit.reading.files import iter_files, load_bytes
from smaudit.reading.inputs import check_total_size, read_input, run_budget
from smaudit.reading.kinds import Kind, kind_of
from smaudit.reading.limits import DEFAULT_LIMITS, Limits
from smaudit.safety.terminal import display_path


@dataclass(frozen=True)
class _Loaded:
    doc: Document
    sha256: str


def load_inventory(
    paths: Sequence[Path], limits: Limits = DEFAULT_LIMITS, as_of: dt.date | None = None
) -> Inventory:
    """Load, validate and merge inventory files; raise InputError naming every problem.

    With the run's date, the inventory is also read as of that date: a person whose separation
    date has passed counts as separated whatever `status` says, and a date on which something
    happened (a review, a rotation, a capture) may not lie after it."""
    with paused_gc(), run_budget(limits):  # all the files together, not each alone
        files = read_files(paths, limits)
        if not files.loaded:
            names = ", ".join(map(str, paths))
            raise InputError.at(names, 0, 0, f"no inventory files found ({_skips(files.skipped)})")
        return merge(files, as_of)


@dataclass(frozen=True)
class Files:
    """The inventory files of a run, read and checked against the schema, not yet merged;
    and the files in its folders that are something else."""

    loaded: tuple[_Loaded, ...]
    skipped: tuple[SkippedFile, ...]


def read_files(paths: Sequence[Path], limits: Limits, *, refuse_others: bool = True) -> Files:
    """Read every inventory file `paths` name or hold. A file in a folder that says it is
    something else (reading/kinds.py) is skipped; one named itself is refused with the option
    that reads it, unless `refuse_others` is False (`smaudit validate` reads every kind)."""
    files = _once([(f, p.is_dir()) for p in paths for f in _expand(p)])
    if not files:
        raise InputError.at(", ".join(map(str, paths)), 0, 0, "no .yaml, .yml or .json files found")
    check_total_size([f for f, _ in files], limits.max_bytes)
    read = [_load_one(f, limits, in_folder or not refuse_others) for f, in_folder in files]
    return Files(
        tuple(item for item in read if isinstance(item, _Loaded)),
        tuple(item for item in read if isinstance(item, SkippedFile)),
    )


def merge(files: Files, as_of: dt.date | None) -> Inventory:
    """The inventory the files make together (see load_inventory)."""
    return dataclasses.replace(_merge(files.loaded, as_of), skipped=files.skipped)


def _expand(path: Path) -> list[Path]:
    if not path.exists():
        raise InputError.at(str(path), 0, 0, "no such file or folder")
    return list(iter_files(path))


def _once(files: Sequence[tuple[Path, bool]]) -> list[tuple[Path, bool]]:
    """Each file once, at its first place: a hook gives the inventory's folder and the files of
    it a commit touched (`validate inventory/ inventory/a.yaml`), which are the same accounts,
    not a duplicate. A file named itself anywhere counts as named (not found in a folder)."""
    first: dict[Path, tuple[Path, bool]] = {}
    for path, in_folder in files:
        key = path.resolve()
        seen = first.get(key)
        first[key] = (seen[0], seen[1] and in_folder) if seen else (path, in_folder)
    return list(first.values())


def _load_one(path: Path, limits: Limits, lenient: bool) -> _Loaded | SkippedFile:
    """One file read. A file that says it is not an inventory is skipped where `lenient` (it
    was found in a folder), else refused with the option that reads it."""
    raw = read_input(path, limits.max_bytes)
    doc = load_bytes(raw, display_path(path), limits)
    kind = kind_of(doc.data)
    if kind is not Kind.INVENTORY and (lenient or kind.option):
        reason = kind.description + (f"; give it with {kind.option}" if kind.option else "")
        if lenient:
            return SkippedFile(doc.file, kind.value, reason)
        raise InputError.at(doc.file, 1, 1, f"not an inventory: {reason}")
    if not isinstance(doc.data, dict):
        raise InputError.at(doc.file, 1, 1, "expected an inventory mapping with 'smaudit: 1'")
    validation.check(doc, "inventory")
    return _Loaded(doc, hashlib.sha256(raw).hexdigest())


def _skips(skipped: Sequence[SkippedFile]) -> str:
    if not skipped:
        return "none in the folder"
    return "; ".join(f"{s.path}: {s.reason}" for s in skipped[:5]) + (
        f"; and {len(skipped) - 5} more" if len(skipped) > 5 else ""
    )


def _merge(loaded: Sequence[_Loaded], as_of: dt.date | None) -> Inventory:
    problems: list[Problem] = []
    dates: dict[str, dt.date] = {}  # shared by every record of the run
    agency = _agency(loaded, problems)
    people = roster_entries([item.doc for item in loaded], problems)
    fields_of = {
        pid: person_fields(Context(doc, {}, problems, as_of, dates), i)
        for pid, (doc, i) in people.items()
    }
    roster = {pid: person(fields_of[pid], doc, i) for pid, (doc, i) in people.items()}
    shared = SharedFacts(
        [item.doc for item in loaded if "agency" in item.doc.data],
        lambda doc, value, path: normalise(value, Context(doc, {}, problems, as_of, dates), path),
    )
    reading = {
        id(item.doc): Context(item.doc, fields_of, problems, as_of, dates, people)
        for item in loaded
    }
    sources = source_entries([item.doc for item in loaded], reading, problems)
    # each file's context, now that evidence can name the sources: for people and accounts
    sourced = {key: dataclasses.replace(ctx, sources=sources) for key, ctx in reading.items()}
    read_person_evidence(people, fields_of, sourced)
    accounts: list[Account] = []
    seen: dict[str, Location] = {}
    for item in loaded:
        context = sourced[id(item.doc)]
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
            fields = normalise(raw, context, path)
            check_evidence_fields(fields, context, path)
            mark_superseded(fields.get("evidence"))
            mark_unsourced(fields)
            inherited = shared.inherit(fields)
            accounts.append(
                Account(raw["id"], raw["platform"], where, fields, item.doc.marks, path, inherited)
            )
    if problems:
        raise InputError(problems)
    assert agency is not None  # _agency reported a problem otherwise
    files = tuple(SourceFile(item.doc.file, item.sha256) for item in loaded)
    return Inventory(agency, roster, tuple(accounts), files)


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
    parameter_lines: dict[str, Location] = {}
    for source, data in found:
        parameters.update(data.get("parameters", {}))
        parameter_lines.update(
            {
                name: Location(source.file, *source.where(("agency", "parameters", name)))
                for name in data.get("parameters", {})
            }
        )
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
        parameter_lines,
    )


def source_digest(sources: Iterable[SourceFile]) -> str:
    """One hash for the whole inventory, independent of the order files were named in."""
    digest = hashlib.sha256()
    for source in sorted(sources, key=lambda s: s.path):
        digest.update(f"{source.path}\0{source.sha256}\n".encode())
    return digest.hexdigest()
