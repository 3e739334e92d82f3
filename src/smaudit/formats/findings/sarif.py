"""SARIF 2.1.0 for GitHub code scanning: one result per failure, one rule per control."""

from __future__ import annotations

import json
import re
from typing import Any

from smaudit import __version__
from smaudit.formats.findings.common import (
    INFORMATION_URI,
    TOOL_NAME,
    controls_by_id,
    file_uri,
    where,
)
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.inventory.loader import source_digest
from smaudit.model import Control, Finding, Report, Severity, Status

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
MAX_RESULTS = 25_000
"""GitHub rejects a run with more results than this."""
FINGERPRINT_KEY = "smaudit/v1"

# GitHub reads `security-severity` (a string, 0.1-10.0) to rank alerts: >= 9 critical, 7-8.9 high,
# 4-6.9 medium, below that low. Each value sits inside its band, away from the edges.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.5",
}
LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"


def document(report: Report) -> dict[str, Any]:
    failures = [f for f in report.findings if f.status is Status.FAIL]
    kept = failures[:MAX_RESULTS]
    index = {control.id: i for i, control in enumerate(report.controls)}
    worst = _worst_severities(failures)
    rules = [_rule(c, worst.get(c.id, c.severity)) for c in report.controls]
    controls = controls_by_id(report)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "startTimeUtc": report.run.started_at.isoformat(timespec="seconds"),
                    }
                ],
                # smaudit counts columns in characters (code points), not UTF-16 units
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index[f.control_id], controls[f.control_id]) for f in kept],
                "properties": _run_properties(report, len(failures)),
            }
        ],
    }


def _worst_severities(failures: list[Finding]) -> dict[str, Severity]:
    """GitHub takes an alert's severity from its rule: use the worst a control failed at in this
    run (tier and profile overrides included), so a high-impact account is not understated."""
    worst: dict[str, Severity] = {}
    for finding in failures:
        known = worst.get(finding.control_id)
        if known is None or finding.severity.rank > known.rank:
            worst[finding.control_id] = finding.severity
    return worst


def _rule(control: Control, severity: Severity) -> dict[str, Any]:
    return {
        "id": control.id,
        "name": _pascal_case(control.title),
        "shortDescription": {"text": control.title},
        "fullDescription": {"text": control.statement},
        "help": _help(control),
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {
            "security-severity": SECURITY_SEVERITY[severity],
            "tags": ["security", *(f"external/nist-800-53/{n}" for n in control.nist_800_53)],
            "precision": "very-high",
        },
    }


def _help(control: Control) -> dict[str, str]:
    """The general steps, where to find the setting on each platform, then why it matters."""
    platforms = sorted(control.remediation_by_platform.items())
    text = [f"Remediation: {control.remediation}", *(f"{p}: {steps}" for p, steps in platforms)]
    markdown = ["**Remediation**", "", control.remediation]
    if platforms:
        markdown += ["", *(f"- **{p}**: {steps}" for p, steps in platforms)]
    return {
        "text": "\n".join([*text, "", f"Why: {control.rationale}"]),
        "markdown": "\n".join([*markdown, "", "**Why**", "", control.rationale]),
    }


def _pascal_case(title: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", title))


def _result(finding: Finding, rule_index: int, control: Control) -> dict[str, Any]:
    place = where(finding)
    return {
        "ruleId": finding.control_id,
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": f"{finding.account_id} ({finding.platform}): {finding.message}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact(place.file),
                    "region": {
                        "startLine": max(place.line, 1),
                        "startColumn": max(place.column, 1),
                    },
                },
                "logicalLocations": [
                    {
                        "name": finding.account_id,
                        "fullyQualifiedName": f"accounts/{finding.account_id}",
                        "kind": "object",
                    }
                ],
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {
            "account_id": finding.account_id,
            "platform": finding.platform,
            "severity": finding.severity.value,
            "nist_800_53": list(control.nist_800_53),
        },
    }


def _artifact(path: str) -> dict[str, str]:
    uri = file_uri(path)
    if uri.startswith("file:"):
        return {"uri": uri}
    return {"uri": uri, "uriBaseId": "%SRCROOT%"}


def _run_properties(report: Report, failures: int) -> dict[str, Any]:
    run = report.run
    properties: dict[str, Any] = {
        "run_id": run.id,
        "as_of": run.as_of.isoformat(),
        "profile": run.profile,
        "catalogue_version": run.catalogue_version,
        "inventory_sha256": source_digest(report.inventory.sources),
    }
    if failures > MAX_RESULTS:
        properties["truncated"] = {
            "results_limit": MAX_RESULTS,
            "failures": failures,
            "note": f"only the {MAX_RESULTS} worst failures are listed (GitHub's limit)",
        }
    return properties
