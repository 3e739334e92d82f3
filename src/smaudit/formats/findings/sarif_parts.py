"""How a run's findings are laid out in SARIF runs so that GitHub keeps every one of them.

GitHub code scanning accepts at most 20 runs a file and 25,000 results a run, but stores and
shows only the 5,000 most severe results of a run: any result past that is not stored, and its
alert closes as if fixed. So smaudit writes every run within 5,000 results, by two rules that
depend on nothing but each finding's control, account and severity:

1. Parts. Results go into PARTS runs, each its own GitHub category, by their fingerprint
   (control id and account id): a result stays in its part whatever else the inventory holds,
   and every part is written on every run, empty or not, so that GitHub closes the alerts of
   a part when they are fixed.
2. Detail by severity. Each finding is its own result, and so its own alert, for the most
   severe severities that fit: critical first, then high, medium, low and info, each only while
   every part stays within 5,000 results. Below the first severity that does not fit, each
   control's findings at that severity become one result (a roll-up, one for the open findings
   and one for the waived) that names how many accounts it stands for and lists every one of
   them. A roll-up is an alert, so nothing closes silently; the detail is in the listing and in
   smaudit's other formats.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from smaudit.formats.findings.sarif_rules import rule_id
from smaudit.model import Finding, Severity, Status
from smaudit.model.results import fingerprint

PARTS = 20
"""GitHub's limit on runs a file; each part is one run (and one GitHub category)."""
RESULTS_PER_RUN = 5_000
"""The results of a run that GitHub stores (it accepts 25,000 and drops the rest)."""
LISTED = (Status.FAIL, Status.ERROR, Status.WAIVED)
"""What becomes a result: failures, findings that could not be assessed, and waived ones."""
WORST_FIRST = sorted(Severity, key=lambda s: s.rank, reverse=True)


@dataclass(frozen=True, slots=True)
class RollUp:
    """The findings of one control at one severity, open or waived, as a single result."""

    control_id: str
    severity: Severity
    waived: bool
    findings: tuple[Finding, ...]

    @property
    def fingerprint(self) -> str:
        return fingerprint(rule_id(self.control_id, self.severity), _kind(self.waived))


Entry = Finding | RollUp


@dataclass(frozen=True, slots=True)
class Layout:
    parts: tuple[tuple[Entry, ...], ...]
    """The results of each part, in the report's order, roll-ups last."""
    detailed: tuple[Severity, ...]
    """The severities listed one result per finding; the others are rolled up per control."""


def layout(findings: Sequence[Finding], parts: int = PARTS) -> Layout:
    listed = [f for f in findings if f.status in LISTED]
    part_of = {id(f): part(f.fingerprint, parts) for f in listed}
    by_severity = {s: Counter(part_of[id(f)] for f in listed if f.severity is s) for s in Severity}
    for depth in range(len(WORST_FIRST), -1, -1):
        detailed = WORST_FIRST[:depth]
        rollups = _roll_up([f for f in listed if f.severity not in detailed])
        counts = Counter(part(r.fingerprint, parts) for r in rollups)
        for severity in detailed:
            counts.update(by_severity[severity])
        if max(counts.values(), default=0) <= RESULTS_PER_RUN:
            return _assemble(listed, detailed, rollups, part_of, parts)
    # one roll-up per control, severity and kind: thousands of controls would be needed
    raise AssertionError("even rolled up per control, the results exceed GitHub's limits")


def part(fingerprint: str, parts: int = PARTS) -> int:
    """The part (0-based) a result belongs to, from its fingerprint alone."""
    return int(fingerprint, 16) % parts


def _kind(waived: bool) -> str:
    return "*waived" if waived else "*open"


def _roll_up(findings: Sequence[Finding]) -> list[RollUp]:
    groups: dict[tuple[str, Severity, bool], list[Finding]] = {}
    for finding in findings:
        key = (finding.control_id, finding.severity, finding.status is Status.WAIVED)
        groups.setdefault(key, []).append(finding)
    return [RollUp(c, s, w, tuple(group)) for (c, s, w), group in groups.items()]


def _assemble(
    listed: list[Finding],
    detailed: list[Severity],
    rollups: list[RollUp],
    part_of: dict[int, int],
    parts: int,
) -> Layout:
    entries: list[list[Entry]] = [[] for _ in range(parts)]
    for finding in listed:
        if finding.severity in detailed:
            entries[part_of[id(finding)]].append(finding)
    for rollup in rollups:
        entries[part(rollup.fingerprint, parts)].append(rollup)
    return Layout(tuple(tuple(e) for e in entries), tuple(detailed))
