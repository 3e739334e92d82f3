"""GitLab Code Quality: each finding as an issue on its inventory line, shown in merge requests.

The report is the "custom tool" format of GitLab's Code Quality documentation: a JSON array of
objects with `description`, `check_name`, `fingerprint`, `severity` and `location` (`path`
relative to the repository root, `lines.begin`). GitLab compares a merge request's report with
its target branch's by fingerprint, so the fingerprint is the finding's own (control and
account): an edit elsewhere in the inventory changes no issue, and a finding that turns from
failed to not assessed, or to waived, stays the same issue rather than reading as fixed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from smaudit.formats.findings.common import (
    controls_by_id,
    encoded_batches,
    source_uri,
    underlying_status,
    waiver_note,
    where,
)
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.model import Control, Finding, Report, Severity, Status

# GitLab's five severities, in the same order as smaudit's five
SEVERITY = {
    Severity.INFO: "info",
    Severity.LOW: "minor",
    Severity.MEDIUM: "major",
    Severity.HIGH: "critical",
    Severity.CRITICAL: "blocker",
}
WAIVED_SEVERITY = "info"
"""A waived finding stays listed, as the same issue, ranked below anything open."""
LISTED = (Status.FAIL, Status.ERROR, Status.WAIVED)


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    return "".join(_lines(report, options))


def iter_render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> Iterator[bytes]:
    """`render`'s text as UTF-8 chunks of a few hundred issues: never all held at once."""
    return encoded_batches(_lines(report, options))


def _lines(report: Report, options: RenderOptions) -> Iterator[str]:
    """One issue a line inside the array: a diff of two reports reads issue by issue."""
    controls = controls_by_id(report)
    listed = (f for f in report.findings if f.status in LISTED)
    separator = "[\n"
    for finding in listed:
        yield separator + json.dumps(issue(finding, controls[finding.control_id], options))
        separator = ",\n"
    yield "[]\n" if separator == "[\n" else "\n]\n"


def issue(finding: Finding, control: Control, options: RenderOptions) -> dict[str, object]:
    place = where(finding)
    return {
        "description": _description(finding, control),
        "check_name": finding.control_id,
        "fingerprint": finding.fingerprint,
        "severity": _severity(finding),
        "location": {
            "path": source_uri(place.file, options),
            "lines": {"begin": max(place.line, 1)},
        },
    }


def _severity(finding: Finding) -> str:
    if finding.status is Status.WAIVED:
        return WAIVED_SEVERITY
    return SEVERITY[finding.severity]


def _description(finding: Finding, control: Control) -> str:
    """What the widget lists: the control, the account, and what is wrong or why it is waived.
    The engine's message already says "not assessed" for a finding that could not be."""
    text = f"{control.id} {control.title}: {finding.account_id} ({finding.platform}): "
    text += finding.message
    if finding.status is Status.WAIVED:
        was = "not assessed" if underlying_status(finding) is Status.ERROR else "failed"
        text += f" [{was}, {finding.severity.value}; {waiver_note(finding)}]"
    return text
