"""Where imported facts came from, as an inventory records it: one `sources` entry per import
(the system, the file, the day the export was made) and, in each account, an `evidence` entry
naming it with the fields it supplied. SM-AU-02 dates the facts by it.

One place decides both the entry and the fields, for the skeleton an import writes and for the
fields a merge fills, so the two cannot disagree about what a source vouches for."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any, Protocol

EVIDENCE = "evidence"
SOURCES = "sources"
_SLUG = re.compile(r"[^a-z0-9]+")


class Export(Protocol):
    """What an import read: an account import's ImportResult, or a people import's result."""

    @property
    def system(self) -> str | None: ...
    @property
    def source(self) -> str: ...
    @property
    def exported_on(self) -> dt.date | None: ...


def source_entry(result: Export) -> dict[str, Any]:
    """The `sources` entry of one import: id, system, the file's name, the export's date."""
    system = result.system or "other"
    # an import of several files (Meta's saved responses) names them all, the first for the id
    names = [PurePath(part).name for part in result.source.split(", ")]
    entry: dict[str, Any] = {
        "id": source_id(system, result.exported_on, names[0]),
        "system": system,
    }
    if any(names):
        entry["file"] = ", ".join(names)
    if result.exported_on is not None:
        entry["recorded_on"] = result.exported_on.isoformat()
    return entry


def source_id(system: str, recorded_on: dt.date | None, file: str) -> str:
    """`bitwarden-2026-11-30`; without a date, the file's name: `spreadsheet-tracker-xlsx`."""
    tail = recorded_on.isoformat() if recorded_on else _SLUG.sub("-", file.lower()).strip("-")
    return f"{system}-{tail}" if tail else system


def fact_paths(fields: Mapping[str, Any], prefix: str = "") -> list[str]:
    """The dotted paths of the facts in `fields`: `credentials.stored_in`, a list
    (`credentials.holders`, `mfa.methods`) as one fact; `id`, `evidence` and `x-` keys are not."""
    paths: list[str] = []
    for key, value in fields.items():
        if (not prefix and key in ("id", EVIDENCE)) or key.startswith("x-"):
            continue  # `x-service` and the like are the user's notes, not facts
        path = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            paths += fact_paths(value, f"{path}.")
        else:
            paths.append(path)
    return paths


def evidence_item(source: str, paths: Iterable[str]) -> dict[str, Any]:
    return {"source": source, "fields": list(dict.fromkeys(paths))}
