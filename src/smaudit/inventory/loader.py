"""Load inventory v1 files (YAML or JSON, one, several or a folder) into an Inventory."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smaudit.errors import InputError, Problem
from smaudit.gcpause import paused_gc
from smaudit.inventory.fields import date_keys
from smaudit.inventory.shared import SharedFacts
from smaudit.model import Account, Agency, Inventory, Location, Person, SourceFile
from smaudit.reading import validation
from smaudit.reading.document import Document, JsonPath
from smaudit.reading.files import iter_files, load_bytes
from smaudit.reading.inputs import check_total_size, read_input, run_budget
from smaudit.reading.limits import DEFAULT_LIMITS, Limits
from smaudit.safety.redact import person_label
from smaudit.safety.terminal import display_path

PERSON_REF_KEYS = frozenset({"owner", "backup_owner", "reviewed_by", "person", "mailbox_owner"})
# The schema says which fields are dates, and which of those are scheduled (in force from their
# date, so they may lie ahead of the run) rather than events (which cannot lie after it).
DATE_KEYS, SCHEDULED_DATE_KEYS = date_keys()
_DATE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(.*)$")


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


def load_inventory(
    paths: Sequence[Path], limits: Limits = DEFAULT_LIMITS, as_of: dt.date | None = None
) -> Inventory:
    """Load, validate and merge inventory files; raise InputError naming every problem.

    With the run's date, the inventory is also read as of that date: a person whose separation
    date has passed counts as separated whatever `status` says, and a date on which something
    happened (a review, a rotation, a capture) may not lie after it."""
    files = [f for p in paths for f in _expand(p)]
    if not files:
        raise InputError.at(", ".join(map(str, paths)), 0, 0, "no .yaml, .yml or .json files found")
    with paused_gc(), run_budget(limits):  # all the files together, not each alone
        check_total_size(files, limits.max_bytes)
        loaded = [_load_one(f, limits) for f in files]
        return _merge(loaded, as_of)


def _expand(path: Path) -> list[Path]:
    if not path.exists():
        raise InputError.at(str(path), 0, 0, "no such file or folder")
    return list(iter_files(path))


def _load_one(path: Path, limits: Limits) -> _Loaded:
    raw = read_input(path, limits.max_bytes)
    doc = load_bytes(raw, display_path(path), limits)
    if not isinstance(doc.data, dict):
        raise InputError.at(doc.file, 1, 1, "expected an inventory mapping with 'smaudit: 1'")
    validation.check(doc, "inventory")
    return _Loaded(doc, hashlib.sha256(raw).hexdigest())


def _merge(loaded: Sequence[_Loaded], as_of: dt.date | None) -> Inventory:
    problems: list[Problem] = []
    dates: dict[str, dt.date] = {}  # shared by every record of the run
    agency = _agency(loaded, problems)
    people = _people(loaded, problems)
    person_fields = {
        pid: _person_fields(_Context(loc.doc, {}, problems, as_of, dates), i)
        for pid, (loc, i) in people.items()
    }
    roster = {pid: _person(person_fields[pid], loc.doc, i) for pid, (loc, i) in people.items()}
    shared = SharedFacts(
        [item.doc for item in loaded if "agency" in item.doc.data],
        lambda doc, value, path: _normalise(value, _Context(doc, {}, problems, as_of, dates), path),
    )
    accounts: list[Account] = []
    seen: dict[str, Location] = {}
    for item in loaded:
        context = _Context(item.doc, person_fields, problems, as_of, dates)
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
            fields = _normalise(raw, context, path)
            inherited = shared.inherit(fields)
            accounts.append(
                Account(raw["id"], raw["platform"], where, fields, item.doc.marks, path, inherited)
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
                        f"duplicate person id {person_label(pid, False)} (first defined at "
                        f"{other.doc.file}:{first[0]}:{first[1]})",
                    )
                )
                continue
            people[pid] = (item, index)
    return people


def _person_fields(ctx: _Context, index: int) -> dict[str, Any]:
    raw = ctx.doc.data["people"][index]
    fields: dict[str, Any] = _normalise(raw, ctx, ("people", index))
    separated_on = fields.get("separated_on")
    if ctx.as_of and isinstance(separated_on, dt.date):
        if separated_on <= ctx.as_of:
            fields["status"] = "separated"  # the date decides: a stale status must not hide it
        elif fields.get("status") is None:
            fields["status"] = "active"  # a departure still to come: not gone yet
        elif fields.get("status") == "separated":
            # A departure scheduled ahead is recorded as active until its day comes; "separated"
            # with a later date says two things at once, and the run cannot pick one.
            ctx.problems.append(
                _problem(
                    ctx,
                    ("people", index, "status"),
                    f"status is separated, but separated_on {separated_on.isoformat()} is after "
                    f"the run date {ctx.as_of.isoformat()}: record a departure that is still to "
                    "come with status active (it takes effect on its date by itself)",
                )
            )
    return fields


def _person(fields: Mapping[str, Any], doc: Document, index: int) -> Person:
    return Person(
        id=fields["id"],
        name=fields.get("name"),
        email=fields.get("email"),
        employment=fields.get("employment"),
        status=fields.get("status"),
        separated_on=fields.get("separated_on"),
        location=Location(doc.file, *doc.where(("people", index))),
    )


@dataclass(frozen=True)
class _Context:
    doc: Document
    people: Mapping[str, Mapping[str, Any]]
    problems: list[Problem]
    as_of: dt.date | None
    dates: dict[str, dt.date]
    """Dates already read, by their text: the same few thousand days recur across accounts."""


def _normalise(value: Any, ctx: _Context, path: JsonPath) -> Any:
    """Dates become dates, emails lower case, and person ids the roster entry, so rules compare
    like with like and reach a person's employment and status through any account they touch.

    In place: the parsed document is dropped once loaded (every value in it is its own object,
    aliases included), and a normalised copy would double the memory of a large inventory."""
    if isinstance(value, dict):
        for key, sub in list(value.items()):
            if key.startswith("x-"):
                del value[key]
            elif isinstance(sub, str):
                if key in DATE_KEYS:
                    value[key] = _date(sub, ctx, (*path, key))
                elif key in PERSON_REF_KEYS:
                    value[key] = _person_ref(sub, ctx, (*path, key))
                elif key == "email":
                    value[key] = sub.lower()  # Jane.Doe@X.gov and jane.doe@x.gov: one mailbox
            elif isinstance(sub, (dict, list)):
                _normalise(sub, ctx, (*path, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            if isinstance(sub, (dict, list)):
                _normalise(sub, ctx, (*path, index))
    return value


def _date(text: str, ctx: _Context, path: JsonPath) -> dt.date | None:
    value = ctx.dates.get(text)
    if value is None:
        try:
            value = ctx.dates[text] = parse_date(text)
        except ValueError:
            ctx.problems.append(_problem(ctx, path, f"not a real date: {text!r}"))
            return None
    if ctx.as_of and value > ctx.as_of and path[-1] not in SCHEDULED_DATE_KEYS:
        ctx.problems.append(
            _problem(
                ctx,
                path,
                f"{text}{_utc_note(text, value)} is after the run date "
                f"{ctx.as_of.isoformat()}: something that "
                "has happened cannot be dated in the future (a typo?)",
            )
        )
    return value


def _utc_note(text: str, value: dt.date) -> str:
    """A date-time counts on its UTC date (runs are dated in UTC): say so where they differ."""
    if _DATE_TIME.match(text) and value.isoformat() != text[:10]:
        return f" (UTC date {value.isoformat()})"
    return ""


def _problem(ctx: _Context, path: JsonPath, message: str) -> Problem:
    line, column = ctx.doc.where(path)
    return Problem(ctx.doc.file, line, column, f"{validation.format_path(path)}: {message}")


def _person_ref(pid: str, ctx: _Context, path: JsonPath) -> Mapping[str, Any] | None:
    person = ctx.people.get(pid)
    if person is None:
        # ids are often usernames or addresses: by pseudonym, as every output names people
        known = "" if ctx.people else "; the roster is empty"
        ctx.problems.append(
            _problem(ctx, path, f"unknown person {person_label(pid, False)} (not in people{known})")
        )
    return person


def source_digest(sources: Iterable[SourceFile]) -> str:
    """One hash for the whole inventory, independent of the order files were named in."""
    digest = hashlib.sha256()
    for source in sorted(sources, key=lambda s: s.path):
        digest.update(f"{source.path}\0{source.sha256}\n".encode())
    return digest.hexdigest()
