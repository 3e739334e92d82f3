"""OCSF Compliance Finding: the generated 1.5.0 schema, the class ids and times in milliseconds,
the tenant and namespace on every event, the finding's own status and activity, and the
line-per-event form."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
from typing import Any

import pytest

from smaudit.assessment import waivers
from smaudit.formats import RenderOptions
from smaudit.formats.findings import ocsf
from smaudit.formats.findings.common import inventory_label
from smaudit.formats.findings.jsonfeed import as_feed
from smaudit.model import Report, Status
from smaudit.runs.compare import compare
from tests.formats.conftest import AS_OF, PLACES, STARTED_AT, a_waiver, ocsf_errors, render


def _events(report: Report, name: str = "ocsf") -> list[dict[str, Any]]:
    text = render(report, name)
    if name == "ocsf-ndjson":
        return [json.loads(line) for line in text.splitlines()]
    events: list[dict[str, Any]] = json.loads(text)
    return events


@pytest.mark.parametrize("name", ["ocsf", "ocsf-ndjson"])
def test_every_event_validates(report: Report, name: str) -> None:
    events = _events(report, name)
    assert events and not ocsf_errors(events)


def test_the_validator_rejects_a_broken_event(report: Report) -> None:
    event = _events(report)[0]
    changes: list[dict[str, Any]] = [
        {"class_uid": 2004},
        {"time": "2026-11-20T14:30:05Z"},
        {"status_id": 9},  # no such finding status
        {"activity_id": 4},  # Create, Update and Close only
        {"metadata": {**event["metadata"], "tenant_uid": 7}},
    ]
    for change in changes:
        assert ocsf_errors([{**copy.deepcopy(event), **change}]), change
    missing = copy.deepcopy(event)
    del missing["finding_info"]["uid"]
    assert ocsf_errors([missing])


def test_events_are_the_failures_and_the_not_assessed(report: Report) -> None:
    events = _events(report.without_passes())
    statuses = {
        (e["compliance"]["control"], e["resources"][0]["uid"]): e["compliance"]["status_id"]
        for e in events
    }
    assert statuses == {
        ("SM-IA-01", "hq-x"): 3,
        ("SM-GOV-03", "hq-x"): 3,
        ("SM-GOV-04", "region-youtube"): 3,
        ("SM-IA-01", "region-youtube"): 2,  # Warning: no result for want of information
    }
    for event in events:
        data = event["resources"][0]["data"]
        key = (event["compliance"]["control"], event["resources"][0]["uid"])
        assert (data["file"], data["line"], data["column"]) == PLACES[key]


def test_passes_are_events_when_listed_and_not_applicable_never(report: Report) -> None:
    events = json.loads(ocsf.render(report))  # as with --include-passed
    listed = [f for f in report.findings if f.status is not Status.NOT_APPLICABLE]
    assert len(events) == len(listed)
    assert {e["compliance"]["status_id"] for e in events} == {1, 2, 3}


def test_class_time_and_severity(report: Report) -> None:
    event = _events(report)[0]
    assert (event["class_uid"], event["category_uid"], event["type_uid"]) == (2003, 2, 200301)
    assert event["time"] == int(STARTED_AT.timestamp()) * 1000  # milliseconds
    assert event["compliance"]["standards"] == ["NIST SP 800-53 Rev 5"]
    assert event["compliance"]["requirements"] == ["ia-2.1", "ia-2.2", "ia-5"]
    assert (event["severity_id"], event["severity"]) == (5, "Critical")
    assert event["metadata"]["version"] == "1.5.0"


def test_a_naive_start_time_is_taken_as_utc(report: Report) -> None:
    naive = dataclasses.replace(report.run, started_at=STARTED_AT.replace(tzinfo=None))
    event = _events(dataclasses.replace(report, run=naive))[0]
    assert event["time"] == int(STARTED_AT.timestamp()) * 1000


def test_every_event_names_its_agency_and_inventory(report: Report) -> None:
    """Two agencies (or two inventories) in one SIEM index tell their `hq-x` apart."""
    for event in json.loads(ocsf.render(report)):
        assert event["metadata"]["tenant_uid"] == "Department of Examples"
        assert event["resources"][0]["namespace"] == inventory_label(report)
        assert inventory_label(report) == "inventory/agency.yaml,inventory/regional.yaml"


def _stages(events: list[dict[str, Any]]) -> dict[tuple[str, str], tuple[str, str, str]]:
    return {
        (e["compliance"]["control"], e["resources"][0]["uid"]): (
            e["activity_name"],
            e["status"],
            e["compliance"]["status"],
        )
        for e in events
    }


def test_without_a_baseline_open_findings_are_new_passes_resolved_and_waivers_suppressed(
    report: Report,
) -> None:
    waived = waivers.apply(report, [a_waiver("W-1", "hq-x", dt.date(2027, 1, 31))], AS_OF)
    events = json.loads(ocsf.render(waived))  # every outcome listed
    stages = _stages(events)
    assert stages[("SM-GOV-03", "hq-x")] == ("Create", "New", "Fail")
    assert stages[("SM-IA-01", "region-youtube")] == ("Create", "New", "Warning")
    assert stages[("SM-IA-01", "hq-x")] == ("Create", "Suppressed", "Fail")
    # a pass is a closed, resolved finding: what a SIEM must not count as active
    assert stages[("SM-GOV-03", "hq-facebook")] == ("Close", "Resolved", "Pass")
    for event in events:
        assert event["type_uid"] == 200300 + event["activity_id"]
        assert event["type_name"] == f"Compliance Finding: {event['activity_name']}"
        assert (event["status_id"], event["status"]) in {
            (1, "New"),
            (3, "Suppressed"),
            (4, "Resolved"),
        }


def test_against_an_unchanged_baseline_every_open_finding_is_an_update(report: Report) -> None:
    drift = compare(as_feed(report), as_feed(report))
    text = ocsf.render(report.without_passes(), RenderOptions(drift=drift))
    events = json.loads(text)
    assert len(events) == 4 and not ocsf_errors(events)
    assert {(e["activity_name"], e["status"]) for e in events} == {("Update", "New")}


def _with(report: Report, changes: dict[tuple[str, str], Status]) -> Report:
    findings = tuple(
        dataclasses.replace(f, status=changes.get((f.control_id, f.account_id), f.status))
        for f in report.findings
    )
    return dataclasses.replace(report, findings=findings)


def test_a_fixed_finding_and_one_out_of_scope_are_closed(report: Report) -> None:
    """Against a baseline where hq-facebook failed SM-GOV-03 and SM-GOV-04: the first is fixed
    (it passes now), the second no longer applies: both are closed, neither as a Create."""
    gov03, gov04 = ("SM-GOV-03", "hq-facebook"), ("SM-GOV-04", "hq-facebook")
    before = _with(report, {gov03: Status.FAIL, gov04: Status.FAIL})
    after = _with(report, {gov04: Status.NOT_APPLICABLE})
    options = RenderOptions(drift=compare(as_feed(before), as_feed(after)))
    array = json.loads(ocsf.render(after.without_passes(), options))
    lines = ocsf.render_lines(after.without_passes(), options).splitlines()
    assert [json.loads(line) for line in lines] == array
    assert not ocsf_errors(array)
    closes = [e for e in array if e["activity_name"] == "Close"]
    assert _stages(closes) == {
        gov03: ("Close", "Resolved", "Pass"),
        gov04: ("Close", "Archived", "Not applicable"),
    }
    assert all(e["type_uid"] == 200303 for e in closes)
    fixed = next(e for e in closes if e["compliance"]["control"] == "SM-GOV-03")
    assert fixed["message"] == "hq-facebook (facebook): SM-GOV-03 now passes"
    [was] = [f for f in report.findings if (f.control_id, f.account_id) == gov03]
    assert fixed["finding_info"]["uid"] == was.fingerprint
    assert fixed["resources"][0]["namespace"] == inventory_label(report)
    assert {e["activity_name"] for e in array} == {"Update", "Close"}  # the rest stayed open
    # with the passes listed, the pass itself is the Close: no second event for it
    listed = json.loads(ocsf.render(after, options))
    keys = [(e["compliance"]["control"], e["resources"][0]["uid"]) for e in listed]
    assert len(keys) == len(set(keys)) and gov03 in keys and gov04 in keys


def test_the_lines_hold_the_same_events_one_a_line(report: Report) -> None:
    odd = "line\nbreak, paragraph\u2029and line\u2028separators, \u0085 and \x1c"
    findings = tuple(dataclasses.replace(f, message=odd) for f in report.findings)
    strange = dataclasses.replace(report, findings=findings)
    text = ocsf.render_lines(strange)
    assert text.endswith("\n") and text.isascii()
    lines = text.split("\n")[:-1]
    assert lines == text.splitlines()  # no other character splits a line either
    assert [json.loads(line) for line in lines] == json.loads(ocsf.render(strange))
    assert b"".join(ocsf.iter_lines(strange)).decode() == text
