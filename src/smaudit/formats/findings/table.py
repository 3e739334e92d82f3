"""The terminal table: findings grouped by control, worst first, then one summary line."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import groupby

from smaudit.formats.findings.groups import GROUP_BY, by_group, tally
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.formats.plaintext import columns, wrap
from smaudit.model import Control, Finding, Report, Severity, Status
from smaudit.safety.terminal import escape_inline

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
    Status.WAIVED: "WAIVED",
}
_RESET = "\033[0m"
DETAIL_WIDTH = 70


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    controls = {c.id: c for c in report.controls}
    if options.group_by and report.findings:
        parts = _by_group(report, controls, options)
    else:
        parts = _by_control(report.findings, controls, options)
    if not parts:
        parts.append("No findings.")
    if report.unused_waivers:
        unused = escape_inline(", ".join(f"{w.id} ({w.control_id})" for w in report.unused_waivers))
        parts.append(f"Unused waivers (they match no finding that needs one): {unused}")
    if report.overlapping_waivers:
        pairs = ", ".join(
            f"{a.id} and {b.id} ({a.control_id})" for a, b in report.overlapping_waivers
        )
        parts.append(
            f"Overlapping waivers (the same control and account, periods that overlap): {pairs}"
        )
    parts.append(summary_line(report))
    return "\n\n".join(parts) + "\n"


def _by_control(
    findings: Sequence[Finding], controls: Mapping[str, Control], options: RenderOptions
) -> list[str]:
    """A block per control and outcome, each control's blocks from its worst finding on."""
    # the findings are sorted worst first; a control's group starts at its worst finding
    order: dict[tuple[str, Status], int] = {}
    for index, finding in enumerate(findings):
        order.setdefault((finding.control_id, finding.status), index)
    ordered = sorted(findings, key=lambda f: order[(f.control_id, f.status)])
    return [
        _group(controls[control_id], status, list(group), options.color)
        for (control_id, status), group in groupby(ordered, key=lambda f: (f.control_id, f.status))
    ]


def _by_group(report: Report, controls: Mapping[str, Control], options: RenderOptions) -> list[str]:
    """`--group-by`: a heading per group with its counts, then its blocks per control."""
    key = options.group_by or "office"
    accounts = {account.id: account for account in report.inventory.accounts}
    groups = by_group(list(report.findings), key, accounts, options.show_personal_data)
    parts = []
    for label, findings in groups:
        title = escape_inline(f"{GROUP_BY[key]}: {label}")
        heading = f"== {title}  [{tally(findings)}] =="
        blocks = _by_control(findings, controls, options)
        parts.append(heading + "\n\n" + "\n\n".join(_indented(block) for block in blocks))
    return parts


def _indented(block: str) -> str:
    return "\n".join("  " + line if line else line for line in block.splitlines())


def _group(control: Control, status: Status, findings: list[Finding], color: bool) -> str:
    severities = sorted({f.severity for f in findings}, key=lambda s: -s.rank)
    label = "/".join(s.value for s in severities).upper()
    if color and status is Status.FAIL:
        label = f"{_COLORS[severities[0]]}{label}{_RESET}"
    count = f"{len(findings)} account{'s' if len(findings) != 1 else ''}"
    # every text from an input file is escaped before it is laid out (see terminal.py)
    title = escape_inline(f"{control.id}  {control.title}")
    heading = f"{label}  {title}  [{_RESULT[status]}: {count}]"
    rows = [
        ([escape_inline(f.account_id)], wrap(escape_inline(_message(f)), DETAIL_WIDTH), [_where(f)])
        for f in findings
    ]
    return heading + "\n" + "\n".join("    " + line for line in columns(rows))


def _where(finding: Finding) -> str:
    where = finding.field_location or finding.location
    return escape_inline(f"{where.file}:{where.line}")


def _message(finding: Finding) -> str:
    waiver = finding.waiver
    if finding.status is Status.WAIVED and waiver is not None:
        return (
            f"{finding.message} [waived: {waiver.id}, {waiver.kind}, {waiver.ticket}, "
            f"until {waiver.expires_on.isoformat()}]"
        )
    return finding.message


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
        f"(profile {escape_inline(run.profile)}, as of {run.as_of.isoformat()})"
    )
    fails = f"{failed} failed" + (f" ({by_severity})" if by_severity else "")
    waived = f", {report.count(Status.WAIVED)} waived" if report.count(Status.WAIVED) else ""
    return (
        f"{head}: {fails}{waived}, {report.count(Status.ERROR)} not assessed, "
        f"{report.count(Status.PASS)} passed, {report.count(Status.NOT_APPLICABLE)} "
        "not applicable"
    )
