"""Findings feeds for the drift and history tests, made by the real pipeline (plan, evaluate,
jsonfeed.document) on small inventories, and a worker for the two-process history test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from smaudit.assessment.engine import Options, evaluate
from smaudit.assessment.planner import plan
from smaudit.formats.findings import jsonfeed
from smaudit.model import Report
from tests.conftest import HEADER

MFA = ("SM-IA-01", "SM-IA-02")
"""SM-IA-01 (critical): MFA is on. SM-IA-02 (high): SMS or voice is not the only factor."""
DAY1, DAY2 = dt.date(2026, 11, 19), dt.date(2026, 11, 20)

ON = "{enabled: true, methods: [totp]}"
OFF = "{enabled: false}"
SMS = "{enabled: true, methods: [sms]}"


def inventory(path: Path, accounts: dict[str, str | None]) -> Path:
    """Write an inventory of x accounts: id -> mfa mapping (None: no mfa field at all)."""
    lines = ["accounts:"]
    for account, mfa in accounts.items():
        extra = f", mfa: {mfa}" if mfa is not None else ""
        lines.append(f"  - {{id: {account}, platform: x, status: active{extra}}}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def report(
    path: Path,
    as_of: dt.date,
    controls: tuple[str, ...] = MFA,
    include_passed: bool = False,
    run_id: str | None = None,
) -> Report:
    run = plan([path], None, "modern", list(controls))
    options = Options(
        include_passed=include_passed,
        profile=run.profile_name,
        catalogue_version=run.catalogue.version,
        severity_overrides=run.severity_overrides,
        run_id=run_id or f"run-{as_of.isoformat()}",
        started_at=dt.datetime.combine(as_of, dt.time(2, 15), dt.UTC),
    )
    return evaluate(run.inventory, run.controls, as_of, run.parameters, options)


def document(path: Path, as_of: dt.date, **options: Any) -> dict[str, Any]:
    """The JSON feed `smaudit check --format json` would write for this inventory."""
    feed = jsonfeed.document(report(path, as_of, **options))
    feed["run"]["inventory_sha256"] = "0" * 64  # the hash covers the temporary path: pin it
    return feed


def record_many(db: str, documents: list[dict[str, Any]], start: Any) -> None:
    """Run in a child process: wait for the other one, then record every document."""
    from smaudit.runs.record import record

    start.wait()
    for doc in documents:
        record(Path(db), doc)
