"""Where each OCSF finding is in its life: created, updated or closed, and its own status.

A SIEM keeps one record per finding (`finding_info.uid`, smaudit's fingerprint) and follows
it through the events it receives: AWS Security Hub, for one, holds every finding whose last
activity is not Close as active. Without a baseline smaudit cannot tell a new failure from an
old one, so every open finding is a Create; with `--baseline` a finding that was already open
there is an Update, and one that is no longer open is closed by an event of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from smaudit.model import Finding, Status
from smaudit.runs.drift import Category, Drift, Entry

CREATE, UPDATE, CLOSE = 1, 2, 3
ACTIVITY_NAMES = {CREATE: "Create", UPDATE: "Update", CLOSE: "Close"}

# The finding's own status_id (OCSF 1.5.0): where it is in review, not what the check found.
NEW, SUPPRESSED, RESOLVED, ARCHIVED = 1, 3, 4, 5
STATUS_NAMES = {NEW: "New", SUPPRESSED: "Suppressed", RESOLVED: "Resolved", ARCHIVED: "Archived"}

_OPEN = (Status.FAIL, Status.ERROR, Status.WAIVED)
# Drift categories that end a finding: fixed (it passes now), or the control stopped applying
# to the account (not a fix, but smaudit no longer reports the finding: left open, a SIEM would
# show it as active for good).
_CLOSING = {Category.FIXED: RESOLVED, Category.NO_LONGER_APPLIES: ARCHIVED}


@dataclass(frozen=True)
class Stage:
    activity_id: int
    status_id: int

    @property
    def activity(self) -> str:
        return ACTIVITY_NAMES[self.activity_id]

    @property
    def status(self) -> str:
        return STATUS_NAMES[self.status_id]


class Lifecycle:
    """Each finding's stage in this run, from the drift since the baseline (None: no baseline)."""

    def __init__(self, drift: Drift | None) -> None:
        self.baseline = drift is not None
        entries = drift.entries if drift is not None else ()
        by_fingerprint = {e.fingerprint: e for e in entries if e.fingerprint is not None}
        # an open finding the drift lists as having been listed but not open then (passed,
        # out of scope, new control or account) is new; one it does not list is unchanged
        self._opened = {
            fingerprint
            for fingerprint, entry in by_fingerprint.items()
            if entry.old_status not in _OPEN
        }
        self.closings = tuple(e for e in entries if e.category in _CLOSING)
        """The findings this run closes, in the drift's order (worst first)."""

    def stage(self, finding: Finding) -> Stage:
        """A pass is a closed, resolved finding (listed only with --include-passed): what a
        SIEM must not count as active. A waived failure stays open but suppressed."""
        if finding.status is Status.PASS:
            return Stage(CLOSE, RESOLVED)
        status_id = SUPPRESSED if finding.status is Status.WAIVED else NEW
        if self.baseline and finding.fingerprint not in self._opened:
            return Stage(UPDATE, status_id)
        return Stage(CREATE, status_id)


def closing_stage(entry: Entry) -> Stage:
    return Stage(CLOSE, _CLOSING[entry.category])


def is_fix(entry: Entry) -> bool:
    return entry.category is Category.FIXED
