"""Drift between two runs: what can change (worst first), and what it means for the exit code."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from smaudit.exitcodes import ExitCode
from smaudit.model import Severity, Status
from smaudit.runs.feed import FeedRun


class Category(StrEnum):
    """What happened between the two runs, in the order reports show them: worst first."""

    NEW_FAILURE = "new_failure"
    WAIVER_EXPIRED = "waiver_expired"
    NEWLY_NOT_ASSESSED = "newly_not_assessed"
    STILL_FAILING = "still_failing"
    NEWLY_WAIVED = "newly_waived"
    NO_LONGER_APPLIES = "no_longer_applies"
    """It stopped failing because the control no longer applies: neither fixed nor worse."""
    ACCOUNT_REMOVED = "account_removed"
    CONTROL_REMOVED = "control_removed"
    ACCOUNT_ADDED = "account_added"
    CONTROL_ADDED = "control_added"
    FIXED = "fixed"

    @property
    def heading(self) -> str:
        """E.g. "New failures"."""
        return _LABELS[self][1].capitalize()

    @property
    def worse(self) -> bool:
        """Something got worse: what `--fail-on-new` gates on."""
        return self in (Category.NEW_FAILURE, Category.WAIVER_EXPIRED, Category.NEWLY_NOT_ASSESSED)


_ORDER = {c: i for i, c in enumerate(Category)}


@dataclass(frozen=True, slots=True)
class Entry:
    """One change. Account and control entries have no fingerprint, statuses or severity."""

    category: Category
    control_id: str | None
    account_id: str | None
    severity: Severity | None
    message: str
    fingerprint: str | None = None
    old_status: Status | None = None
    new_status: Status | None = None
    """None when the finding is not listed in that run (passed, or out of scope)."""


@dataclass(frozen=True)
class Drift:
    old: FeedRun
    new: FeedRun
    entries: tuple[Entry, ...]
    notes: tuple[str, ...]
    """Caveats a reader needs: inferred account lists, different profiles, swapped files."""

    def count(self, category: Category) -> int:
        return sum(1 for e in self.entries if e.category is category)

    def worse(self, threshold: Severity) -> tuple[Entry, ...]:
        """Entries that got worse at or above `threshold`."""
        return tuple(
            e
            for e in self.entries
            if e.category.worse and e.severity is not None and e.severity.rank >= threshold.rank
        )


def gate(drift: Drift, fail_on_new: bool, fail_on: Severity) -> ExitCode:
    """Exit code for `--fail-on-new`: 1 when a new failure or an expired waiver is at or above
    `fail_on`; else 3 when something at or above it newly could not be assessed; else 0.
    Without `--fail-on-new` drift only informs, and the code is 0."""
    if not fail_on_new:
        return ExitCode.CLEAN
    worse = drift.worse(fail_on)
    if any(e.category is not Category.NEWLY_NOT_ASSESSED for e in worse):
        return ExitCode.FINDINGS
    return ExitCode.NOT_ASSESSED if worse else ExitCode.CLEAN


def summary_line(drift: Drift) -> str:
    """E.g. `2026-11-19 -> 2026-11-20: 1 new failure, 1 fixed, 4 still failing`."""
    span = f"{drift.old.as_of.isoformat()} -> {drift.new.as_of.isoformat()}"
    counts = Counter(e.category for e in drift.entries)
    parts = [f"{counts[c]} {_label(c, counts[c])}" for c in Category if counts[c]]
    return f"{span}: {', '.join(parts) if parts else 'no changes'}"


def _label(category: Category, count: int) -> str:
    singular, plural = _LABELS[category]
    return singular if count == 1 else plural


_LABELS = {
    Category.NEW_FAILURE: ("new failure", "new failures"),
    Category.WAIVER_EXPIRED: ("waiver expired", "waivers expired"),
    Category.NEWLY_NOT_ASSESSED: ("newly not assessed", "newly not assessed"),
    Category.STILL_FAILING: ("still failing", "still failing"),
    Category.NEWLY_WAIVED: ("newly waived", "newly waived"),
    Category.NO_LONGER_APPLIES: ("no longer applies", "no longer apply"),
    Category.ACCOUNT_REMOVED: ("account removed", "accounts removed"),
    Category.CONTROL_REMOVED: ("control removed", "controls removed"),
    Category.ACCOUNT_ADDED: ("account added", "accounts added"),
    Category.CONTROL_ADDED: ("control added", "controls added"),
    Category.FIXED: ("fixed", "fixed"),
}


def entry_order(entry: Entry) -> tuple[int, int, str, str]:
    rank = entry.severity.rank if entry.severity else -1
    return (_ORDER[entry.category], -rank, entry.control_id or "", entry.account_id or "")
