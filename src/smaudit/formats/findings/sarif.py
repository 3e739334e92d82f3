"""SARIF 2.1.0 for GitHub code scanning: every failure, not-assessed and waived finding as an
alert GitHub keeps, in PARTS runs that stay within its limits (see sarif_parts.py)."""

from __future__ import annotations

import datetime as dt
import posixpath
from typing import Any

import orjson

from smaudit import __version__
from smaudit.formats.findings.common import (
    INFORMATION_URI,
    TOOL_NAME,
    aware,
    controls_by_id,
    source_uri,
)
from smaudit.formats.findings.sarif_parts import (
    LISTED,
    PARTS,
    RESULTS_PER_RUN,
    Layout,
    RollUp,
    layout,
)
from smaudit.formats.findings.sarif_results import SRCROOT, result, rollup_result
from smaudit.formats.findings.sarif_rules import rule, severities
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.inventory.loader import source_digest
from smaudit.model import Report, Severity

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    # orjson's two-space indent is json.dumps(indent=2, ensure_ascii=False)'s, several times faster
    return orjson.dumps(document(report, options), option=orjson.OPT_INDENT_2).decode() + "\n"


def document(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> dict[str, Any]:
    plan = layout(report.findings)
    category = _category(report, options)
    keys = _rule_keys(report)
    controls = controls_by_id(report)
    rules = [rule(controls[c], s) for c, s in keys]  # the same in every run: built once
    runs = [
        _run(report, plan, number, category, (keys, rules), options)
        for number in range(1, len(plan.parts) + 1)
    ]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": runs}


def _run(
    report: Report,
    plan: Layout,
    number: int,
    category: str,
    catalogue: tuple[list[tuple[str, Severity]], list[dict[str, Any]]],
    options: RenderOptions,
) -> dict[str, Any]:
    keys, rules = catalogue
    entries = plan.parts[number - 1]
    controls = controls_by_id(report)
    index = {key: i for i, key in enumerate(keys)}
    results = [
        rollup_result(e, index[e.control_id, e.severity], controls[e.control_id], options)
        if isinstance(e, RollUp)
        else result(e, index[e.control_id, e.severity], controls[e.control_id], options)
        for e in entries
    ]
    return {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        # the category is all before the last slash: one per inventory, profile and part, the
        # same on every run, so that one workflow can upload one SARIF per inventory
        "automationDetails": {"id": f"{category}/part-{number:02d}-of-{PARTS}/{report.run.id}"},
        "invocations": [{"executionSuccessful": True, "startTimeUtc": _utc(report)}],
        "originalUriBaseIds": {
            SRCROOT: {"description": {"text": "The root of the repository (--source-root)."}}
        },
        # smaudit counts columns in characters (code points), not UTF-16 units
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": _properties(report, plan, number, category),
    }


def _rule_keys(report: Report) -> list[tuple[str, Severity]]:
    """Every rule a control of the run may report under, in catalogue order, the worse severity
    first: the same list in every part and on every run (a profile's override of a severity
    adds its own), so that a rule with no result in a part reads as checked and found clean."""
    used = {(c.id, s) for c in report.controls for s in severities(c)}
    used |= {(f.control_id, f.severity) for f in report.findings if f.status in LISTED}
    order = {control.id: i for i, control in enumerate(report.controls)}
    return sorted(used, key=lambda key: (order[key[0]], -key[1].rank))


def _category(report: Report, options: RenderOptions) -> str:
    return f"{TOOL_NAME}/{report.run.profile}/{_inventory(report, options)}"


def _inventory(report: Report, options: RenderOptions) -> str:
    """Which inventory, relative to the repository root so that it is the same from any working
    directory: its one file, else the folder that holds all its files (so that adding a file to
    an inventory folder does not move its alerts to a new category), else the files listed."""
    paths = sorted({source_uri(s.path, options) for s in report.inventory.sources})
    if len(paths) == 1:
        return paths[0]
    common = posixpath.commonpath(paths) if paths else ""
    return f"{common}/*" if common else ",".join(paths)


def _utc(report: Report) -> str:
    return aware(report.run.started_at).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _properties(report: Report, plan: Layout, number: int, category: str) -> dict[str, Any]:
    run = report.run
    return {
        "run_id": run.id,
        "as_of": run.as_of.isoformat(),
        "profile": run.profile,
        "catalogue_version": run.catalogue_version,
        "inventory_sha256": source_digest(report.inventory.sources),
        "category": category,
        "part": number,
        "parts": len(plan.parts),
        "results_limit": RESULTS_PER_RUN,
        "per_account_severities": [s.value for s in plan.detailed],
        "rolled_up_severities": [s.value for s in Severity if s not in plan.detailed][::-1],
    }
