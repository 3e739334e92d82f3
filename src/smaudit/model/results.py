"""What a run found: outcomes, evidence, waivers, findings and the report."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from smaudit.model.controls import Control, Severity
from smaudit.model.inventory import Inventory
from smaudit.model.places import Location
from smaudit.reading.marks import unpack


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


def fingerprint(control_id: str, account_id: str) -> str:
    """Stable across runs and edits of the file: only the control and account ids go in."""
    return hashlib.sha256(f"{control_id}\0{account_id}".encode()).hexdigest()[:32]


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

    def failed_at_or_above(self, threshold: Severity, status: Status = Status.FAIL) -> int:
        """How many evaluations of controls at or above `threshold` (the run's severities,
        after the profile's) ended in `status`."""
        return sum(
            counts.get(status, 0)
            for severity, counts in self.counts_by_severity.items()
            if severity.rank >= threshold.rank
        )
