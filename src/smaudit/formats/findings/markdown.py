"""Markdown for GitHub's job summary (`markdown`, within 1 MiB): the counts, the findings worst
first (or by group) and how to fix each control; what does not fit is counted."""

from __future__ import annotations

from collections.abc import Mapping

from smaudit.formats.findings.common import controls_by_id
from smaudit.formats.findings.markdown_groups import GROUP_ROW_HEADER, grouped_tables
from smaudit.formats.findings.markdown_remediation import attention_order, remediation
from smaudit.formats.findings.markdown_text import (
    JOB_SUMMARY,
    LEFT_OUT,
    MAX_CHARACTERS,
    ROW_HEADER,
    STATUS_LABEL,
    Budget,
    Channel,
    cell,
    row,
    size,
    worst_first,
)
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.model import Finding, Report, Severity, Status

__all__ = ["MAX_CHARACTERS", "Budget", "cell", "counts_table", "render", "summary", "title"]

TABLE_SHARE = 0.6
"""Of what the title and counts leave, the share the finding tables may take; remediation
sections get the rest, so that a run with many failures still says how to fix them."""


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """The job summary: everything that fits in 1 MiB, what does not counted."""
    return summary(report, options, JOB_SUMMARY)


def summary(report: Report, options: RenderOptions, channel: Channel) -> str:
    controls = controls_by_id(report)
    failures = worst_first(f for f in report.findings if f.status is Status.FAIL)
    errors = worst_first(f for f in report.findings if f.status is Status.ERROR)
    waived = worst_first(f for f in report.findings if f.status is Status.WAIVED)
    parts = [title(report), counts_table(report)]
    sections = [
        (heading, findings)
        for heading, findings in (
            ("Failures, worst first", failures),
            ("Not assessed", errors),
            ("Waived", waived),
        )
        if findings
    ]
    # every table's heading and its line of what was left out have their room kept first
    kept = len(sections) * (len(ROW_HEADER) + 60 + LEFT_OUT)
    if options.group_by and sections:
        kept = len(GROUP_ROW_HEADER) + 3 * LEFT_OUT
    left = channel.limit - _size(parts) - kept
    tables = Budget(int(left * TABLE_SHARE), channel)
    if options.group_by and sections:
        accounts = {account.id: account for account in report.inventory.accounts}
        parts.append(grouped_tables(failures + errors + waived, accounts, options, tables))
    else:
        parts += [_table(heading, found, tables, options) for heading, found in sections]
    attention = attention_order(controls, failures + errors)
    if attention:
        room = left - tables.used
        parts.append(remediation(attention, controls, failures + errors, room, channel))
    return "\n\n".join(parts) + "\n"


def _size(parts: list[str]) -> int:
    return size("\n\n".join(parts)) + 3  # the blank line before the next part, the final newline


def title(report: Report) -> str:
    run = report.run
    failed, unassessed = report.count(Status.FAIL), report.count(Status.ERROR)
    verdict = (
        "all checks passed"
        if not failed and not unassessed
        else (f"{failed} failed, {unassessed} not assessed")
    )
    return (
        f"## smaudit: {cell(report.inventory.agency.name)}: {verdict}\n\n"
        f"{len(report.inventory.accounts)} accounts x {len(report.controls)} controls, "
        f"profile {cell(run.profile)}, catalogue {cell(run.catalogue_version)}, "
        f"as of {run.as_of.isoformat()} (run {cell(run.id)})."
    )


def counts_table(report: Report) -> str:
    """Counts by severity and status; the waived column only when something was waived."""
    columns = [s for s in STATUS_LABEL if s is not Status.WAIVED or report.count(s)]
    rows = [
        "| Severity | " + " | ".join(STATUS_LABEL[s] for s in columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    for severity in reversed(Severity):
        counts = report.counts_by_severity.get(severity, {})
        if any(counts.values()):
            rows.append(
                f"| {severity.value} | " + " | ".join(_count(counts, s) for s in columns) + " |"
            )
    rows.append("| **total** | " + " | ".join(_count(report.counts, s) for s in columns) + " |")
    return "\n".join(rows)


def _count(counts: Mapping[Status, int], status: Status) -> str:
    return str(counts.get(status, 0))


def _table(heading: str, findings: list[Finding], budget: Budget, options: RenderOptions) -> str:
    rows = [f"### {heading} ({len(findings)})", "", ROW_HEADER]
    elsewhere = "see the JSON, CSV or SARIF output for all of them"
    rows += budget.rows((row(f, options) for f in findings), len(findings), elsewhere)
    return "\n".join(rows)
