"""An inventory's values made comparable: dates read (a date-time on its UTC date), email
addresses lower-cased, and person ids replaced by their roster entry."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from smaudit.errors import Problem
from smaudit.inventory.fields import date_keys
from smaudit.model.inventory import PERSON_REF_KEYS
from smaudit.reading.document import Document, JsonPath
from smaudit.safety.redact import person_label

SOURCE_REF_KEY = "source"  # an `evidence` entry's; no other inventory field has the key
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
class Context:
    doc: Document
    people: Mapping[str, Mapping[str, Any]]
    problems: list[Problem]
    as_of: dt.date | None
    dates: dict[str, dt.date]
    """Dates already read, by their text: the same few thousand days recur across accounts."""
    roster: Mapping[str, tuple[Document, int]] = field(default_factory=dict)
    """Where each person is defined (file, index in `people`): to point a misspelt reference
    at the entry it most likely means."""
    sources: Mapping[str, Mapping[str, Any]] | None = None
    """The inventory's `sources` by id, which `evidence` entries name; None while the sources
    themselves are read."""


def normalise(value: Any, ctx: Context, path: JsonPath) -> Any:
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
                elif key == SOURCE_REF_KEY and ctx.sources is not None:
                    value[key] = _source_ref(sub, ctx, (*path, key))
                elif key == "email":
                    value[key] = sub.lower()  # Jane.Doe@X.gov and jane.doe@x.gov: one mailbox
            elif isinstance(sub, (dict, list)):
                normalise(sub, ctx, (*path, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            if isinstance(sub, (dict, list)):
                normalise(sub, ctx, (*path, index))
    return value


def _date(text: str, ctx: Context, path: JsonPath) -> dt.date | None:
    value = ctx.dates.get(text)
    if value is None:
        try:
            value = ctx.dates[text] = parse_date(text)
        except ValueError:
            ctx.problems.append(problem(ctx, path, f"not a real date: {text!r}"))
            return None
    if ctx.as_of and value > ctx.as_of and path[-1] not in SCHEDULED_DATE_KEYS:
        ctx.problems.append(
            problem(
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


def problem(ctx: Context, path: JsonPath, message: str) -> Problem:
    line, column = ctx.doc.where(path)
    return Problem(ctx.doc.file, line, column, f"{ctx.doc.describe(path)}: {message}")


def _person_ref(pid: str, ctx: Context, path: JsonPath) -> Mapping[str, Any] | None:
    person = ctx.people.get(pid)
    if person is None:
        # ids are often usernames or addresses: by pseudonym, as every output names people
        known = _nearest_person(pid, ctx) if ctx.people else "; the roster is empty"
        ctx.problems.append(
            problem(ctx, path, f"unknown person {person_label(pid, False)} (not in people{known})")
        )
    return person


def _source_ref(sid: str, ctx: Context, path: JsonPath) -> Mapping[str, Any] | None:
    """The source an evidence entry names, read as its fields (`evidence.source.recorded_on`)."""
    assert ctx.sources is not None
    source = ctx.sources.get(sid)
    if source is None:
        known = (
            ", ".join(map(repr, sorted(ctx.sources)[:10])) or "none: the inventory has no `sources`"
        )
        ctx.problems.append(problem(ctx, path, f"unknown source {sid!r} (sources: {known})"))
    return source


def _nearest_person(pid: str, ctx: Context) -> str:
    """`; did you mean person 3 (people.yaml:12)?` for the roster entry spelt most like `pid`:
    by its place, not its id, since ids are often usernames and messages name nobody."""
    near = difflib.get_close_matches(pid, list(ctx.roster), n=1, cutoff=0.8)
    if not near:
        return ""
    doc, index = ctx.roster[near[0]]
    line, _ = doc.where(("people", index))
    return f"; did you mean person {index + 1} of people, at {doc.file}:{line}?"
