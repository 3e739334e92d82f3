"""The terminal table: worst findings first, then one summary line a person can act on."""

from __future__ import annotations

from tabulate import tabulate

from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.model import Finding, Report, Severity, Status

_COLORS = {
    Severity.CRITICAL: "\033[1;31m",
    Severity.HIGH: "\033[31m",
    Severity.MEDIUM: "\033[33m",
    Severity.LOW: "\033[36m",
    Severity.INFO: "\033[2m",
}
_RESULT = {
    Status.FAIL: "FAIL",
    Status.ERROR: "NOT ASSESSED",
    Status.PASS: "pass",
    Status.NOT_APPLICABLE: "n/a",
}
_RESET = "\033[0m"
DETAIL_WIDTH = 72


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    controls = {c.id: c for c in report.controls}
    rows = [_row(f, controls[f.control_id].title, options.color) for f in report.findings]
    parts = []
    if rows:
        headers = ["SEVERITY", "RESULT", "CONTROL", "ACCOUNT", "DETAIL", "WHERE"]
        parts.append(
            tabulate(
                rows,
                headers=headers,
                tablefmt="simple",
                maxcolwidths=[None, None, None, None, DETAIL_WIDTH, None],
            )
        )
    else:
        parts.append("No findings.")
    parts.append(summary_line(report))
    return "\n\n".join(parts) + "\n"


def _row(finding: Finding, title: str, color: bool) -> list[str]:
    severity = finding.severity.value
    if color and finding.status is Status.FAIL:
        severity = f"{_COLORS[finding.severity]}{severity}{_RESET}"
    where = finding.field_location or finding.location
    return [
        severity,
        _RESULT[finding.status],
        finding.control_id,
        finding.account_id,
        f"{title}: {finding.message}",
        f"{where.file}:{where.line}",
    ]


def summary_line(report: Report) -> str:
    """E.g. `34 accounts x 8 controls (profile modern, as of 2026-11-20): 15 failed (5 critical,
    10 high), 6 not assessed, 230 passed, 21 not applicable`."""
    run = report.run
    failed = report.count(Status.FAIL)
    by_severity = ", ".join(
        f"{report.counts_by_severity[s].get(Status.FAIL, 0)} {s.value}"
        for s in reversed(Severity)
        if report.counts_by_severity.get(s, {}).get(Status.FAIL)
    )
    head = (
        f"{len(report.inventory.accounts)} accounts x {len(report.controls)} controls "
        f"(profile {run.profile}, as of {run.as_of.isoformat()})"
    )
    fails = f"{failed} failed" + (f" ({by_severity})" if by_severity else "")
    return (
        f"{head}: {fails}, {report.count(Status.ERROR)} not assessed, "
        f"{report.count(Status.PASS)} passed, {report.count(Status.NOT_APPLICABLE)} "
        "not applicable"
    )
