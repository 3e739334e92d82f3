"""Which of an account's sources vouch for a fact: the one rule `--explain` and the feed use
to say where a value came from (the inventory's `evidence`, read by the loader)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from smaudit.model.inventory import PERSON_REF_KEYS

_INDEX = re.compile(r"\[\d+\]")


def fact_sources(fields: Mapping[str, Any], path: str) -> list[Mapping[str, Any]]:
    """The sources (as read: id, system, file, recorded_on) of the fact at `path`
    (`credentials.holders[0].person.status`): each evidence entry that lists the field or a
    field containing it, or lists no fields (it vouches for every fact)."""
    dotted = _INDEX.sub("", path)
    if any(step in PERSON_REF_KEYS for step in dotted.split(".")[:-1]):
        return []  # a person's status or dates are the roster's facts, not the account's
    found: list[Mapping[str, Any]] = []
    for entry in fields.get("evidence") or ():
        source = entry.get("source")
        named = entry.get("fields")
        covers = named is None or any(dotted == f or dotted.startswith(f"{f}.") for f in named)
        if isinstance(source, Mapping) and covers and source not in found:
            found.append(source)
    return found


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
