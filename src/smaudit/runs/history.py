"""The run history read back: every recorded run with its counts, one run's findings, and the
views `smaudit history` writes (timelines.py follows each finding across the runs)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from smaudit.errors import InputError
from smaudit.model import Severity, Status
from smaudit.runs.store import open_history


@dataclass(frozen=True, slots=True)
class RunRow:
    run_id: str
    as_of: dt.date
    started_at: str
    profile: str
    catalogue_version: str
    tool_version: str
    accounts: int
    controls: int
    counts: Mapping[Status, int]
    failed_by_severity: Mapping[Severity, int]

    @property
    def pass_rate(self) -> float | None:
        """Passed over evaluations that applied: not assessed and waived count against it."""
        applied = sum(n for s, n in self.counts.items() if s is not Status.NOT_APPLICABLE)
        return self.counts.get(Status.PASS, 0) / applied if applied else None


@dataclass(frozen=True, slots=True)
class StoredFinding:
    fingerprint: str
    control_id: str
    account_id: str
    status: Status
    original_status: Status | None
    severity: Severity
    message: str
    waiver_id: str | None


class Standing(StrEnum):
    """Where a finding stands in the latest run."""

    OPEN = "open"
    FIXED = "fixed"
    NOT_ASSESSED = "not_assessed"
    NOT_APPLICABLE = "not_applicable"
    """The control no longer applies to the account (its MFA was switched off, say): not a fix."""
    OUT_OF_SCOPE = "out_of_scope"
    """Its account or control is no longer evaluated: neither fixed nor still failing."""


@dataclass(frozen=True, slots=True)
class Timeline:
    """One finding over every recorded run. Failing includes waived: a waiver accepts a failure
    for a while, it does not fix it."""

    fingerprint: str
    control_id: str
    account_id: str
    severity: Severity
    standing: Standing
    first_seen: dt.date
    last_seen: dt.date
    """The last run in which it was failing."""
    fixed_on: dt.date | None
    """The first run after the last failing one in which it passed or no longer applied."""
    days_to_fix: int | None
    """From the start of the failing streak that fix ended; a regression starts a new streak."""
    streaks: int


@dataclass(frozen=True)
class RunList:
    """`smaudit history`: every recorded run."""

    runs: tuple[RunRow, ...]


@dataclass(frozen=True)
class RunFindings:
    """`smaudit history --run ID`: one run and the findings it listed."""

    run: RunRow
    findings: tuple[StoredFinding, ...]


@dataclass(frozen=True)
class FindingTimelines:
    """`smaudit history --findings`: each finding that ever failed, over the runs."""

    timelines: tuple[Timeline, ...]


HistoryView = RunList | RunFindings | FindingTimelines
"""What a history format writes: one of the three views."""


def list_runs(db_path: Path) -> tuple[RunRow, ...]:
    """Every recorded run, oldest first."""
    with open_history(db_path, create=False) as conn:
        return _runs(conn)


def _runs(conn: sqlite3.Connection, seq: int | None = None) -> tuple[RunRow, ...]:
    counts = _counts(conn)
    rows = conn.execute(
        "SELECT seq, run_id, as_of, started_at, profile, catalogue_version, tool_version,"
        " accounts, controls FROM runs WHERE ? IS NULL OR seq = ?"
        " ORDER BY as_of, started_at, seq",
        (seq, seq),
    ).fetchall()
    return tuple(_run_row(row, counts.get(row[0], {})) for row in rows)


_Counts = dict[tuple[str, str, str], int]


def _counts(conn: sqlite3.Connection) -> dict[int, _Counts]:
    counts: dict[int, _Counts] = {}
    for seq, dimension, key, status, count in conn.execute(
        "SELECT seq, dimension, key, status, count FROM run_counts WHERE dimension != 'control'"
    ):
        counts.setdefault(seq, {})[(dimension, key, status)] = count
    return counts


def _run_row(row: tuple[Any, ...], counts: _Counts) -> RunRow:
    _, run_id, as_of, started_at, profile, catalogue, tool, accounts, controls = row
    return RunRow(
        run_id=run_id,
        as_of=dt.date.fromisoformat(as_of),
        started_at=started_at,
        profile=profile,
        catalogue_version=catalogue,
        tool_version=tool,
        accounts=accounts,
        controls=controls,
        counts={s: counts.get(("total", "", s.value), 0) for s in Status},
        failed_by_severity={
            s: counts.get(("severity", s.value, Status.FAIL.value), 0) for s in reversed(Severity)
        },
    )


def run_findings(db_path: Path, run: str) -> tuple[RunRow, tuple[StoredFinding, ...]]:
    """One run (by id, or a prefix of it that names one run) and the findings it listed."""
    with open_history(db_path, create=False) as conn:
        seq = resolve_run(conn, db_path, run)
        summary = _runs(conn, seq)[0]
        rows = conn.execute(
            "SELECT fingerprint, control_id, account_id, status, original_status, severity,"
            " message, waiver_id FROM findings WHERE seq = ?",
            (seq,),
        ).fetchall()
    findings = sorted((_stored(row) for row in rows), key=_worst_first)
    return summary, tuple(findings)


def resolve_run(conn: sqlite3.Connection, db_path: Path, run: str) -> int:
    pattern = run.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    found = conn.execute(
        "SELECT seq, run_id FROM runs WHERE run_id = ? OR run_id LIKE ? ESCAPE '\\' LIMIT 3",
        (run, pattern),
    ).fetchall()
    exact = [row for row in found if row[1] == run]
    if exact or len(found) == 1:
        return int((exact or found)[0][0])
    problem = "no recorded run" if not found else "several recorded runs"
    raise InputError.at(str(db_path), 0, 0, f"--run {run}: {problem} with this id")


def _stored(row: tuple[Any, ...]) -> StoredFinding:
    fingerprint, control, account, status, original, severity, message, waiver = row
    return StoredFinding(
        fingerprint,
        control,
        account,
        Status(status),
        Status(original) if original else None,
        Severity(severity),
        message,
        waiver,
    )


_STATUS_ORDER = {s: i for i, s in enumerate((Status.FAIL, Status.ERROR, Status.WAIVED))}


def _worst_first(f: StoredFinding) -> tuple[int, int, str, str]:
    return (_STATUS_ORDER.get(f.status, 9), -f.severity.rank, f.control_id, f.account_id)
