"""OSCAL assessment results: the NIST 1.2.1 schema, compliance-trestle's models when installed,
and the links between results, observations and findings."""

from __future__ import annotations

import copy
import importlib.util
import json
import uuid
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smaudit.formats.findings import oscal
from smaudit.model import Report, Status
from tests.formats.conftest import PLACES, build_report, oscal_errors, render


def _doc(report: Report) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(render(report, "oscal"))
    return doc


def test_validates_against_the_nist_schema(report: Report) -> None:
    assert not oscal_errors(_doc(report))


def test_the_validator_rejects_a_broken_document(report: Report) -> None:
    doc = _doc(report)
    broken = copy.deepcopy(doc)
    broken["assessment-results"]["results"][0]["findings"][0]["target"]["status"]["state"] = "ok"
    assert oscal_errors(broken)
    broken = copy.deepcopy(doc)
    broken["assessment-results"]["results"][0]["start"] = "2026-11-20T14:30:05"  # no zone
    assert oscal_errors(broken)


@pytest.mark.skipif(
    importlib.util.find_spec("trestle") is None,
    reason="compliance-trestle is not installed (optional and heavy: pip install smaudit[trestle])",
)
def test_compliance_trestle_loads_it(report: Report) -> None:
    from pydantic import ValidationError
    from trestle.oscal.assessment_results import AssessmentResults

    doc = _doc(report)
    loaded = AssessmentResults.model_validate(doc["assessment-results"])
    assert loaded.results[0].findings
    broken = copy.deepcopy(doc)
    broken["assessment-results"]["results"][0]["observations"][0]["methods"] = []
    with pytest.raises(ValidationError):
        AssessmentResults.model_validate(broken["assessment-results"])


def test_one_observation_per_evaluation(report: Report) -> None:
    result = _doc(report)["assessment-results"]["results"][0]
    assert len(result["observations"]) == report.total == len(report.findings)


def test_findings_target_the_nist_objectives_of_passes_and_failures(report: Report) -> None:
    result = _doc(report)["assessment-results"]["results"][0]
    reviewed = {
        c["control-id"]
        for c in result["reviewed-controls"]["control-selections"][0]["include-controls"]
    }
    observations = {o["uuid"] for o in result["observations"]}
    controls = {c.id: c for c in report.controls}
    expected = sum(
        len(controls[f.control_id].nist_800_53)
        for f in report.findings
        if f.status in (Status.PASS, Status.FAIL)
    )
    assert len(result["findings"]) == expected
    for finding in result["findings"]:
        target = finding["target"]
        assert target["type"] == "objective-id"
        assert target["target-id"].removesuffix("_obj") in reviewed
        assert target["status"]["state"] in ("satisfied", "not-satisfied")
        (related,) = finding["related-observations"]
        assert related["observation-uuid"] in observations
    states = {
        (f["title"].split()[0], f["target"]["target-id"]): f["target"]["status"]["state"]
        for f in result["findings"]
        if f["title"].endswith(": hq-x")
    }
    assert states[("SM-IA-01", "ia-2.1_obj")] == "not-satisfied"
    assert states[("SM-GOV-04", "ac-6_obj")] == "satisfied"


def test_uuids_are_version_5_and_stable_across_renders(report: Report) -> None:
    text = render(report, "oscal")
    assert text == render(build_report(), "oscal")
    doc = json.loads(text)["assessment-results"]
    ids = [doc["uuid"], doc["results"][0]["uuid"]]
    ids += [o["uuid"] for o in doc["results"][0]["observations"]]
    ids += [f["uuid"] for f in doc["results"][0]["findings"]]
    assert len(ids) == len(set(ids))
    assert {uuid.UUID(i).version for i in ids} == {5}


def test_evidence_links_to_the_line_of_the_account(report: Report) -> None:
    result = _doc(report)["assessment-results"]["results"][0]
    hrefs = {}
    for observation in result["observations"]:
        props = {p["name"]: p["value"] for p in observation["props"]}
        (evidence,) = observation["relevant-evidence"]
        hrefs[(props["control-id"], props["account-id"])] = evidence["href"]
    for key, (file, line, _) in PLACES.items():
        assert hrefs[key] == f"{file}#L{line}"


@given(st.text(max_size=40), st.lists(st.text(max_size=20), max_size=3))
def test_uuids_are_uuid5_of_the_run_and_names(run_id: str, names: list[str]) -> None:
    expected = uuid.uuid5(oscal.NAMESPACE, "\0".join((run_id, *names)))
    assert oscal._uuid(run_id, *names) == str(expected)
