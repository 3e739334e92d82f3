"""Recording a run in the history: the run, its counts and its findings in one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from smaudit.errors import InputError
from smaudit.model import fingerprint as fingerprintof
from smaudit.runs.feed import Feed, parse_feed, validate_document
from smaudit.runs.store import open_history, transaction


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
