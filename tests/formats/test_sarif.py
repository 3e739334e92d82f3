"""SARIF: the OASIS schema (errata01) and what GitHub code scanning needs on top of it."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from smaudit.assessment import waivers
from smaudit.formats import RenderOptions
from smaudit.formats.findings import sarif
from smaudit.formats.findings.common import INFORMATION_URI
from smaudit.model import Report, Severity, Status
from tests.formats.conftest import AS_OF, DATA, PLACES, a_waiver, render, sarif_errors, view


def _doc(report: Report, options: RenderOptions | None = None) -> dict[str, Any]:
    if options is None:
        doc: dict[str, Any] = json.loads(render(report, "sarif"))
    else:
        doc = json.loads(sarif.render(view(report, "sarif"), options))
    return doc


def _results(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [result for run in doc["runs"] for result in run["results"]]


def _waived(report: Report) -> Report:
    return waivers.apply(report, [a_waiver("W-1", "hq-x", dt.date(2027, 1, 31))], AS_OF)


def test_validates_against_the_oasis_schema(report: Report) -> None:
    assert not sarif_errors(_doc(report))
    assert not sarif_errors(_doc(_waived(report)))


def test_the_validator_rejects_a_broken_document(report: Report) -> None:
    doc = _doc(report)
    run = next(r for r in doc["runs"] if r["results"])
    broken = copy.deepcopy(doc)
    index = doc["runs"].index(run)
    broken["runs"][index]["results"][0]["locations"][0]["physicalLocation"]["region"][
        "startLine"
    ] = 0
    assert sarif_errors(broken)  # regions are 1-based
    broken = copy.deepcopy(doc)
    del broken["runs"][0]["tool"]["driver"]["name"]
    assert sarif_errors(broken)


def test_every_failure_not_assessed_and_waived_finding_is_a_result(report: Report) -> None:
    waived = _waived(report)
    listed = [f for f in waived.findings if f.status in (Status.FAIL, Status.ERROR, Status.WAIVED)]
    assert {f.status for f in listed} == {Status.FAIL, Status.ERROR, Status.WAIVED}
    results = _results(_doc(waived))
    assert sorted(r["partialFingerprints"]["smaudit/v1"] for r in results) == sorted(
        f.fingerprint for f in listed
    )


def test_githubs_fingerprint_is_smaudits_own(report: Report) -> None:
    """The upload action fills primaryLocationLineHash from the line's text only when absent."""
    for result in _results(_doc(report)):
        prints = result["partialFingerprints"]
        assert prints["primaryLocationLineHash"] == prints["smaudit/v1"]


def test_a_waived_finding_is_a_suppressed_result(report: Report) -> None:
    results = _results(_doc(_waived(report)))
    [waived] = [r for r in results if r["properties"]["status"] == "waived"]
    assert waived["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "waived by W-1 (risk_acceptance, ticket SEC-12, until 2027-01-31)",
        }
    ]
    assert "waived by W-1" in waived["message"]["text"]
    # SARIF 3.27.23: all of a run's results carry suppressions, or none does
    assert all(r["suppressions"] == [] for r in results if r is not waived)


def test_a_not_assessed_finding_is_a_warning_that_says_so(report: Report) -> None:
    [result] = [r for r in _results(_doc(report)) if r["properties"]["status"] == "error"]
    assert result["level"] == "warning"
    assert "not assessed" in result["message"]["text"]


def test_within_githubs_limits_and_one_category_a_part(report: Report) -> None:
    runs = _doc(report)["runs"]
    assert len(runs) == sarif.PARTS <= 20  # GitHub rejects a file of more runs
    ids = [run["automationDetails"]["id"] for run in runs]
    categories = [i.rsplit("/", 1)[0] for i in ids]  # GitHub: all before the last slash
    assert len(set(categories)) == len(runs)
    assert categories[0] == "smaudit/modern/inventory/*/part-01-of-20"
    assert {i.rsplit("/", 1)[1] for i in ids} == {report.run.id}
    assert all(len(run["results"]) <= sarif.RESULTS_PER_RUN for run in runs)


def test_every_run_declares_the_same_rules(report: Report) -> None:
    runs = _doc(report)["runs"]
    rules = runs[0]["tool"]["driver"]["rules"]
    assert all(run["tool"]["driver"]["rules"] == rules for run in runs)
    ids = [r["id"] for r in rules]
    assert "SM-IA-01/critical" in ids and len(ids) == len(set(ids))


def test_what_github_needs_on_every_rule(report: Report) -> None:
    run = _doc(report)["runs"][0]
    assert run["tool"]["driver"]["informationUri"] == INFORMATION_URI
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        score = rule["properties"]["security-severity"]
        assert isinstance(score, str) and 0.1 <= float(score) <= 10.0
        assert "security" in rule["properties"]["tags"]
        assert len(rule["properties"]["tags"]) <= 10  # GitHub keeps ten


def test_each_result_ranks_at_its_own_findings_severity(report: Report) -> None:
    severity = {f.fingerprint: f.severity.value for f in report.findings}
    for run in _doc(report)["runs"]:
        rules = run["tool"]["driver"]["rules"]
        for result in run["results"]:
            rule = rules[result["ruleIndex"]]
            assert rule["id"] == result["ruleId"]
            expected = severity[result["partialFingerprints"]["smaudit/v1"]]
            assert rule["properties"]["severity"] == expected
            assert result["locations"], "GitHub rejects an upload with empty locations"


def test_each_result_points_at_its_account_in_its_own_file(report: Report) -> None:
    places = {}
    for result in _results(_doc(report)):
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        region = physical["region"]
        assert region["endLine"] == region["startLine"]
        key = (result["ruleId"].split("/")[0], result["properties"]["account_id"])
        places[key] = (
            physical["artifactLocation"]["uri"],
            region["startLine"],
            region["startColumn"],
        )
    assert places == PLACES


def test_locations_are_relative_to_the_repository_root(report: Report) -> None:
    """Loaded from tests/formats/data, a subfolder of the repository (this checkout)."""
    root = DATA.parents[2]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(DATA)
        results = _results(_doc(report, RenderOptions(source_root=root.resolve())))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {f"tests/formats/data/inventory/{n}.yaml" for n in ("agency", "regional")}


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
    run = next(r for r in _doc(changed)["runs"] if r["results"])
    rule = run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]
    assert (rule["properties"]["security-severity"], run["results"][0]["level"]) == (score, level)


def test_a_file_outside_the_repository_is_an_absolute_file_uri(
    report: Report, tmp_path: Path
) -> None:
    failure = next(f for f in report.findings if f.status is Status.FAIL)
    moved = dataclasses.replace(
        failure, location=dataclasses.replace(failure.location, file="/srv/my inv.yaml")
    )
    doc = _doc(dataclasses.replace(report, findings=(moved,)), RenderOptions(source_root=tmp_path))
    [result] = _results(doc)
    artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "file:///srv/my%20inv.yaml"}
