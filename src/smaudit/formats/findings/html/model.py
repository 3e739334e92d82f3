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
    trend: Trend | None
    """None when the run keeps no history (`--history`)."""
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
    runs: int
    """The trend's last runs shown."""


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One run's figures: a row of the trend's table."""

    run_id: str
    as_of: str
    accounts: int
    failed: int
    by_severity: tuple[int, ...]
    """Failed checks by severity, in the order of Trend.severities."""
    not_assessed: int
    waived: int
    passed: int
    pass_rate: str
    """Passed over the checks that applied, as a percentage; "n/a" when none applied."""
    this_run: bool


@dataclass(frozen=True, slots=True)
class Series:
    """One line of the chart, in the chart's own coordinates."""

    key: str
    label: str
    marker: str
    """"circle" or "square": with the dash, what tells the lines apart besides colour."""
    points: str
    """The polyline's `points` attribute: "x,y x,y ..."."""
    markers: tuple[tuple[float, float], ...]
    last: int
    """The latest run's value, written at the line's end."""
    last_y: float


@dataclass(frozen=True, slots=True)
class Tick:
    label: str
    at: float
    """Where on its axis, in the chart's coordinates."""


@dataclass(frozen=True, slots=True)
class Trend:
    """The runs recorded in `--history` and this one, oldest first, at most trend.MAX_RUNS."""

    points: tuple[TrendPoint, ...]
    severities: tuple[str, ...]
    """The severities of TrendPoint.by_severity, critical first."""
    earlier: int
    """Recorded runs older than the first shown."""
    series: tuple[Series, ...]
    ticks: tuple[Tick, ...]
    """The value axis: 0 to the top, in five steps."""
    dates: tuple[Tick, ...]
    summary: str
    """The chart in one sentence, its text alternative."""
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
