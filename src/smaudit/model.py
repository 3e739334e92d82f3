"""The domain model: frozen dataclasses and enums shared by loaders, engine and formats."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from smaudit.reading.marks import MarkTable, pack, unpack


class Severity(StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Higher is worse; used to sort and to compare against --fail-on."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {s: i for i, s in enumerate(Severity)}


class Status(StrEnum):
    """The outcome of one control on one account."""

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"  # not assessed: evidence the control needs is missing or unusable
    NOT_APPLICABLE = "not_applicable"
    WAIVED = "waived"  # a failure or error covered by an unexpired waiver; the original is kept


# By value, for readers of stored or transferred findings: a dict lookup, where calling the enum
# (Status("fail")) is several times slower in a loop over hundreds of thousands of them.
STATUS_BY_VALUE = {status.value: status for status in Status}
SEVERITY_BY_VALUE = {severity.value: severity for severity in Severity}


class Strength(StrEnum):
    SHALL = "SHALL"
    SHOULD = "SHOULD"


@dataclass(frozen=True, slots=True)
class Location:
    """A 1-based place in an input file."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


def _locate(fallback: Location, marks: MarkTable, path: tuple[str | int, ...]) -> Location:
    """Where `path` was written, or its nearest ancestor below the root; else `fallback`."""
    found, depth = marks.deepest(path)
    return Location(fallback.file, *unpack(found)) if depth else fallback


def fingerprint(control_id: str, account_id: str) -> str:
    """Stable across runs and edits of the file: only the control and account ids go in."""
    return hashlib.sha256(f"{control_id}\0{account_id}".encode()).hexdigest()[:32]


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
class Inventory:
    agency: Agency
    people: Mapping[str, Person]
    accounts: tuple[Account, ...]
    sources: tuple[SourceFile, ...]


@dataclass(frozen=True, slots=True)
class Reference:
    """Where a control comes from: a source document and section."""

    source: str
    section: str | None = None
    title: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class AppliesTo:
    """Which accounts a control is about; an empty tuple means no restriction."""

    platforms: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    account_types: tuple[str, ...] = ()
    capabilities: tuple[str, ...] = ()
    """The platform must offer at least one of these (security_keys, passkeys, ...)."""


@dataclass(frozen=True, slots=True)
class Control:
    id: str
    version: int
    title: str
    statement: str
    rationale: str
    severity: Severity
    severity_by_tier: Mapping[str, Severity]
    strength: Strength
    family: str
    applies_to: AppliesTo
    check: Mapping[str, Any] = field(repr=False)
    remediation: str
    remediation_by_platform: Mapping[str, str]
    applies_when: Mapping[str, Any] | None
    nist_800_53: tuple[str, ...]
    references: tuple[Reference, ...]
    parameters: tuple[str, ...]
    superseded_by: str | None
    tests: Mapping[str, tuple[str, ...]]
    location: Location
    source_marks: MarkTable = field(repr=False, compare=False)
    nist_800_53_parts: tuple[str, ...] = ()
    """Statement parts the check implements (ac-2_smt.k is AC-2(k))."""
    changes: tuple[Mapping[str, Any], ...] = ()
    """How the rule changed between versions, newest first (version, catalogue, what)."""
    conditions: Mapping[str, Mapping[str, Any]] = field(
        default_factory=dict, repr=False, compare=False
    )
    """The catalogue's named conditions, which the check may `use` (shared, not copied)."""

    def locate(self, path: tuple[str | int, ...]) -> Location:
        return _locate(self.location, self.source_marks, path)

    def remediation_for(self, platform: str) -> str:
        """The general steps, then where to find the setting on this platform if we know it."""
        specific = self.remediation_by_platform.get(platform)
        return f"{self.remediation}\n{platform}: {specific}" if specific else self.remediation

    def severity_for(self, tier: str | None) -> Severity:
        return self.severity_by_tier.get(tier or "", self.severity)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One fact a check looked at: the path read, the value found (redacted where personal),
    what was expected, and whether this fact held."""

    path: str
    actual: Any
    expected: str
    outcome: Status
    source: str = ""
    """Where the fact was stated when the account inherits it ("stated for the agency at
    inventory.yaml:12"); empty when the account states it."""
    decisive: bool = True
    """False for a fact that was read but did not decide the outcome: the branch of an
    either/or that was not needed, say."""


@dataclass(frozen=True, slots=True)
class Waiver:
    """An accepted exception: one control, exact account ids, an approver, and an expiry."""

    id: str
    control_id: str
    accounts: tuple[str, ...]
    kind: str
    justification: str
    approver_name: str
    approver_role: str
    ticket: str
    granted_on: dt.date
    expires_on: dt.date
    location: Location


@dataclass(frozen=True, slots=True)
class Finding:
    control_id: str
    account_id: str
    platform: str
    status: Status
    severity: Severity
    message: str
    evidence: tuple[Evidence, ...]
    location: Location
    """Where the account is written."""
    field_place: int
    """Where the field that decided the outcome is written, in the account's file, packed (see
    marks.py); 0 when no field decided it. Packed, because a large run has a million findings:
    `field_location` unpacks it."""
    original_status: Status | None = None
    """For a waived finding: what it was before the waiver (fail or error)."""
    waiver: Waiver | None = None
    """The waiver that covers it, or, when `waiver_expired`, the one that no longer does."""
    waiver_expired: bool = False

    @property
    def field_location(self) -> Location | None:
        """Where the field that decided the outcome is written, when one did."""
        if not self.field_place:
            return None
        return Location(self.location.file, *unpack(self.field_place))

    @property
    def fingerprint(self) -> str:
        """The finding's identity across runs (worked out when asked: see `fingerprint`)."""
        return fingerprint(self.control_id, self.account_id)


@dataclass(frozen=True, slots=True)
class RunInfo:
    id: str
    as_of: dt.date
    started_at: dt.datetime
    profile: str
    catalogue_version: str
    parameters: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Report:
    run: RunInfo
    inventory: Inventory
    controls: tuple[Control, ...]
    findings: tuple[Finding, ...]
    """Every finding that is not a pass, plus the passes when they were asked for."""
    counts: Mapping[Status, int]
    counts_by_control: Mapping[str, Mapping[Status, int]]
    counts_by_severity: Mapping[Severity, Mapping[Status, int]]
    passes_listed: bool
    unused_waivers: tuple[Waiver, ...] = ()
    not_applicable: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """The accounts each control did not apply to, in inventory order."""
    overlapping_waivers: tuple[tuple[Waiver, Waiver], ...] = ()
    """Pairs of waivers of the same control and account whose periods overlap."""

    @property
    def expired_waivers(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.waiver_expired)

    def without_passes(self) -> Report:
        """The same run with only the findings that need attention listed (fail and error)."""
        if not self.passes_listed:
            return self
        attention = (Status.FAIL, Status.ERROR, Status.WAIVED)
        keep = tuple(f for f in self.findings if f.status in attention)
        return dataclasses.replace(self, findings=keep, passes_listed=False)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, status: Status) -> int:
        return self.counts.get(status, 0)

    def failed_at_or_above(self, threshold: Severity) -> int:
        return sum(
            counts.get(Status.FAIL, 0)
            for severity, counts in self.counts_by_severity.items()
            if severity.rank >= threshold.rank
        )
