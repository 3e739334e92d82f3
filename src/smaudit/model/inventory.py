"""The inventory as read: the agency, its people and its accounts, with their places."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from smaudit.model.places import Location
from smaudit.reading.marks import MarkTable, pack

PERSON_REF_KEYS = frozenset(
    {"owner", "backup_owner", "reviewed_by", "person", "mailbox_owner", "attested_by"}
)
"""The inventory fields that name a person: the loader reads each as the roster entry it names,
so what lies past one (`person.status`) is a fact of the roster, not of the account."""


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str | None
    email: str | None
    employment: str | None
    status: str | None
    separated_on: dt.date | None
    location: Location


@dataclass(frozen=True, slots=True)
class Agency:
    name: str
    location: Location
    abbreviation: str | None
    email_domains: tuple[str, ...]
    parameters: Mapping[str, Any]
    platform_capabilities: Mapping[str, Mapping[str, bool]] = field(default_factory=dict)
    parameter_locations: Mapping[str, Location] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Inherited:
    """Where an account's inherited block is written."""

    label: str
    """Whom it was stated for: "the agency", "platform facebook", "office Public Affairs"."""
    file: str
    line: int
    marks: MarkTable
    path: tuple[str | int, ...]

    def place(self, path: tuple[str | int, ...]) -> int:
        """Where a field below the block is written in `file`, packed (see marks.py)."""
        found, depth = self.marks.deepest((*self.path, *path))
        return found if depth else pack(self.line, 1)

    def __str__(self) -> str:
        return f"stated for {self.label} at {self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Account:
    """One official account. `fields` is the validated record the condition language reads by
    path: dates are `datetime.date`, and person ids are replaced by the roster entry they name."""

    id: str
    platform: str
    location: Location
    fields: Mapping[str, Any] = field(repr=False)
    # The whole source document's location index and this account's path in it: shared, not
    # copied, so 100,000 accounts do not carry 100,000 small dictionaries.
    source_marks: MarkTable = field(repr=False, compare=False)
    source_path: tuple[str | int, ...] = field(repr=False, compare=False)
    inherited: Mapping[str, Inherited] = field(default_factory=dict, repr=False, compare=False)
    """The blocks stated for many accounts (agency.shared) that this one takes, and where."""

    def place(self, path: tuple[str | int, ...]) -> int:
        """Where a field of this account was written, or its nearest ancestor, or the account
        itself: packed (see marks.py), a line and column in the account's file. A field of an
        inherited block stated in another file has no place here: 0."""
        source = self.inherited.get(path[0]) if path and isinstance(path[0], str) else None
        if source is not None:
            return source.place(path[1:]) if source.file == self.location.file else 0
        found, depth = self.source_marks.deepest((*self.source_path, *path))
        return found if depth else pack(self.location.line, self.location.column)

    def source_of(self, path: tuple[str | int, ...]) -> Inherited | None:
        """Where a field comes from when it is inherited, else None (the account states it)."""
        return self.inherited.get(path[0]) if path and isinstance(path[0], str) else None


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str
    sha256: str


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file in a folder of inventories that is not one (a waivers file, a profile, another
    tool's YAML), left out of the run and reported."""

    path: str
    kind: str
    """What it is: waivers, profile, control or other (reading/kinds.py)."""
    reason: str


@dataclass(frozen=True, slots=True)
class Inventory:
    agency: Agency
    people: Mapping[str, Person]
    accounts: tuple[Account, ...]
    sources: tuple[SourceFile, ...]
    skipped: tuple[SkippedFile, ...] = ()
