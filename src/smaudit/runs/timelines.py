"""Each finding over the recorded runs: first and last seen failing, fixed on, days to fix."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from smaudit.model import SEVERITY_BY_VALUE, STATUS_BY_VALUE, Severity, Status
from smaudit.runs.feed import FAILING
from smaudit.runs.history import Standing, Timeline, resolve_run
from smaudit.runs.store import open_history


@dataclass(frozen=True, slots=True)
class _RunScope:
    seq: int
    as_of: dt.date
    controls: frozenset[str]
    accounts: frozenset[str] | None
    """None when the run's feed did not list its accounts: absent findings count as passing."""

    outside: frozenset[str] | None = None
    """The fingerprints the run's controls did not apply to; None when the run did not say."""

    def evaluates(self, control_id: str, account_id: str) -> bool:
        accounts_ok = self.accounts is None or account_id in self.accounts
        return control_id in self.controls and accounts_ok


def timelines(db_path: Path, run: str | None = None) -> tuple[Timeline, ...]:
    """Every finding that ever failed (or only those failing in `run`), open ones first."""
    with open_history(db_path, create=False) as conn:
        seq = resolve_run(conn, db_path, run) if run is not None else None
        scopes = _scopes(conn)
        rows = conn.execute(
            "SELECT fingerprint, seq, control_id, account_id, status, severity FROM findings"
            " WHERE fingerprint IN (SELECT fingerprint FROM findings"
            "  WHERE status IN ('fail', 'waived') AND (? IS NULL OR seq = ?))",
            (seq, seq),
        ).fetchall()
    by_fingerprint: dict[str, dict[int, _Listed]] = {}
    for fingerprint, seq_, control, account, status, severity in rows:
        listed = _Listed(control, account, STATUS_BY_VALUE[status], SEVERITY_BY_VALUE[severity])
        by_fingerprint.setdefault(fingerprint, {})[seq_] = listed
    found = [_timeline(fp, by_run, scopes) for fp, by_run in by_fingerprint.items()]
    return tuple(sorted(found, key=_timeline_order))


class _Listed(NamedTuple):
    control_id: str
    account_id: str
    status: Status
    severity: Severity


def _scopes(conn: sqlite3.Connection) -> list[_RunScope]:
    controls: dict[int, set[str]] = {}
    for seq, control in conn.execute(
        "SELECT DISTINCT seq, key FROM run_counts WHERE dimension = 'control'"
    ):
        controls.setdefault(seq, set()).add(control)
    sets = {
        sha: frozenset(json.loads(ids)) for sha, ids in conn.execute("SELECT * FROM account_sets")
    }
    outside: dict[int, set[str]] = {}
    for seq, print_ in conn.execute("SELECT seq, fingerprint FROM not_applicable"):
        outside.setdefault(seq, set()).add(print_)
    return [
        _RunScope(
            seq,
            dt.date.fromisoformat(as_of),
            frozenset(controls.get(seq, ())),
            sets[account_set] if complete else None,
            frozenset(outside.get(seq, ())) if known else None,
        )
        for seq, as_of, account_set, complete, known in conn.execute(
            "SELECT seq, as_of, account_set, accounts_complete, not_applicable_known FROM runs"
            " ORDER BY as_of, started_at, seq"
        )
    ]


def _timeline(fingerprint: str, by_run: Mapping[int, _Listed], scopes: list[_RunScope]) -> Timeline:
    control, account, _, severity = next(iter(by_run.values()))
    failing: list[dt.date] = []
    opened: dt.date | None = None
    fixed: dt.date | None = None
    days: int | None = None
    streaks, standing = 0, Standing.OUT_OF_SCOPE
    for scope in scopes:
        listed = by_run.get(scope.seq)
        severity = listed.severity if listed else severity
        standing = _standing(
            listed.status if listed else None, scope, fingerprint, control, account
        )
        if standing is Standing.OPEN:
            failing.append(scope.as_of)
            if opened is None:
                opened, fixed, days, streaks = scope.as_of, None, None, streaks + 1
        elif standing is Standing.FIXED and opened is not None:
            fixed, days, opened = scope.as_of, (scope.as_of - opened).days, None
    return Timeline(
        fingerprint,
        control,
        account,
        severity,
        standing,
        failing[0],
        failing[-1],
        fixed,
        days,
        streaks,
    )


def _standing(
    status: Status | None, scope: _RunScope, fingerprint: str, control: str, account: str
) -> Standing:
    if status in FAILING:
        return Standing.OPEN
    if status is Status.ERROR:
        return Standing.NOT_ASSESSED
    if status is Status.NOT_APPLICABLE:
        return Standing.NOT_APPLICABLE
    if status is Status.PASS:
        return Standing.FIXED
    if not scope.evaluates(control, account):
        return Standing.OUT_OF_SCOPE
    if scope.outside is not None and fingerprint in scope.outside:
        return Standing.NOT_APPLICABLE
    # evaluated and not listed: it passed (in a run that does not say which, or applied)
    return Standing.FIXED


_STANDING_ORDER = {s: i for i, s in enumerate(Standing)}


def _timeline_order(t: Timeline) -> tuple[int, int, str, str]:
    return (_STANDING_ORDER[t.standing], -t.severity.rank, t.control_id, t.account_id)
