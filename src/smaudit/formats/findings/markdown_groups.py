"""The Markdown summary's findings grouped by office, owner, platform or tier (`--group-by`):
a heading per group with its counts, then the group's findings, worst first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from smaudit.formats.findings.groups import GROUP_BY, by_group, tally
from smaudit.formats.findings.markdown_text import STATUS_LABEL, Budget, cell, row
from smaudit.formats.options import RenderOptions
from smaudit.model import Account, Finding, Status

TOP_GROUPS = 30
"""Groups a pull-request comment lists, the most failures first."""

GROUP_ROW_HEADER = (
    "| Outcome | Severity | Control | Account | Message | Location |\n|---|---|---|---|---|---|"
)
ELSEWHERE = "see the JSON, CSV or SARIF output for all of them (each row names its group)"


def grouped_tables(
    findings: list[Finding],
    accounts: Mapping[str, Account],
    options: RenderOptions,
    budget: Budget,
) -> str:
    """A heading per group and a table of its findings, as many as fit; once a group's rows
    no longer fit, the groups after it are counted."""
    key = options.group_by or "office"
    groups = by_group(findings, key, accounts, options.show_personal_data)
    title = f"### Findings by {key} ({len(groups)} group{'s' if len(groups) != 1 else ''})"
    parts = [title]
    budget.take(title)
    for number, (label, mine) in enumerate(groups):
        heading = f"#### {GROUP_BY[key]}: {cell(label)}: {tally(mine)}"
        if not budget.take(heading + "\n\n" + GROUP_ROW_HEADER):
            parts.append(_rest(groups[number:], key))
            break
        rows = (f"| {STATUS_LABEL[f.status]} {row(f, options)}" for f in mine)
        shown = budget.rows(rows, len(mine), ELSEWHERE)
        parts.append("\n".join([heading, "", GROUP_ROW_HEADER, *shown]))
        if len(shown) < len(mine) and number + 1 < len(groups):
            parts.append(_rest(groups[number + 1 :], key))
            break
    return "\n\n".join(parts)


def _rest(groups: list[tuple[str, list[Finding]]], key: str) -> str:
    names = ", ".join(cell(label) for label, _ in groups[:3])
    more = ", ..." if len(groups) > 3 else ""
    total = sum(len(mine) for _, mine in groups)
    return (
        f"{len(groups)} more {key} group{'s' if len(groups) != 1 else ''} ({names}{more}; "
        f"{total} findings) not shown here: {ELSEWHERE}."
    )


def group_counts(
    findings: list[Finding],
    accounts: Mapping[str, Account],
    options: RenderOptions,
    budget: Budget,
) -> str:
    """The pull-request comment's roll-up: one line per group (failed, not assessed, waived,
    accounts), the most failures first; the findings themselves stay in the job summary."""
    key = options.group_by or "office"
    groups = by_group(findings, key, accounts, options.show_personal_data)
    heading = f"### By {key} ({len(groups)} group{'s' if len(groups) != 1 else ''})"
    header = (
        f"| {GROUP_BY[key]} | Failed | Not assessed | Waived | Accounts concerned |\n"
        "|---|---:|---:|---:|---:|"
    )
    budget.take(heading + "\n\n" + header)
    lines = (_count_row(label, mine) for label, mine in groups[:TOP_GROUPS])
    why = f"a comment lists the {TOP_GROUPS} groups with most failures"
    rows = budget.rows(lines, len(groups), "the job summary's --group-by lists every one", why)
    return "\n".join([heading, "", header, *rows])


def _count_row(label: str, findings: list[Finding]) -> str:
    counts = Counter(f.status for f in findings)
    accounts = len({f.account_id for f in findings})
    outcomes = (counts[s] for s in (Status.FAIL, Status.ERROR, Status.WAIVED))
    return f"| {cell(label)} | " + " | ".join(str(n) for n in outcomes) + f" | {accounts} |"
