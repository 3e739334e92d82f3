"""SARIF: the OASIS schema (errata01) and what GitHub code scanning needs on top of it."""

from __future__ import annotations

import copy
import dataclasses
import json
from typing import Any

import pytest

from smaudit.formats.findings import sarif
from smaudit.model import Report, Severity, Status
from tests.formats.conftest import PLACES, render, sarif_errors


def _doc(report: Report) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(render(report, "sarif"))
    return doc


def test_validates_against_the_oasis_schema(report: Report) -> None:
    assert not sarif_errors(_doc(report))


def test_the_validator_rejects_a_broken_document(report: Report) -> None:
    doc = _doc(report)
    broken = copy.deepcopy(doc)
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert sarif_errors(broken)  # regions are 1-based
    broken = copy.deepcopy(doc)
    del broken["runs"][0]["tool"]["driver"]["name"]
    assert sarif_errors(broken)


def test_results_are_the_failures_only(report: Report) -> None:
    results = _doc(report)["runs"][0]["results"]
    failures = [f for f in report.findings if f.status is Status.FAIL]
    assert [r["partialFingerprints"]["smaudit/v1"] for r in results] == [
        f.fingerprint for f in failures
    ]


def test_what_github_needs_on_every_rule(report: Report) -> None:
    rules = _doc(report)["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [c.id for c in report.controls]
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        score = rule["properties"]["security-severity"]
        assert isinstance(score, str) and 0.1 <= float(score) <= 10.0
        assert "security" in rule["properties"]["tags"]


def test_what_github_needs_on_every_result(report: Report) -> None:
    run = _doc(report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"]
        assert result["locations"], "GitHub rejects an upload with empty locations"
        assert result["partialFingerprints"]["smaudit/v1"]


def test_each_result_points_at_its_account_in_its_own_file(report: Report) -> None:
    places = {}
    for result in _doc(report)["runs"][0]["results"]:
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        region = physical["region"]
        key = (result["ruleId"], result["properties"]["account_id"])
        places[key] = (
            physical["artifactLocation"]["uri"],
            region["startLine"],
            region["startColumn"],
        )
    expected = {k: v for k, v in PLACES.items() if k != ("SM-IA-01", "region-youtube")}
    assert places == expected


@pytest.mark.parametrize(
    ("severity", "score", "level"),
    [
        (Severity.CRITICAL, "9.5", "error"),
        (Severity.HIGH, "8.0", "error"),
        (Severity.MEDIUM, "5.5", "warning"),
        (Severity.LOW, "3.0", "note"),
        (Severity.INFO, "0.5", "note"),
    ],
)
def test_severity_scale(severity: Severity, score: str, level: str, report: Report) -> None:
    """GitHub's bands: >= 9 critical, 7-8.9 high, 4-6.9 medium, below 4 low."""
    failure = next(f for f in report.findings if f.status is Status.FAIL)
    changed = dataclasses.replace(
        report, findings=(dataclasses.replace(failure, severity=severity),)
    )
    run = _doc(changed)["runs"][0]
    rule = run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]
    assert (rule["properties"]["security-severity"], run["results"][0]["level"]) == (score, level)


def test_results_are_capped_at_githubs_limit(
    report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sarif, "MAX_RESULTS", 2)
    run = _doc(report)["runs"][0]
    assert len(run["results"]) == 2
    assert run["properties"]["truncated"]["failures"] == 3


def test_absolute_paths_become_file_uris(report: Report) -> None:
    failure = next(f for f in report.findings if f.status is Status.FAIL)
    # the field's place is in the account's file
    moved = dataclasses.replace(
        failure, location=dataclasses.replace(failure.location, file="/srv/my inv.yaml")
    )
    run = _doc(dataclasses.replace(report, findings=(moved,)))["runs"][0]
    artifact = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "file:///srv/my%20inv.yaml"}
