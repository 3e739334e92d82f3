"""OCSF Compliance Finding: the generated 1.5.0 schema, the class ids and times in milliseconds."""

from __future__ import annotations

import copy
import dataclasses
import json
from typing import Any

from smaudit.formats.findings import ocsf
from smaudit.model import Report, Status
from tests.formats.conftest import PLACES, STARTED_AT, ocsf_errors, render


def _events(report: Report) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = json.loads(render(report, "ocsf"))
    return events


def test_every_event_validates(report: Report) -> None:
    events = _events(report)
    assert events and not ocsf_errors(events)


def test_the_validator_rejects_a_broken_event(report: Report) -> None:
    event = _events(report)[0]
    for change in ({"class_uid": 2004}, {"time": "2026-11-20T14:30:05Z"}):
        assert ocsf_errors([{**copy.deepcopy(event), **change}])
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
