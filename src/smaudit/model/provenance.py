"""Which sources vouch for a fact: the one rule `--explain` and the feed use to say where a
value came from (the `evidence` of the account, or of the roster entry the fact is about, read
by the loader)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from smaudit.model.inventory import PERSON_REF_KEYS

_INDEX = re.compile(r"\[\d+\]")
_NUMBER = re.compile(r"\[(\d+)\]")


def fact_sources(fields: Mapping[str, Any], path: str) -> list[Mapping[str, Any]]:
    """The sources (as read: id, system, file, recorded_on) of the fact at `path`
    (`credentials.stored_in`, `credentials.holders[0].person.status`): each evidence entry of
    the record that holds the fact (the account, or the roster entry of the person the path
    passes through) that lists the field or a field containing it, or lists no fields (it
    vouches for every fact of its record)."""
    record, rest = _record_of(fields, path)
    dotted = _INDEX.sub("", rest)
    found: list[Mapping[str, Any]] = []
    for entry in record.get("evidence") or ():
        source = entry.get("source")
        named = entry.get("fields")
        covers = named is None or any(dotted == f or dotted.startswith(f"{f}.") for f in named)
        if isinstance(source, Mapping) and covers and source not in found:
            found.append(source)
    return found


def _record_of(fields: Mapping[str, Any], path: str) -> tuple[Mapping[str, Any], str]:
    """The record whose `evidence` speaks for the fact at `path`, and the path from it: a
    person's status or Google account is the roster's fact, vouched for by the roster entry's
    own evidence (an inline person, with none, has no source)."""
    steps = path.split(".")
    record: Mapping[str, Any] = fields
    value: Any = fields
    start = 0
    for number, step in enumerate(steps[:-1]):
        key = step.split("[", 1)[0]
        value = value.get(key) if isinstance(value, Mapping) else None
        for index in map(int, _NUMBER.findall(step)):
            value = value[index] if isinstance(value, list) and index < len(value) else None
        if key in PERSON_REF_KEYS:
            record, start = (value if isinstance(value, Mapping) else {}), number + 1
    return record, ".".join(steps[start:])


def describe(source: Mapping[str, Any]) -> str:
    """`bitwarden-2026-11-30 (bitwarden, org-export.json, recorded 2026-11-30)`."""
    recorded = source.get("recorded_on")
    parts = [
        str(source.get("system")),
        *([str(source["file"])] if source.get("file") else []),
        f"recorded {recorded.isoformat()}" if recorded else "date not recorded",
    ]
    return f"{source.get('id')} ({', '.join(parts)})"


_SOURCE_FIELD = re.compile(r"^evidence\[\d*\]\.source\.")


def recorded_where(path: str) -> str:
    """Where a missing fact is recorded: a source's date (`evidence[0].source.recorded_on`, as a
    check reads it through the account) is written in the inventory's `sources`."""
    return _SOURCE_FIELD.sub("sources[].", path)
