"""NDJSON: one JSON feed finding a line, with its run, and nothing that splits a line."""

from __future__ import annotations

import dataclasses
import json

from smaudit.formats.findings import ndjson
from smaudit.formats.findings.jsonfeed import finding_document
from smaudit.model import Report, Status
from tests.formats.conftest import RUN_ID, render


def test_one_finding_a_line_as_the_json_feed_has_it(report: Report) -> None:
    text = render(report, "ndjson")
    assert text.endswith("\n") and "\n\n" not in text
    lines = text.splitlines()
    listed = report.without_passes().findings
    assert len(lines) == len(listed)
    controls = {c.id: c for c in report.controls}
    for line, finding in zip(lines, listed, strict=True):
        record = json.loads(line)
        assert record["run_id"] == RUN_ID and record["as_of"] == "2026-11-20"
        assert record["tool_version"]
        feed = finding_document(finding, controls[finding.control_id])
        assert {k: v for k, v in record.items() if k in feed} == json.loads(json.dumps(feed))


def test_line_breaks_inside_strings_stay_escaped(report: Report) -> None:
    failure = next(f for f in report.findings if f.status is Status.FAIL)
    awkward = dataclasses.replace(failure, message="one\ntwo\r\nthree\u2028four\u2029five")
    text = ndjson.render(dataclasses.replace(report, findings=(awkward,)))
    assert len(text.splitlines()) == 1
    assert json.loads(text)["message"] == "one\ntwo\r\nthree\u2028four\u2029five"


def test_an_empty_run_is_an_empty_file(report: Report) -> None:
    assert ndjson.render(dataclasses.replace(report, findings=())) == ""
