"""The run history: record a run in one transaction; list runs, a run's findings, and when each
finding was first seen, last seen failing and fixed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

from smaudit.errors import InputError
from smaudit.model import SEVERITY_BY_VALUE, STATUS_BY_VALUE, Severity, Status
from smaudit.model import fingerprint as fingerprintof
from smaudit.runs.feed import FAILING, Feed, parse_feed, validate_document
from smaudit.runs.store import open_history, transaction


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


def record(db_path: Path, document: Mapping[str, Any]) -> str:
    """Check a feed document and record it; returns the run id."""
    validate_document(document, "findings feed")
    return record_feed(db_path, parse_feed(document, "findings feed"))


def record_feed(db_path: Path, feed: Feed) -> str:
    """Record the run and every listed finding in one transaction: all of it, or nothing."""
    with open_history(db_path, create=True) as conn, transaction(conn):
        if conn.execute("SELECT 1 FROM runs WHERE run_id = ?", (feed.run.id,)).fetchone():
            raise InputError.at(str(db_path), 0, 0, f"run {feed.run.id} is already recorded")
        seq = _insert_run(conn, feed)
        _insert_counts(conn, seq, feed)
        _insert_findings(conn, seq, feed)
        _insert_not_applicable(conn, seq, feed)
    return feed.run.id


def _insert_run(conn: sqlite3.Connection, feed: Feed) -> int:
    run = feed.run
    ids = json.dumps(sorted(feed.accounts), ensure_ascii=False)
    account_set = hashlib.sha256(ids.encode()).hexdigest()
    conn.execute("INSERT OR IGNORE INTO account_sets VALUES (?, ?)", (account_set, ids))
    cursor = conn.execute(
        "INSERT INTO runs (run_id, as_of, started_at, recorded_at, profile, catalogue_version,"
        " inventory_sha256, tool_version, feed_schema_version, parameters, passes_listed,"
        " account_set, accounts_complete, accounts, controls)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            run.id,
            run.as_of.isoformat(),
            run.started_at,
            dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            run.profile,
            run.catalogue_version,
            run.inventory_sha256,
            run.tool_version,
            run.schema_version,
            json.dumps(run.parameters, sort_keys=True, ensure_ascii=False, default=str),
            run.passes_listed,
            account_set,
            feed.accounts_complete,
            len(feed.accounts),
            len(feed.controls),
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _count_rows(seq: int, feed: Feed) -> Iterator[tuple[int, str, str, str, int]]:
    for status, count in feed.counts.items():
        yield seq, "total", "", status.value, count
    for severity, counts in feed.by_severity.items():
        for status, count in counts.items():
            yield seq, "severity", severity.value, status.value, count
    for control, counts in feed.by_control.items():
        for status, count in counts.items():
            yield seq, "control", control, status.value, count


def _insert_counts(conn: sqlite3.Connection, seq: int, feed: Feed) -> None:
    conn.executemany("INSERT INTO run_counts VALUES (?, ?, ?, ?, ?)", _count_rows(seq, feed))


def _insert_findings(conn: sqlite3.Connection, seq: int, feed: Feed) -> None:
    conn.executemany(
        "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                seq,
                f.fingerprint,
                f.control_id,
                f.account_id,
                f.status.value,
                f.original_status.value if f.original_status else None,
                f.severity.value,
                f.message,
                f.waiver.id if f.waiver else None,
            )
            for f in feed.findings
        ),
    )


def _insert_not_applicable(conn: sqlite3.Connection, seq: int, feed: Feed) -> None:
    if feed.not_applicable is None:
        return  # a feed of schema 1.0: it does not say
    conn.execute("UPDATE runs SET not_applicable_known = 1 WHERE seq = ?", (seq,))
    listed = {f.fingerprint for f in feed.findings}  # listed ones say it themselves
    conn.executemany(
        "INSERT INTO not_applicable VALUES (?, ?)",
        (
            (seq, print_)
            for control, account in sorted(feed.not_applicable)
            if (print_ := fingerprintof(control, account)) not in listed
        ),
    )


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
        seq = _resolve(conn, db_path, run)
        summary = _runs(conn, seq)[0]
        rows = conn.execute(
            "SELECT fingerprint, control_id, account_id, status, original_status, severity,"
            " message, waiver_id FROM findings WHERE seq = ?",
            (seq,),
        ).fetchall()
    findings = sorted((_stored(row) for row in rows), key=_worst_first)
    return summary, tuple(findings)


def _resolve(conn: sqlite3.Connection, db_path: Path, run: str) -> int:
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
        seq = _resolve(conn, db_path, run) if run is not None else None
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
