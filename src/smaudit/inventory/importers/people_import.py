"""`smaudit import people FILE`: an HR export (CSV) or a directory listing (JSON) as a roster.

Shapes: an HR export saved as CSV (people_csv.py), and the JSON of a directory listing:
Microsoft Graph `/users` or Google Workspace `users.list` (people_directory.py). A file is
JSON when its first character opens a JSON object or list, whatever its name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from smaudit.errors import InputError
from smaudit.inventory.importers.people import PeopleResult, finish
from smaudit.inventory.importers.people_csv import HR_CSV, read_hr_csv
from smaudit.inventory.importers.people_directory import GRAPH, WORKSPACE, read_directory
from smaudit.reading.inputs import read_input
from smaudit.reading.limits import DEFAULT_LIMITS
from smaudit.safety.terminal import display_path

_SYSTEMS = {HR_CSV: "hr", GRAPH: "microsoft-entra", WORKSPACE: "google-workspace"}


def import_people(
    path: Path,
    mapping: Mapping[str, str] | None = None,
    today: dt.date | None = None,
    recorded_on: dt.date | None = None,
) -> PeopleResult:
    """The roster in the HR CSV or directory JSON at `path`, as of `today` (default: today, UTC).
    `mapping` (`--map`) applies to a CSV only; `recorded_on` is the day the export was made."""
    today = today or dt.datetime.now(dt.UTC).date()
    if _is_json(path):
        if mapping:
            raise InputError.at(display_path(path), 1, 1, "--map applies to a CSV file only")
        read = read_directory(path)
    else:
        read = read_hr_csv(path, mapping or {})
    result = finish(display_path(path), read.shape, read.records, (read.skipped, read.notes), today)
    system = _SYSTEMS.get(read.shape, "other")
    return dataclasses.replace(result, system=system, exported_on=recorded_on)


def _is_json(path: Path) -> bool:
    head = read_input(path, DEFAULT_LIMITS.max_bytes, binary_ok=True)[:4096]
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")
