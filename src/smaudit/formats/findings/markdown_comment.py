"""Markdown for a pull-request comment (`markdown-comment`), within GitHub's 65,536 characters
whatever the inventory's size: the counts, the worst findings, the controls that need
attention, and where the full report is."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from smaudit.formats.findings.common import controls_by_id
from smaudit.formats.findings.markdown import counts_table, title
from smaudit.formats.findings.markdown_groups import group_counts
from smaudit.formats.findings.markdown_text import (
    COMMENT,
    LEFT_OUT,
    ROW_HEADER,
    Budget,
    cell,
    row,
    size,
    worst_first,
)
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.model import Control, Finding, Report, Severity, Status

TOP_FINDINGS = 25
"""Findings a comment lists, the worst first: enough to act on, few enough to read."""
TOP_CONTROLS = 30
"""Controls a comment lists, the worst first."""
_CONTROLS_HEADER = (
    "| Control | Severity | Failed | Not assessed | Waived | Title |\n|---|---|---:|---:|---:|---|"
)
_ATTENTION = (Status.FAIL, Status.ERROR, Status.WAIVED)
_ELSEWHERE = "the job summary, SARIF, CSV and JSON outputs list every one"


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    needing = worst_first(f for f in report.findings if f.status is Status.FAIL)
    needing += worst_first(f for f in report.findings if f.status is Status.ERROR)
    parts = [title(report), counts_table(report)]
    # the pointer is written last but its room is kept first: a comment always says where
    # the rest is
    pointer = _pointer(options)
    room = COMMENT.limit - size("\n\n".join([*parts, pointer])) - 4 * LEFT_OUT
    budget = Budget(room, COMMENT)
    if options.group_by is not None and (needing or report.count(Status.WAIVED)):
        listed = [f for f in report.findings if f.status in _ATTENTION]
        accounts = {account.id: account for account in report.inventory.accounts}
        parts.append(group_counts(listed, accounts, options, budget))
    if needing:
        parts.append(_top(needing, budget, options))
    waived = sum(1 for f in report.findings if f.status is Status.WAIVED)
    if needing or waived:
        parts.append(_controls(report, budget))
    parts.append(pointer)
    return "\n\n".join(parts) + "\n"


def _top(needing: list[Finding], budget: Budget, options: RenderOptions) -> str:
    shown = needing[:TOP_FINDINGS]
    heading = f"### The worst findings ({len(shown)} of {len(needing)})"
    why = f"a comment lists the {TOP_FINDINGS} worst"
    rows = budget.rows((row(f, options) for f in shown), len(needing), _ELSEWHERE, why)
    return "\n".join([heading, "", ROW_HEADER, *rows])


def _controls(report: Report, budget: Budget) -> str:
    """One line per control that needs attention, the worst first."""
    controls = controls_by_id(report)
    tallies = _tallies(report.findings)
    order = {control_id: number for number, control_id in enumerate(controls)}
    ranked = sorted(tallies, key=lambda c: (-tallies[c][0].rank, order.get(c, len(order))))
    lines = (_control_row(controls[c], *tallies[c]) for c in ranked[:TOP_CONTROLS] if c in controls)
    heading = f"### Controls that need attention ({len(ranked)})"
    why = f"a comment lists the {TOP_CONTROLS} worst"
    rows = budget.rows(lines, len(ranked), "`smaudit controls show ID` gives each in full", why)
    return "\n".join([heading, "", _CONTROLS_HEADER, *rows])


def _tallies(findings: tuple[Finding, ...]) -> dict[str, tuple[Severity, Counter[Status]]]:
    """Per control: the worst severity of its findings (after tiers) and how many had each
    outcome."""
    worst: dict[str, Severity] = {}
    counts: dict[str, Counter[Status]] = {}
    for finding in findings:
        if finding.status in (Status.FAIL, Status.ERROR, Status.WAIVED):
            known = worst.get(finding.control_id)
            if known is None or finding.severity.rank > known.rank:
                worst[finding.control_id] = finding.severity
            counts.setdefault(finding.control_id, Counter())[finding.status] += 1
    return {c: (worst[c], counts[c]) for c in worst}


def _control_row(control: Control, severity: Severity, counts: Mapping[Status, int]) -> str:
    cells = (
        cell(control.id),
        severity.value,
        str(counts.get(Status.FAIL, 0)),
        str(counts.get(Status.ERROR, 0)),
        str(counts.get(Status.WAIVED, 0)),
        cell(control.title),
    )
    return "| " + " | ".join(cells) + " |"


def _pointer(options: RenderOptions) -> str:
    """Where the whole report is: the run's page when GitHub says which run this is."""
    links = options.repository
    if links is not None and links.run_url is not None:
        return (
            f"**The full report**: the [job summary and artifacts of this run]({links.run_url}) "
            "list every finding, with each control's remediation."
        )
    return (
        "**The full report**: `--format markdown` writes the job summary (every finding that "
        "fits in 1 MiB, with each control's remediation); the SARIF, CSV and JSON outputs list "
        "every finding."
    )
