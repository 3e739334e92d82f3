"""A control as the catalogue states it: its rule, severity, strength, scope and sources."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from smaudit.model.places import Location, locate
from smaudit.reading.marks import MarkTable


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


class Strength(StrEnum):
    SHALL = "SHALL"
    SHOULD = "SHOULD"


# By value, for readers of stored or transferred findings: a dict lookup, where calling the enum
# (Status("fail")) is several times slower in a loop over hundreds of thousands of them.
SEVERITY_BY_VALUE = {severity.value: severity for severity in Severity}


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
        return locate(self.location, self.source_marks, path)

    def remediation_for(self, platform: str) -> str:
        """The general steps, then where to find the setting on this platform if we know it."""
        specific = self.remediation_by_platform.get(platform)
        return f"{self.remediation}\n{platform}: {specific}" if specific else self.remediation

    def severity_for(self, tier: str | None) -> Severity:
        return self.severity_by_tier.get(tier or "", self.severity)
