"""The history database file: opening it safely (WAL, busy timeout) and its schema migrations."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from smaudit.errors import InputError

APPLICATION_ID = 0x534D4155  # "SMAU": tells an smaudit history from any other SQLite file
BUSY_TIMEOUT_MS = 60_000
"""How long a run waits for another process's write (a nightly record takes well under this)."""

Migration = tuple[str, ...]
MIGRATIONS: tuple[Migration, ...] = (
    # 1: runs with their counts, account lists shared between runs, findings
    (
        f"PRAGMA application_id = {APPLICATION_ID}",
        """CREATE TABLE runs (
            seq INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL UNIQUE,
            as_of TEXT NOT NULL,
            started_at TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            profile TEXT NOT NULL,
            catalogue_version TEXT NOT NULL,
            inventory_sha256 TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            feed_schema_version TEXT NOT NULL,
            parameters TEXT NOT NULL,
            passes_listed INTEGER NOT NULL,
            account_set TEXT NOT NULL REFERENCES account_sets(sha256),
            accounts_complete INTEGER NOT NULL,
            accounts INTEGER NOT NULL,
            controls INTEGER NOT NULL
        )""",
        "CREATE INDEX runs_order ON runs(as_of, started_at, seq)",
        """CREATE TABLE account_sets (
            sha256 TEXT PRIMARY KEY,
            account_ids TEXT NOT NULL
        )""",
        """CREATE TABLE run_counts (
            seq INTEGER NOT NULL REFERENCES runs(seq) ON DELETE CASCADE,
            dimension TEXT NOT NULL CHECK (dimension IN ('total', 'severity', 'control')),
            key TEXT NOT NULL,
            status TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (seq, dimension, key, status)
        ) WITHOUT ROWID""",
        """CREATE TABLE findings (
            seq INTEGER NOT NULL REFERENCES runs(seq) ON DELETE CASCADE,
            fingerprint TEXT NOT NULL,
            control_id TEXT NOT NULL,
            account_id TEXT NOT NULL,
            status TEXT NOT NULL,
            original_status TEXT,
            severity TEXT NOT NULL,
            message TEXT NOT NULL,
            waiver_id TEXT,
            PRIMARY KEY (seq, fingerprint)
        ) WITHOUT ROWID""",
        "CREATE INDEX findings_by_fingerprint ON findings(fingerprint, seq)",
    ),
    # 2: which controls did not apply to which accounts, so that a control that stops applying
    # is not taken for a fix; runs recorded before it (or from feeds of schema 1.0) do not say
    (
        "ALTER TABLE runs ADD COLUMN not_applicable_known INTEGER NOT NULL DEFAULT 0",
        """CREATE TABLE not_applicable (
            seq INTEGER NOT NULL REFERENCES runs(seq) ON DELETE CASCADE,
            fingerprint TEXT NOT NULL,
            PRIMARY KEY (seq, fingerprint)
        ) WITHOUT ROWID""",
        "CREATE INDEX not_applicable_by_fingerprint ON not_applicable(fingerprint, seq)",
    ),
)
LATEST = len(MIGRATIONS)


@contextmanager
def open_history(path: Path, create: bool) -> Iterator[sqlite3.Connection]:
    """A connection to the history at `path`, migrated to the latest schema; created only when
    `create` (reading a history never makes an empty one)."""
    if not create and not path.is_file():
        raise InputError.at(
            str(path), 0, 0, "no history here (record runs with smaudit check --history PATH)"
        )
    try:
        with closing(
            _connect(path) if create or _writable(path) else _connect_reading(path)
        ) as conn:
            migrate(conn, str(path))
            yield conn
    except sqlite3.Error as exc:
        raise InputError.at(str(path), 0, 0, f"history database: {exc}") from None


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: transactions are begun explicitly, as BEGIN IMMEDIATE
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    _enable_wal(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _writable(path: Path) -> bool:
    """Whether this user may write the file and its folder (WAL keeps two files beside it)."""
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)


def _connect_reading(path: Path) -> sqlite3.Connection:
    """A connection that never writes: a history on a read-only disk, or one this user may
    not write, can still be read. SQLite reads a WAL database read-only only where it may
    create its shared-memory file beside it; where even that is refused, the file is read as
    immutable (no other process is writing to a file nobody may write)."""
    uri = path.resolve().as_uri()
    for mode in ("?mode=ro", "?mode=ro&immutable=1"):
        conn = sqlite3.connect(f"{uri}{mode}", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version(conn)  # the first read: where it fails, try the next way
        except sqlite3.OperationalError:
            conn.close()
            if "immutable" in mode:
                raise
            continue
        return conn
    raise AssertionError("unreachable")  # pragma: no cover


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switching a new file to WAL needs an exclusive lock, and SQLite reports "database is
    locked" at once rather than waiting when two processes create the file together: retry,
    within the same time a writer would wait."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All or nothing. IMMEDIATE takes the write lock up front, so two writers queue on the busy
    timeout instead of failing halfway with "database is locked"."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def version(conn: sqlite3.Connection) -> int:
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection, name: str) -> None:
    """Apply the migrations this file has not had, in order, in one transaction."""
    if version(conn) == LATEST:
        return  # the common case takes no write lock, so a read-only copy can still be read
    with transaction(conn):
        current = version(conn)  # again, under the lock: another process may just have migrated
        _check_ours(conn, name, current)
        for number in range(current, LATEST):
            for statement in MIGRATIONS[number]:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {LATEST}")


def _check_ours(conn: sqlite3.Connection, name: str, current: int) -> None:
    application_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if application_id not in (0, APPLICATION_ID) or (application_id == 0 and tables):
        raise InputError.at(name, 0, 0, "this SQLite database is not an smaudit history")
    if current > LATEST:
        raise InputError.at(
            name,
            0,
            0,
            f"this history has schema version {current}, newer than this smaudit knows "
            f"({LATEST}); upgrade smaudit",
        )
