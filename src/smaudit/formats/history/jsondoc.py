"""`smaudit history --format json`: versioned documents (`smaudit schema history`)."""

from __future__ import annotations

import json
from typing import Any

from smaudit import __version__
from smaudit.model import Status
from smaudit.runs.history import RunRow, StoredFinding, Timeline

SCHEMA_VERSION = "1.0.0"


def _render(kind: str, body: dict[str, Any]) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "smaudit", "version": __version__},
        "kind": kind,
        **body,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def runs(rows: tuple[RunRow, ...]) -> str:
    return _render("runs", {"runs": [_run(r) for r in rows]})


def _run(run: RunRow) -> dict[str, Any]:
    return {
        "id": run.run_id,
        "as_of": run.as_of.isoformat(),
        "started_at": run.started_at,
        "profile": run.profile,
        "catalogue_version": run.catalogue_version,
        "tool_version": run.tool_version,
        "accounts": run.accounts,
        "controls": run.controls,
        "pass_rate": run.pass_rate,
        "counts": {s.value: run.counts.get(s, 0) for s in Status},
        "failed_by_severity": {s.value: n for s, n in run.failed_by_severity.items()},
    }


def findings(run: RunRow, rows: tuple[StoredFinding, ...]) -> str:
    return _render("run_findings", {"run": _run(run), "findings": [_finding(f) for f in rows]})


def _finding(finding: StoredFinding) -> dict[str, Any]:
    return {
        "fingerprint": finding.fingerprint,
        "control_id": finding.control_id,
        "account_id": finding.account_id,
        "status": finding.status.value,
        "original_status": finding.original_status.value if finding.original_status else None,
        "severity": finding.severity.value,
        "message": finding.message,
        "waiver_id": finding.waiver_id,
    }


def timelines(rows: tuple[Timeline, ...]) -> str:
    return _render("timelines", {"timelines": [_timeline(t) for t in rows]})


def _timeline(timeline: Timeline) -> dict[str, Any]:
    return {
        "fingerprint": timeline.fingerprint,
        "control_id": timeline.control_id,
        "account_id": timeline.account_id,
        "severity": timeline.severity.value,
        "standing": timeline.standing.value,
        "first_seen": timeline.first_seen.isoformat(),
        "last_seen": timeline.last_seen.isoformat(),
        "fixed_on": timeline.fixed_on.isoformat() if timeline.fixed_on else None,
        "days_to_fix": timeline.days_to_fix,
        "streaks": timeline.streaks,
    }
