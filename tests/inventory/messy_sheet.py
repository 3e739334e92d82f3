"""A generated tracker spreadsheet with the mess real ones have, and what each cell must become.

Excel's CSV export: a byte-order mark, CRLF line ends, merged header cells flattened into two
header rows with empty cells (`MFA` over `Enabled | Type`), blank rows, trailing spaces; and the
values people type: yes/Y/x/enabled, "Authenticator app", "1Password", four date formats, "N/A",
"TBD", and a few that no reader can understand. Seeded, so a failure can be replayed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ABSENT = object()
"""The cell says the fact is not recorded: the field must be left out."""
NOTE = object()
"""No reader understands the cell: a note must name its row and column."""

# (group title over the columns, each column's own title)
HEADER = (
    ("Account ", ("Platform", "Handle ")),
    ("Status", ("",)),
    ("Tier", ("",)),
    ("MFA", ("Enabled", "Type")),
    ("Password", ("Location", "Last changed")),
    ("Holder", ("",)),
    ("Role", ("",)),
    ("Comments", ("",)),
)
# column -> (what a user types, what the inventory must hold at PATHS[column])
VALUES: dict[str, list[tuple[str, Any]]] = {
    "status": [("Active", "active"), ("active ", "active"), ("ACTIVE", "active")],
    "tier": [
        ("High Impact", "high-impact"),
        ("high", "high-impact"),
        ("Standard", "standard"),
        ("", ABSENT),
        ("N/A", ABSENT),
        ("gold", NOTE),
    ],
    "mfa": [(v, True) for v in ("Yes", "Y", "TRUE", "x", "enabled", " yes ")]
    + [(v, False) for v in ("No", "N", "FALSE", "disabled")]
    + [(v, ABSENT) for v in ("N/A", "", "-", "unknown", "TBD")]
    + [("maybe", NOTE)],
    "methods": [
        ("Authenticator app", ["totp"]),
        ("TOTP", ["totp"]),
        ("Google Authenticator", ["totp"]),
        ("SMS", ["sms"]),
        ("text message", ["sms"]),
        ("security key", ["security_key"]),
        ("YubiKey", ["security_key"]),
        ("FIDO2", ["security_key"]),
        ("passkey", ["passkey"]),
        ("SMS / Authenticator app", ["sms", "totp"]),
        ("N/A", ABSENT),
        ("carrier pigeon", NOTE),
    ],
    "stored": [(v, "password_manager") for v in ("1Password", "Bitwarden", "LastPass", "Keeper")]
    + [("vault", "password_manager"), ("Excel", "spreadsheet"), ("shared sheet", "spreadsheet")]
    + [("N/A", ABSENT), ("TBD", ABSENT), ("sticky note", NOTE)],
    "role": [("Admin", "admin"), ("editor", "editor"), ("Viewer", "analyst"), ("", ABSENT)],
}
PATHS = {
    "status": ("status",),
    "tier": ("tier",),
    "mfa": ("mfa", "enabled"),
    "methods": ("mfa", "methods"),
    "stored": ("credentials", "stored_in"),
    "rotated": ("credentials", "last_rotated"),
}
PLATFORMS = [("Twitter", "x"), ("X", "x"), ("Facebook", "facebook"), ("YouTube", "youtube")]
PEOPLE = [
    ("Jane Doe <jane.doe@example.gov>", {"name": "Jane Doe", "email": "jane.doe@example.gov"}),
    ("jdoe", {"name": "jdoe"}),
    ("a.smith@example.gov ", {"email": "a.smith@example.gov"}),
]
DATE_FORMATS = (
    "{d:%Y-%m-%d}",
    "{d.month}/{d.day}/{d:%Y}",
    "{d.day} {d:%b %Y}",
    "{d:%B} {d.day}, {d:%Y}",
)


@dataclass
class Cell:
    line: int
    column: int
    """1-based, as notes name it."""
    key: str
    raw: str
    expected: Any


@dataclass
class Tracker:
    path: Path
    cells: list[Cell] = field(default_factory=list)
    """Every data cell that says something, with what it must become."""
    accounts: dict[int, tuple[str, str]] = field(default_factory=dict)
    """Line -> (platform, handle) of the account that row describes."""


def write_tracker(path: Path, seed: int, accounts: int = 12) -> Tracker:
    """Write the sheet to `path`; the second row of some accounts names another holder."""
    rng = random.Random(seed)
    tops = [title for title, subs in HEADER for title in [title] + [""] * (len(subs) - 1)]
    subs = [sub for _, group in HEADER for sub in group]
    lines = [",".join(tops), ",".join(subs)]
    tracker = Tracker(path)
    for number in range(accounts):
        platform, key = rng.choice(PLATFORMS)
        handle = f"ExampleAgency{seed}x{number}"
        values = _row(rng)
        for holder in range(rng.choice((1, 1, 2))):
            if rng.random() < 0.2:
                lines.append(rng.choice(("", ",,,,,,,,,", " , ,")))  # blank rows
            line = len(lines) + 1
            who, person = rng.choice(PEOPLE)
            role, expected_role = rng.choice(VALUES["role"])
            row = [platform, f"{handle}  ", *values.raw, who, role, rng.choice(("", "flagship"))]
            lines.append(",".join(row))
            tracker.accounts[line] = (key, handle.lower())
            if holder == 0:  # a second row repeats the account's facts: only its holder counts
                tracker.cells += _cells(line, values)
            tracker.cells.append(Cell(line, 9, "holder", who, (person, expected_role)))
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return tracker


@dataclass
class _Values:
    raw: list[str]
    expected: list[tuple[str, Any]]


def _row(rng: random.Random) -> _Values:
    raw: list[str] = []
    expected: list[tuple[str, Any]] = []
    for key in ("status", "tier", "mfa", "methods", "stored"):
        typed, meant = rng.choice(VALUES[key])
        raw.append(typed)
        expected.append((key, meant))
    day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(600))
    typed, meant = rng.choice(DATE_FORMATS).format(d=day), day.isoformat()
    if rng.random() < 0.15:
        typed, meant = rng.choice((("N/A", ABSENT), ("last spring", NOTE)))
    raw.append(f'"{typed}"' if "," in typed else typed)
    expected.append(("rotated", meant))
    return _Values(raw, expected)


def _cells(line: int, values: _Values) -> list[Cell]:
    return [
        Cell(line, column, key, raw, meant)
        for column, (raw, (key, meant)) in enumerate(
            zip(values.raw, values.expected, strict=True), start=3
        )
    ]
