"""The history store: recording runs whole or not at all, concurrent writers, migrations, and
the queries behind `smaudit history`."""

from __future__ import annotations

import copy
import datetime as dt
import multiprocessing
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from smaudit.errors import InputError
from smaudit.model import Severity, Status
from smaudit.runs import record as recording
from smaudit.runs import store as history_db
from smaudit.runs.history import Standing, list_runs, run_findings
from smaudit.runs.record import record
from smaudit.runs.timelines import timelines
from tests.feeds import DAY1, DAY2, OFF, ON, SMS, document, inventory, record_many


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def day(n: int) -> dt.date:
    return DAY1 + dt.timedelta(days=n - 1)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "history.sqlite"


@pytest.fixture
def two_days(tmp_path: Path, db: Path) -> Path:
    """Day 1: a fails MFA, b is fine, c has SMS only. Day 2: a fixed, b regressed."""
    record(db, document(inventory(tmp_path / "1.yaml", {"a": OFF, "b": ON, "c": SMS}), DAY1))
    record(db, document(inventory(tmp_path / "2.yaml", {"a": ON, "b": OFF, "c": SMS}), DAY2))
    return db


def test_runs_are_listed_with_pass_rate_and_failures_by_severity(two_days: Path) -> None:
    runs = list_runs(two_days)
    assert [(r.run_id, r.as_of) for r in runs] == [
        ("run-2026-11-19", DAY1),
        ("run-2026-11-20", DAY2),
    ]
    first = runs[0]
    # 3 accounts x 2 controls: a fails IA-01, c fails IA-02, IA-02 does not apply to a
    assert first.counts[Status.FAIL] == 2 and first.counts[Status.NOT_APPLICABLE] == 1
    assert first.pass_rate == pytest.approx(3 / 5)
    assert first.failed_by_severity[Severity.CRITICAL] == 1
    assert first.failed_by_severity[Severity.HIGH] == 1
    assert (first.accounts, first.controls, first.profile) == (3, 2, "modern")


def test_a_runs_findings_by_id_or_prefix(two_days: Path) -> None:
    run, findings = run_findings(two_days, "run-2026-11-20")
    assert run.as_of == DAY2
    assert [(f.control_id, f.account_id, f.status) for f in findings] == [
        ("SM-IA-01", "b", Status.FAIL),
        ("SM-IA-02", "c", Status.FAIL),
    ]
    assert run_findings(two_days, "run-2026-11-19")[0].as_of == DAY1
    with pytest.raises(InputError, match="several recorded runs"):
        run_findings(two_days, "run-2026")
    with pytest.raises(InputError, match="no recorded run"):
        run_findings(two_days, "nope")
    with pytest.raises(InputError, match="no recorded run"):
        run_findings(two_days, "run_2026%")  # LIKE wildcards are taken literally


def test_first_seen_last_seen_fixed_on_and_time_to_fix(two_days: Path) -> None:
    found = {(t.control_id, t.account_id): t for t in timelines(two_days)}
    fixed = found[("SM-IA-01", "a")]
    assert (fixed.standing, fixed.first_seen, fixed.last_seen) == (Standing.FIXED, DAY1, DAY1)
    assert (fixed.fixed_on, fixed.days_to_fix, fixed.streaks) == (DAY2, 1, 1)
    regressed = found[("SM-IA-01", "b")]
    assert (regressed.standing, regressed.first_seen, regressed.fixed_on) == (
        Standing.OPEN,
        DAY2,
        None,
    )
    still = found[("SM-IA-02", "c")]
    assert (still.standing, still.first_seen, still.last_seen) == (Standing.OPEN, DAY1, DAY2)
    assert [t.standing for t in timelines(two_days)] == [
        Standing.OPEN,
        Standing.OPEN,
        Standing.FIXED,
    ]
    assert {t.account_id for t in timelines(two_days, "run-2026-11-19")} == {"a", "c"}


def test_a_regression_starts_a_new_streak_and_time_to_fix_counts_from_it(
    tmp_path: Path, db: Path
) -> None:
    for n, mfa in ((1, OFF), (2, ON), (4, OFF), (5, OFF), (8, ON)):
        record(db, document(inventory(tmp_path / f"{n}.yaml", {"a": mfa}), day(n)))
    (timeline,) = timelines(db)
    assert (timeline.first_seen, timeline.last_seen, timeline.fixed_on) == (day(1), day(5), day(8))
    assert (timeline.days_to_fix, timeline.streaks, timeline.standing) == (4, 2, Standing.FIXED)


def test_an_account_that_left_is_out_of_scope_not_fixed(tmp_path: Path, db: Path) -> None:
    record(db, document(inventory(tmp_path / "1.yaml", {"a": OFF, "b": ON}), DAY1))
    record(db, document(inventory(tmp_path / "2.yaml", {"b": ON}), DAY2))
    (timeline,) = timelines(db)
    assert (timeline.standing, timeline.fixed_on) == (Standing.OUT_OF_SCOPE, None)


def test_waived_still_counts_as_failing_for_time_to_fix(tmp_path: Path, db: Path) -> None:
    inv = inventory(tmp_path / "1.yaml", {"a": OFF})
    record(db, document(inv, day(1)))
    waived = document(inv, day(2))
    waived["findings"][0].update(status="waived", original_status="fail")
    record(db, waived)
    record(db, document(inventory(tmp_path / "3.yaml", {"a": ON}), day(3)))
    (timeline,) = timelines(db)
    assert (timeline.last_seen, timeline.days_to_fix) == (day(2), 2)
    _, findings = run_findings(db, "run-2026-11-20")
    assert (findings[0].status, findings[0].original_status) == (Status.WAIVED, Status.FAIL)


def test_a_run_is_recorded_once(two_days: Path, tmp_path: Path) -> None:
    again = document(inventory(tmp_path / "1.yaml", {"a": OFF}), DAY1)
    with pytest.raises(InputError, match="run-2026-11-19 is already recorded"):
        record(two_days, again)
    assert len(list_runs(two_days)) == 2


def test_a_run_that_fails_midway_records_nothing(
    tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(db, document(inventory(tmp_path / "1.yaml", {"a": OFF, "c": SMS}), DAY1))
    before = {t: rows(db, f"SELECT * FROM {t}") for t in _TABLES}
    real = recording._insert_findings

    def half_then_crash(conn: sqlite3.Connection, seq: int, feed: Any) -> None:
        real(conn, seq, feed)  # the run, its counts and its findings are written ...
        raise RuntimeError("disk on fire")  # ... and then the process fails

    monkeypatch.setattr(recording, "_insert_findings", half_then_crash)
    second = document(inventory(tmp_path / "2.yaml", {"a": OFF, "new": OFF}), DAY2)
    with pytest.raises(RuntimeError, match="disk on fire"):
        record(db, second)
    assert {t: rows(db, f"SELECT * FROM {t}") for t in _TABLES} == before
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]


_TABLES = ("runs", "account_sets", "run_counts", "findings")


def test_two_processes_recording_at_once_both_land(tmp_path: Path, db: Path) -> None:
    """Two scheduled runs start together on a fresh file: both migrate, both record."""
    base = document(
        inventory(tmp_path / "inv.yaml", {f"acct-{i}": OFF if i % 2 else SMS for i in range(300)}),
        DAY1,
    )
    batches = [[_renamed(base, f"{who}-{n}") for n in range(4)] for who in ("p1", "p2")]
    context = multiprocessing.get_context("spawn")  # separate interpreters, like two cron jobs
    start = context.Barrier(2)
    workers = [
        context.Process(target=record_many, args=(str(db), batch, start)) for batch in batches
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0, 0]
    assert len(list_runs(db)) == 8
    assert rows(db, "SELECT count(*) FROM findings") == [(8 * 300,)]
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "PRAGMA journal_mode") == [("wal",)]


def _renamed(doc: dict[str, Any], run_id: str) -> dict[str, Any]:
    copied = copy.deepcopy(doc)
    copied["run"]["id"] = run_id
    return copied


def test_migrations_are_applied_once_and_in_order(
    two_days: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert rows(two_days, "PRAGMA user_version") == [(history_db.LATEST,)]
    assert rows(two_days, "PRAGMA application_id") == [(history_db.APPLICATION_ID,)]
    extra = ("CREATE TABLE notes (text TEXT)", "INSERT INTO notes VALUES ('migrated')")
    monkeypatch.setattr(history_db, "MIGRATIONS", (*history_db.MIGRATIONS, extra))
    monkeypatch.setattr(history_db, "LATEST", history_db.LATEST + 1)
    for _ in range(3):  # a second run of the CREATE TABLE would fail
        assert len(list_runs(two_days)) == 2
    assert rows(two_days, "SELECT text FROM notes") == [("migrated",)]
    assert rows(two_days, "PRAGMA user_version") == [(history_db.LATEST,)]


def test_a_history_from_a_newer_smaudit_is_refused(two_days: Path) -> None:
    with sqlite3.connect(two_days) as conn:
        conn.execute(f"PRAGMA user_version = {history_db.LATEST + 1}")
    with pytest.raises(InputError, match="newer than this smaudit knows"):
        list_runs(two_days)


def test_other_files_are_refused_and_reading_creates_nothing(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE mine (x)")
    with pytest.raises(InputError, match="not an smaudit history"):
        record(other, document(inventory(tmp_path / "1.yaml", {"a": OFF}), DAY1))
    assert rows(other, "SELECT name FROM sqlite_master") == [("mine",)]
    text = tmp_path / "notes.txt"
    text.write_text("hello, this is not a database at all, just some text" * 20)
    with pytest.raises(InputError, match="history database: file is not a database"):
        list_runs(text)
    with pytest.raises(InputError, match="no history here"):
        list_runs(tmp_path / "absent.sqlite")
    assert not (tmp_path / "absent.sqlite").exists()


def test_record_checks_the_document(db: Path) -> None:
    with pytest.raises(InputError, match="missing required key 'run'"):
        record(db, {"schema_version": "1.0.0", "tool": {"name": "smaudit", "version": "1"}})


def test_a_control_that_stops_applying_is_not_fixed(tmp_path: Path, db: Path) -> None:
    # SMS only, then MFA switched off: SM-IA-02 no longer applies; nothing was fixed
    record(db, document(inventory(tmp_path / "1.yaml", {"c": SMS}), DAY1))
    record(db, document(inventory(tmp_path / "2.yaml", {"c": OFF}), DAY2))
    by_control = {t.control_id: t for t in timelines(db)}
    sms = by_control["SM-IA-02"]
    assert sms.standing is Standing.NOT_APPLICABLE
    assert sms.fixed_on is None and sms.days_to_fix is None
    assert by_control["SM-IA-01"].standing is Standing.OPEN  # the regression
    # from a feed of schema 1.0, which does not say, the older reading stands: fixed
    db_old = tmp_path / "old.sqlite"
    for path, day_ in ((tmp_path / "1.yaml", DAY1), (tmp_path / "2.yaml", DAY2)):
        doc = document(path, day_)
        del doc["not_applicable"]
        record(db_old, doc)
    assert {t.control_id: t.standing for t in timelines(db_old)}["SM-IA-02"] is Standing.FIXED
