"""NDJSON: one JSON feed finding a line, each standing alone for a log pipeline (when, which
agency, inventory, profile, run and tool), and nothing that splits a line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from click.testing import CliRunner

from smaudit import __version__
from smaudit.cli.app import cli
from smaudit.formats.findings import ndjson
from smaudit.formats.findings.jsonfeed import SCHEMA_VERSION, finding_document
from smaudit.model import Report, Status
from tests.conftest import AS_OF, SAMPLES
from tests.formats.conftest import RUN_ID, render, view

SPLUNK_TRUNCATE = 10_000
"""Bytes: Splunk cuts an event at this length unless props.conf says otherwise (TRUNCATE); a
cut line is no longer JSON. The other shippers take longer lines (Vector 100 KiB, Fluent Bit's
tail 32 KiB a buffer)."""

ENVELOPE = {
    "timestamp": "2026-11-20T14:30:05+00:00",
    "schema_version": SCHEMA_VERSION,
    "tool": "smaudit",
    "tool_version": __version__,
    "run_id": RUN_ID,
    "as_of": "2026-11-20",
    "agency": "Department of Examples",
    "inventory": "inventory/agency.yaml,inventory/regional.yaml",
    "profile": "modern",
    "catalogue_version": "test-catalogue",
}


def test_one_finding_a_line_as_the_json_feed_has_it(report: Report) -> None:
    text = render(report, "ndjson")
    assert text.endswith("\n") and "\n\n" not in text
    lines = text.splitlines()
    listed = report.without_passes().findings
    assert len(lines) == len(listed)
    controls = {c.id: c for c in report.controls}
    for line, finding in zip(lines, listed, strict=True):
        record = json.loads(line)
        feed = finding_document(finding, controls[finding.control_id])
        assert {k: v for k, v in record.items() if k in feed} == json.loads(json.dumps(feed))
        assert set(record) == set(feed) | set(ENVELOPE)  # no key of the run hides one of its


def test_every_line_stands_alone(report: Report) -> None:
    for line in render(report, "ndjson").splitlines():
        record = json.loads(line)
        assert {k: record[k] for k in ENVELOPE} == ENVELOPE
        assert line.startswith('{"timestamp": "2026-11-20T14:30:05+00:00", ')


def test_the_event_time_has_a_zone(report: Report) -> None:
    naive = dataclasses.replace(report.run, started_at=dt.datetime(2026, 11, 20, 14, 30, 5))
    (line, *_) = ndjson.render(dataclasses.replace(report, run=naive)).splitlines()
    assert dt.datetime.fromisoformat(json.loads(line)["timestamp"]).utcoffset() == dt.timedelta(0)


def test_line_breaks_inside_strings_stay_escaped(report: Report) -> None:
    failure = next(f for f in report.findings if f.status is Status.FAIL)
    awkward = dataclasses.replace(failure, message="one\ntwo\r\nthree\u2028four\u2029five")
    text = ndjson.render(dataclasses.replace(report, findings=(awkward,)))
    assert len(text.splitlines()) == 1
    assert json.loads(text)["message"] == "one\ntwo\r\nthree\u2028four\u2029five"


def test_an_empty_run_is_an_empty_file(report: Report) -> None:
    assert ndjson.render(dataclasses.replace(report, findings=())) == ""


def test_the_sample_through_the_cli() -> None:
    args = ["check", str(SAMPLES / "agency.yaml"), "--as-of", AS_OF, "--format", "ndjson"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and {r["agency"] for r in records} == {"Department of Coastal Resilience"}
    assert len({r["run_id"] for r in records}) == len({r["timestamp"] for r in records}) == 1
    assert {r["inventory"] for r in records} == {str(SAMPLES / "agency.yaml")}


def test_10000_accounts_a_line_each_every_line_whole_for_splunk(scale_report: Report) -> None:
    shown = view(scale_report, "ndjson")
    data = b"".join(ndjson.iter_render(shown))
    lines = data.split(b"\n")
    assert lines.pop() == b"" and len(lines) == len(shown.findings)
    assert max(len(line) for line in lines) < SPLUNK_TRUNCATE
    first, last = json.loads(lines[0]), json.loads(lines[-1])
    assert first["fingerprint"] == shown.findings[0].fingerprint
    assert last["fingerprint"] == shown.findings[-1].fingerprint
    assert {k: last[k] for k in ("agency", "profile", "timestamp")} == {
        k: first[k] for k in ("agency", "profile", "timestamp")
    }
