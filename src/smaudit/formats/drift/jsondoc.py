"""Drift as JSON: a versioned contract (`smaudit schema drift`), one entry per change."""

from __future__ import annotations

import json
from typing import Any

from smaudit import __version__
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.runs.drift import Category, Drift, Entry
from smaudit.runs.feed import FeedRun

SCHEMA_VERSION = "1.0.0"


def render(drift: Drift, _options: RenderOptions = DEFAULT_OPTIONS) -> str:
    return json.dumps(document(drift), indent=2, ensure_ascii=False) + "\n"


def document(drift: Drift) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "smaudit", "version": __version__},
        "old": _run(drift.old),
        "new": _run(drift.new),
        "summary": {category.value: drift.count(category) for category in Category},
        "notes": list(drift.notes),
        "entries": [_entry(e) for e in drift.entries],
    }


def _run(run: FeedRun) -> dict[str, Any]:
    return {
        "source": run.source,
        "id": run.id,
        "as_of": run.as_of.isoformat(),
        "started_at": run.started_at,
        "profile": run.profile,
        "catalogue_version": run.catalogue_version,
        "inventory_sha256": run.inventory_sha256,
    }


def _entry(entry: Entry) -> dict[str, Any]:
    return {
        "category": entry.category.value,
        "worse": entry.category.worse,
        "control_id": entry.control_id,
        "account_id": entry.account_id,
        "severity": entry.severity.value if entry.severity else None,
        "fingerprint": entry.fingerprint,
        "old_status": entry.old_status.value if entry.old_status else None,
        "new_status": entry.new_status.value if entry.new_status else None,
        "message": entry.message,
    }
