"""Read a JSON findings feed back in: check it against the shipped schema, keep what drift and
history need as frozen dataclasses."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from smaudit.errors import InputError, Problem
from smaudit.model import Severity, Status
from smaudit.reading.document import decode_text, format_path
from smaudit.reading.files import load_bytes
from smaudit.reading.inputs import read_input
from smaudit.reading.limits import DEFAULT_LIMITS
from smaudit.reading.validation import check, describe, is_valid, validator
from smaudit.safety.terminal import display_path

Counts = Mapping[Status, int]
FAILING = (Status.FAIL, Status.WAIVED)
"""Statuses whose underlying control fails: a waiver accepts the failure, it does not fix it."""


@dataclass(frozen=True, slots=True)
class FeedRun:
    source: str
    """The file the feed was read from, or a description such as "this run"."""
    id: str
    as_of: dt.date
    started_at: str
    profile: str
    catalogue_version: str
    inventory_sha256: str
    tool_version: str
    schema_version: str
    parameters: Mapping[str, Any]
    passes_listed: bool


@dataclass(frozen=True, slots=True)
class WaiverRef:
    """The parts of a waiver worth repeating in drift and history: never the approver's name."""

    id: str
    kind: str | None = None
    ticket: str | None = None
    approver_role: str | None = None
    expires_on: str | None = None


@dataclass(frozen=True, slots=True)
class ExpiredWaiver:
    """A waiver that matched this failure but had expired: it hides nothing any more."""

    id: str
    expired_on: str | None


@dataclass(frozen=True, slots=True)
class FeedFinding:
    fingerprint: str
    control_id: str
    account_id: str
    status: Status
    severity: Severity
    message: str
    original_status: Status | None = None
    waiver: WaiverRef | None = None
    """The waiver in force (status waived)."""
    expired_waiver: ExpiredWaiver | None = None


@dataclass(frozen=True)
class Feed:
    run: FeedRun
    findings: tuple[FeedFinding, ...]
    counts: Counts
    by_severity: Mapping[Severity, Counts]
    by_control: Mapping[str, Counts]
    accounts: frozenset[str]
    accounts_complete: bool
    """False when the feed neither lists its accounts nor its passes, so `accounts` was inferred
    from the findings and misses accounts that had nothing to report."""
    not_applicable: frozenset[tuple[str, str]] | None = None
    """The (control, account) pairs the control did not apply to; None for feeds of schema 1.0,
    which do not say (a finding they do not list passed or did not apply)."""

    @property
    def controls(self) -> frozenset[str]:
        return frozenset(self.by_control)

    @functools.cached_property
    def by_account(self) -> Mapping[str, tuple[FeedFinding, ...]]:
        """Each account's findings, indexed once: the comparison asks per finding, and a scan
        of every finding each time made `--baseline` quadratic (194 s at 10,000 accounts)."""
        found: dict[str, list[FeedFinding]] = {}
        for finding in self.findings:
            found.setdefault(finding.account_id, []).append(finding)
        return {account: tuple(items) for account, items in found.items()}


def load_feed(path: Path) -> Feed:
    """Read and check a feed written by `smaudit check --format json`; InputError with a
    location for anything unusable."""
    name = display_path(path)
    raw = read_input(path, FEED_MAX_BYTES)
    data = _parse_json(raw, name)
    if not is_valid(data, "findings") or _duplicates(data):
        if len(raw) > DEFAULT_LIMITS.max_bytes:  # too large to read again for line numbers
            validate_document(data, name)
        _raise_located(raw, name)
    return parse_feed(data, name)


FEED_MAX_BYTES = 8 * 1024**3
"""Feeds are read by orjson, in time linear in their size and with no aliases to expand,
so their bound is only about memory, and it is far above the YAML loader's: a run of 10,000
accounts that are mostly not assessed writes a feed of 370 MB, one of 100,000 several GB."""


def _parse_json(raw: bytes, name: str) -> Any:
    # json first: feeds can be large, and the YAML loader is only needed to locate a problem
    try:
        # orjson refuses what json would read and then trip over: a lone surrogate (no text
        # output can encode one), nesting past 1,024 levels, a number too long to be one
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if "utf-8" in exc.msg.lower():
            decode_text(raw, name)  # raises with the line and column of the bad byte
        raise InputError.at(name, exc.lineno, exc.colno, f"invalid JSON: {exc.msg}") from None


def _raise_located(raw: bytes, name: str) -> None:
    doc = load_bytes(raw, name, written_by_people=False)
    check(doc, "findings")
    first: dict[str, int] = {}
    for index, finding in enumerate(doc.data["findings"]):
        seen = first.setdefault(finding["fingerprint"], index)
        if seen != index:
            line, column = doc.where(("findings", index, "fingerprint"))
            raise InputError.at(
                name, line, column, f"findings[{index}]: fingerprint repeats findings[{seen}]"
            )


def _duplicates(data: Any) -> bool:
    fingerprints = [f["fingerprint"] for f in data["findings"]]
    return len(set(fingerprints)) != len(fingerprints)


def validate_document(data: Any, source: str) -> None:
    """The same checks for a feed already in memory; problems carry a path, not a line."""
    problems = [] if is_valid(data, "findings") else _problems(source, data)
    if problems:
        raise InputError(problems)
    if _duplicates(data):
        raise InputError.at(source, 0, 0, "findings: a fingerprint appears more than once")


def _problems(source: str, data: Any) -> list[Problem]:
    problems = []
    for error in validator("findings").iter_errors(data):
        message, key = describe(error)
        path = (*error.absolute_path, key) if key else tuple(error.absolute_path)
        problems.append(Problem(source, 0, 0, f"{format_path(path)}: {message}"))
    return problems


def parse_feed(data: Mapping[str, Any], source: str) -> Feed:
    """A checked feed document as dataclasses. Reads the optional fields (accounts, waivers)
    when present, and does without them when not, as in feeds of earlier smaudit versions."""
    run, summary = data["run"], data["summary"]
    findings = tuple(_finding(f) for f in data["findings"])
    listed = data.get("accounts")
    inferred = frozenset(f.account_id for f in findings)
    complete = listed is not None or run["passes_listed"] or len(inferred) == summary["accounts"]
    outside = data.get("not_applicable")
    return Feed(
        run=_run(data, source),
        findings=findings,
        counts=_counts(summary),
        by_severity={Severity(k): _counts(v) for k, v in summary["by_severity"].items()},
        by_control={k: _counts(v) for k, v in summary["by_control"].items()},
        accounts=frozenset(listed) if listed is not None else inferred,
        accounts_complete=bool(complete),
        not_applicable=None
        if outside is None
        else frozenset((cid, aid) for cid, ids in outside.items() for aid in ids),
    )


def _run(data: Mapping[str, Any], source: str) -> FeedRun:
    run = data["run"]
    try:
        as_of = dt.date.fromisoformat(run["as_of"])
    except ValueError:
        raise InputError.at(
            source, 0, 0, f"run.as_of: expected a date like 2026-11-20, got {run['as_of']!r}"
        ) from None
    return FeedRun(
        source=source,
        id=run["id"],
        as_of=as_of,
        started_at=run["started_at"],
        profile=run["profile"],
        catalogue_version=run["catalogue_version"],
        inventory_sha256=run["inventory_sha256"],
        tool_version=data["tool"]["version"],
        schema_version=data["schema_version"],
        parameters=run.get("parameters", {}),
        passes_listed=run["passes_listed"],
    )


def _counts(counts: Mapping[str, int]) -> Counts:
    return {status: counts[status.value] for status in Status if status.value in counts}


def _finding(doc: Mapping[str, Any]) -> FeedFinding:
    original = doc.get("original_status")
    waiver = _waiver(doc.get("waiver"))
    expired = doc.get("waiver_expired") is True and waiver is not None
    return FeedFinding(
        fingerprint=doc["fingerprint"],
        control_id=doc["control_id"],
        account_id=doc["account_id"],
        status=Status(doc["status"]),
        severity=Severity(doc["severity"]),
        message=doc["message"],
        original_status=Status(original) if original else None,
        waiver=None if expired else waiver,
        expired_waiver=ExpiredWaiver(waiver.id, waiver.expires_on) if expired and waiver else None,
    )


def _waiver(doc: Mapping[str, Any] | None) -> WaiverRef | None:
    if not doc:
        return None
    return WaiverRef(
        id=str(doc.get("id", "?")),
        kind=doc.get("kind"),
        ticket=doc.get("ticket"),
        approver_role=doc.get("approver_role"),
        expires_on=doc.get("expires_on"),
    )
