"""The HTML report's view model: frozen, plain text and numbers only, what the template shows.

Nothing here is markup: the template writes every tag and Jinja2 escapes every value."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Figure:
    """One number on a card or in the "since the last run" strip."""

    key: str
    """A stable name (`fail-critical`, `error`): the `data-figure` tests and scripts read."""
    label: str
    value: int
    tone: str
    """Which colour the card's edge takes (a severity or status); the label always says it."""


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact a check read that did not hold: where, what was found, what was expected."""

    path: str
    found: str
    expected: str
    source: str


@dataclass(frozen=True, slots=True)
class FindingRow:
    account_id: str
    platform: str
    severity: str
    status: str
    """Words, never a colour alone: "Failed", "Not assessed", "Waived"."""
    tone: str
    message: str
    place: str
    """`inventory/agency.yaml:26`: the field that decided it, else the account."""
    facts: tuple[Fact, ...]
    waiver: str


@dataclass(frozen=True, slots=True)
class ControlSection:
    id: str
    anchor: str
    title: str
    statement: str
    rationale: str
    strength: str
    strength_words: str
    severity: str
    family: str
    nist: tuple[str, ...]
    sources: tuple[str, ...]
    remediation: str
    platform_steps: tuple[tuple[str, str], ...]
    failed: int
    not_assessed: int
    waived: int
    rows: tuple[FindingRow, ...]
    more: int
    """Findings of this control not listed here (over the cap): the JSON feed lists them."""


@dataclass(frozen=True, slots=True)
class RollupRow:
    name: str
    accounts: int
    failing: int
    """Accounts with at least one failure (not waived)."""
    unassessed: int
    """Accounts with at least one control that could not be assessed."""
    clear: int
    """Accounts with neither: every control that applies passed or is waived."""
    failed: int
    """Failed checks (control x account) in the group."""
    not_assessed: int


@dataclass(frozen=True, slots=True)
class Rollup:
    key: str
    title: str
    column: str
    """What a row is: "Office", "Owner"."""
    rows: tuple[RollupRow, ...]
    total: RollupRow
    more: int
    """Groups left out of the table (over the cap); they are counted in the total."""


@dataclass(frozen=True, slots=True)
class WaiverRow:
    id: str
    anchor: str
    control_id: str
    accounts: str
    kind: str
    approver: str
    ticket: str
    granted_on: str
    expires_on: str
    state: str
    tone: str
    justification: str


@dataclass(frozen=True, slots=True)
class WorkItem:
    account_id: str
    platform: str
    place: str
    controls: tuple[str, ...]
    missing: tuple[str, ...]
    """The fields that are missing or unusable, as paths (`mfa.enabled`)."""


@dataclass(frozen=True, slots=True)
class OwnerWork:
    owner: str
    anchor: str
    accounts: int
    checks: int
    items: tuple[WorkItem, ...]
    more: int


@dataclass(frozen=True, slots=True)
class Change:
    category: str
    severity: str
    control_id: str
    account_id: str
    message: str


@dataclass(frozen=True, slots=True)
class Since:
    """What changed since `--baseline`: the drift the CLI worked out, in figures and rows."""

    old_run: str
    old_as_of: str
    figures: tuple[Figure, ...]
    changes: tuple[Change, ...]
    more: int
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Run:
    agency: str
    inventory: str
    profile: str
    catalogue: str
    as_of: str
    run_id: str
    started_at: str
    accounts: int
    controls: int
    version: str


@dataclass(frozen=True, slots=True)
class ReportView:
    run: Run
    verdict: str
    cards: tuple[Figure, ...]
    severities: tuple[Figure, ...]
    not_applicable: int
    since: Since | None
    expiring_soon: tuple[WaiverRow, ...]
    rollups: tuple[Rollup, ...]
    controls: tuple[ControlSection, ...]
    quiet_controls: tuple[tuple[str, str], ...]
    """Controls with nothing to act on (every account passed, or none applied): id, title."""
    waivers: tuple[WaiverRow, ...]
    waivers_more: int
    overlapping_waivers: int
    worklist: tuple[OwnerWork, ...]
    worklist_more: int
    unassessed_accounts: int
    caps: Caps


@dataclass(frozen=True, slots=True)
class Caps:
    """How many rows each part lists at most, so the page says where it stops."""

    rows_per_control: int
    groups_per_rollup: int
    accounts_per_owner: int
    owners: int
    changes: int
    waivers: int
    expiring_soon_days: int
    """A waiver in force that lapses within this many days is "expiring soon"."""
