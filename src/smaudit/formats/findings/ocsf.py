"""OCSF 1.5.0 Compliance Finding events (class 2003), a JSON array, for SIEMs and data lakes.

One event per failure and per not-assessed evaluation; passes only when the run lists them
(`--include-passed`), since a SIEM mostly wants what needs attention. Not-applicable evaluations
are never events: nothing was checked. A waived failure is an event whose `compliance` still
says Fail and whose own `status_id` is Suppressed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from smaudit import __version__
from smaudit.formats.findings.common import (
    INFORMATION_URI,
    TOOL_NAME,
    controls_by_id,
    epoch_millis,
    underlying_status,
    waiver_note,
    where,
)
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.model import Control, Finding, Report, Severity, Status

OCSF_VERSION = "1.5.0"
STANDARD = "NIST SP 800-53 Rev 5"
CLASS_UID = 2003  # Compliance Finding
CATEGORY_UID = 2  # Findings
ACTIVITY_ID = 1  # Create: each run reports its findings afresh
TYPE_UID = CLASS_UID * 100 + ACTIVITY_ID
SUPPRESSED = 3  # the finding's own status_id: a waived failure is a suppressed finding

# compliance.status_id: 1 Pass, 2 Warning ("did not yield a result due to missing information",
# which is exactly smaudit's not assessed), 3 Fail.
_COMPLIANCE_STATUS = {
    Status.PASS: (1, "Pass"),
    Status.ERROR: (2, "Warning"),
    Status.FAIL: (3, "Fail"),
}
_SEVERITY = {
    Severity.INFO: (1, "Informational"),
    Severity.LOW: (2, "Low"),
    Severity.MEDIUM: (3, "Medium"),
    Severity.HIGH: (4, "High"),
    Severity.CRITICAL: (5, "Critical"),
}


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    # the same text as json.dumps(events(report), indent=2, ensure_ascii=False) + "\n"
    return "".join(_parts(report))


def iter_render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> Iterator[bytes]:
    """`render`'s text as UTF-8 chunks, BATCH events at a time: a million events do not fit
    comfortably in memory as one list of documents and one string."""
    return (part.encode() for part in _parts(report))


BATCH = 256


def _parts(report: Report) -> Iterator[str]:
    """The array of events a batch at a time. json.dumps of a batch at the array's own depth
    indents each event exactly as in the whole array: only its brackets are cut off."""
    batch: list[dict[str, Any]] = []
    opened = False
    for item in _events(report):
        batch.append(item)
        if len(batch) == BATCH:
            yield ("," if opened else "[") + json.dumps(batch, indent=2, ensure_ascii=False)[1:-2]
            batch, opened = [], True
    if batch:
        yield ("," if opened else "[") + json.dumps(batch, indent=2, ensure_ascii=False)[1:-2]
        opened = True
    yield "\n]\n" if opened else "[]\n"


def events(report: Report) -> list[dict[str, Any]]:
    return list(_events(report))


def _events(report: Report) -> Iterator[dict[str, Any]]:
    controls = controls_by_id(report)
    return (
        event(finding, controls[finding.control_id], report)
        for finding in report.findings
        if underlying_status(finding) in _COMPLIANCE_STATUS
    )


def event(finding: Finding, control: Control, report: Report) -> dict[str, Any]:
    status_id, status = _COMPLIANCE_STATUS[underlying_status(finding)]
    severity_id, severity = _SEVERITY[finding.severity]
    place = where(finding)
    doc: dict[str, Any] = {
        "activity_id": ACTIVITY_ID,
        "activity_name": "Create",
        "category_uid": CATEGORY_UID,
        "category_name": "Findings",
        "class_uid": CLASS_UID,
        "class_name": "Compliance Finding",
        "type_uid": TYPE_UID,
        "type_name": "Compliance Finding: Create",
        "severity_id": severity_id,
        "severity": severity,
        "time": epoch_millis(report.run.started_at),
        "message": f"{finding.account_id} ({finding.platform}): {finding.message}",
        "metadata": {
            "version": OCSF_VERSION,
            "product": {
                "name": TOOL_NAME,
                "vendor_name": TOOL_NAME,
                "version": __version__,
                "url_string": INFORMATION_URI,
            },
            "correlation_uid": report.run.id,
        },
        "finding_info": {
            "uid": finding.fingerprint,
            "title": f"{control.id} {control.title}",
            "desc": finding.message,
            "types": ["Social media account compliance"],
        },
        "compliance": {
            "standards": [STANDARD],
            "control": control.id,
            "requirements": list(control.nist_800_53),
            "status_id": status_id,
            "status": status,
            "desc": control.statement,
        },
        "resources": [
            {
                "uid": finding.account_id,
                "type": finding.platform,
                # where the account (or the field that decided) is written in the inventory
                "data": {"file": place.file, "line": place.line, "column": place.column},
            }
        ],
        "remediation": {"desc": control.remediation_for(finding.platform)},
    }
    if finding.status is Status.WAIVED:
        # the check's verdict stays in `compliance`; the finding itself is suppressed
        doc |= {
            "status_id": SUPPRESSED,
            "status": "Suppressed",
            "status_detail": waiver_note(finding),
        }
    return doc
