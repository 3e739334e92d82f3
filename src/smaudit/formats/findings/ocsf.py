"""OCSF 1.5.0 Compliance Finding events (class 2003) for SIEMs and data lakes: `ocsf`, one JSON
array, and `ocsf-ndjson`, one event a line for log shippers.

One event per failure and per not-assessed evaluation; passes only when the run lists them
(`--include-passed`), since a SIEM mostly wants what needs attention. Not-applicable evaluations
are never events: nothing was checked. A waived failure is an event whose `compliance` still
says Fail and whose own `status_id` is Suppressed. With `--baseline`, each finding the baseline
had open and this run does not (fixed, or out of the control's scope) gets a Close event, so
that the SIEM closes it too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from smaudit.formats.findings.common import controls_by_id, encoded_batches, underlying_status
from smaudit.formats.findings.ocsf_events import (
    COMPLIANCE_STATUS,
    Run,
    closing_event,
    finding_event,
)
from smaudit.formats.findings.ocsf_lifecycle import Lifecycle, closing_stage
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.model import Report

BATCH = 256


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    # the same text as json.dumps(events(report, options), indent=2, ensure_ascii=False) + "\n"
    return "".join(_array(report, options))


def iter_render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> Iterator[bytes]:
    """`render`'s text as UTF-8 chunks, BATCH events at a time: a million events do not fit
    comfortably in memory as one list of documents and one string."""
    return (part.encode() for part in _array(report, options))


def render_lines(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """`ocsf-ndjson`: the same events, each compact on a line of its own, as Filebeat, Fluent
    Bit, Vector or a Splunk forwarder read a file: a line is an event."""
    return "".join(_lines(report, options))


def iter_lines(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> Iterator[bytes]:
    return encoded_batches(_lines(report, options))


def _lines(report: Report, options: RenderOptions) -> Iterator[str]:
    # ASCII output: json.dumps escapes line feeds in strings, and then U+2028, U+2029 and the
    # other characters some line splitters also break on, so each event is exactly one line
    for event in _events(report, options):
        yield json.dumps(event, separators=(",", ":")) + "\n"


def _array(report: Report, options: RenderOptions) -> Iterator[str]:
    """The array of events a batch at a time. json.dumps of a batch at the array's own depth
    indents each event exactly as in the whole array: only its brackets are cut off."""
    batch: list[dict[str, Any]] = []
    opened = False
    for item in _events(report, options):
        batch.append(item)
        if len(batch) == BATCH:
            yield ("," if opened else "[") + json.dumps(batch, indent=2, ensure_ascii=False)[1:-2]
            batch, opened = [], True
    if batch:
        yield ("," if opened else "[") + json.dumps(batch, indent=2, ensure_ascii=False)[1:-2]
        opened = True
    yield "\n]\n" if opened else "[]\n"


def events(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> list[dict[str, Any]]:
    return list(_events(report, options))


def _events(report: Report, options: RenderOptions) -> Iterator[dict[str, Any]]:
    """The run's findings in the report's order (worst first), then the Close events."""
    controls = controls_by_id(report)
    run = Run.of(report)
    lifecycle = Lifecycle(options.drift)
    listed: set[tuple[str, str]] = set()
    for finding in report.findings:
        if underlying_status(finding) in COMPLIANCE_STATUS:
            stage = lifecycle.stage(finding)
            if lifecycle.closings:
                listed.add((finding.control_id, finding.account_id))
            yield finding_event(finding, controls[finding.control_id], run, stage)
    if not lifecycle.closings:
        return
    accounts = {account.id: account for account in report.inventory.accounts}
    for entry in lifecycle.closings:
        if (entry.control_id, entry.account_id) in listed:
            continue  # a pass listed above is already its Close
        # the finding passes or is out of scope in this run: its control ran, its account is read
        control = controls[entry.control_id or ""]
        account = accounts.get(entry.account_id or "")
        yield closing_event(entry, control, account, run, closing_stage(entry))
