"""SARIF results as GitHub code scanning reads them: where each points, its identity across runs,
and how a waived or not-assessed finding shows for what it is."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from smaudit.formats.findings.common import source_uri, underlying_status, waiver_note, where
from smaudit.formats.findings.sarif_parts import RollUp
from smaudit.formats.findings.sarif_rules import LEVEL, rule_id
from smaudit.formats.options import RenderOptions
from smaudit.model import Control, Finding, Location, Status

SRCROOT = "%SRCROOT%"
"""The base every relative location is written against: the repository root."""
NOT_ASSESSED_LEVEL = "warning"
"""Not a confirmed failure, still an alert: GitHub ranks it by its rule's security-severity."""
FINGERPRINT_KEY = "smaudit/v1"
GITHUB_FINGERPRINT_KEY = "primaryLocationLineHash"
"""The one partial fingerprint GitHub uses. Left out, its upload action derives it from the text
of the line, so inserting an account re-keys the alerts of every account below it."""


def result(
    finding: Finding, rule_index: int, control: Control, options: RenderOptions
) -> dict[str, Any]:
    """One finding as one result: a failure, a finding that could not be assessed (the same
    alert as the failure it may hide, so deleting the evidence does not close it), or a waived
    finding (the same alert again, marked suppressed)."""
    document: dict[str, Any] = {
        "ruleId": rule_id(finding.control_id, finding.severity),
        "ruleIndex": rule_index,
        "level": _level(finding),
        "message": {"text": _message(finding)},
        "locations": [_location(where(finding), finding.account_id, options)],
        "partialFingerprints": _fingerprints(finding.fingerprint),
        "properties": {
            "account_id": finding.account_id,
            "platform": finding.platform,
            "status": finding.status.value,
            "severity": finding.severity.value,
            "nist_800_53": list(control.nist_800_53),
        },
    }
    # `suppressions` on every result, [] when not suppressed: SARIF 3.27.23 wants all or none
    waived = finding.status is Status.WAIVED
    document["suppressions"] = [_suppression(waiver_note(finding))] if waived else []
    return document


def rollup_result(
    rollup: RollUp, rule_index: int, control: Control, options: RenderOptions
) -> dict[str, Any]:
    """The findings of one control at one severity as one result, at the first account (by
    id), listing every account it stands for."""
    findings = sorted(rollup.findings, key=lambda f: f.account_id)
    first = findings[0]
    document: dict[str, Any] = {
        "ruleId": rule_id(rollup.control_id, rollup.severity),
        "ruleIndex": rule_index,
        "level": LEVEL[rollup.severity],
        "message": {"text": _rollup_message(rollup, control, first)},
        "locations": [_location(where(first), first.account_id, options)],
        "partialFingerprints": _fingerprints(rollup.fingerprint),
        "properties": {
            "rolled_up": len(findings),
            "severity": rollup.severity.value,
            "nist_800_53": list(control.nist_800_53),
            "accounts": [_listed(f, options) for f in findings],
        },
    }
    waived = [_suppression("every finding rolled up here is waived")]
    document["suppressions"] = waived if rollup.waived else []
    return document


def _level(finding: Finding) -> str:
    """A failure's level follows its severity; a finding that could not be assessed is a
    warning: not a confirmed failure, still an alert (its rank is its rule's severity)."""
    if underlying_status(finding) is Status.ERROR:
        return NOT_ASSESSED_LEVEL
    return LEVEL[finding.severity]


def _message(finding: Finding) -> str:
    # GitHub shows the first sentence where space is short: the account and what is wrong
    text = f"{finding.account_id} ({finding.platform}): {finding.message}"
    note = waiver_note(finding)
    return f"{text}; {note}" if note else text


def _rollup_message(rollup: RollUp, control: Control, first: Finding) -> str:
    count = len(rollup.findings)
    state = "waived on" if rollup.waived else "not met on"
    return (
        f"{control.id} ({rollup.severity.value}) is {state} {count} accounts, first "
        f"{first.account_id}: one alert for them all, as one each would pass the 5,000 "
        "results a run GitHub keeps. Every account is listed in this result's "
        "properties.accounts and in smaudit's other formats."
    )


def _fingerprints(value: str) -> dict[str, str]:
    return {GITHUB_FINGERPRINT_KEY: value, FINGERPRINT_KEY: value}


def _suppression(justification: str) -> dict[str, str]:
    # GitHub itself ignores suppressions (the alert stays open, its message says waived);
    # advanced-security/dismiss-alerts reads them, dismisses the alert, and reopens it when
    # the waiver lapses and the suppression is gone
    return {"kind": "external", "status": "accepted", "justification": justification}


def _location(place: Location, account_id: str, options: RenderOptions) -> dict[str, Any]:
    line = max(place.line, 1)
    return {
        "physicalLocation": {
            "artifactLocation": artifact(place.file, options),
            # the reader keeps where a value starts, not where it ends: the region runs from
            # the field to the end of its line, as an absent endColumn means in SARIF 3.30.8
            "region": {"startLine": line, "startColumn": max(place.column, 1), "endLine": line},
        },
        "logicalLocations": [
            {"name": account_id, "fullyQualifiedName": f"accounts/{account_id}", "kind": "object"}
        ],
    }


def _listed(finding: Finding, options: RenderOptions) -> dict[str, Any]:
    place = where(finding)
    return {
        "account_id": finding.account_id,
        "status": finding.status.value,
        "uri": artifact(place.file, options)["uri"],
        "line": max(place.line, 1),
    }


def artifact(path: str, options: RenderOptions) -> dict[str, str]:
    """Relative to the repository root (%SRCROOT%), as GitHub resolves locations; a file
    outside the repository as an absolute file URI, which GitHub cannot show but which points
    at the file rather than at a wrong place inside the checkout."""
    return _artifact(path, options.source_root)


@cache  # a run names a few files, once per result
def _artifact(path: str, root: Path | None) -> dict[str, str]:
    if root is not None and not Path(path).resolve().is_relative_to(root.resolve()):
        return {"uri": Path(path).resolve().as_uri()}
    uri = source_uri(path, RenderOptions(source_root=root))
    return {"uri": uri} if uri.startswith("file:") else {"uri": uri, "uriBaseId": SRCROOT}
