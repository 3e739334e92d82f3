"""Markdown for a GitHub job summary or pull-request comment: counts, worst failures, fixes."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from smaudit.formats.findings.common import controls_by_id, waiver_note, where
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.model import Control, Finding, Report, Severity, Status
from smaudit.safety.terminal import escape_inline

MAX_CHARACTERS = 65_536
"""GitHub's limit for a pull-request or issue comment (a job summary takes 1 MiB): the summary
always fits in one, whatever the size of the run. What does not fit is counted, not listed."""
TABLE_SHARE = 0.6
"""Of what the title and counts leave, the share the finding tables may take; remediation
sections get the rest, so that a run with many failures still says how to fix them."""
MAX_ACCOUNTS = 50
"""Accounts named in a control's collapsed section."""
_STATUS_LABEL = {  # in the order the summary shows them
    Status.FAIL: "Failed",
    Status.ERROR: "Not assessed",
    Status.WAIVED: "Waived",
    Status.PASS: "Passed",
    Status.NOT_APPLICABLE: "Not applicable",
}
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|#~!])")
# GitHub links a bare URL or www. name and notifies an @name: a zero-width space (as an entity,
# so the text stays plain ASCII) after the @ or inside "://" leaves the words as written and
# breaks the pattern. A backslash before @ would not: mentions are found after Markdown is read.
_LINKS_AND_MENTIONS = re.compile(r"@|(?<=[A-Za-z]):(?=//)|(?<=\bwww)\.", re.IGNORECASE)
_ROW_HEADER = "| Severity | Control | Account | Message | Location |\n|---|---|---|---|---|"


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    controls = controls_by_id(report)
    failures = _worst_first(f for f in report.findings if f.status is Status.FAIL)
    errors = _worst_first(f for f in report.findings if f.status is Status.ERROR)
    waived = _worst_first(f for f in report.findings if f.status is Status.WAIVED)
    parts = [_title(report), _summary(report)]
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
    left = MAX_CHARACTERS - _size(parts) - len(sections) * (len(_ROW_HEADER) + 60 + _LEFT_OUT)
    tables = Budget(int(left * TABLE_SHARE))
    for heading, findings in sections:
        parts.append(_table(heading, findings, tables))
    # the worst first, as in the tables: the room may run out before the last control
    worst: dict[str, int] = {}
    for finding in failures + errors:
        worst[finding.control_id] = max(worst.get(finding.control_id, 0), finding.severity.rank)
    order = list(controls)
    attention = sorted(worst, key=lambda c: (-worst[c], order.index(c)))
    if attention:
        parts.append(_remediation(attention, controls, failures + errors, left - tables.used))
    return "\n\n".join(parts) + "\n"


class Budget:
    """Characters a part of the summary may still take."""

    def __init__(self, total: int) -> None:
        self.total, self.used = total, 0

    def take(self, text: str) -> bool:
        """Count `text` (and the line break before it) in, if it fits."""
        if self.used + len(text) + 1 > self.total:
            return False
        self.used += len(text) + 1
        return True

    def rows(self, rows: Iterable[str], total: int, elsewhere: str) -> list[str]:
        """The rows that fit, then, if some did not, a line saying how many were left out and
        where `elsewhere` lists them all."""
        shown: list[str] = []
        for row in rows:
            if not self.take(row):
                break
            shown.append(row)
        if len(shown) < total:
            shown += [
                "",
                f"{total - len(shown)} more not shown here (a summary stays within GitHub's "
                f"{MAX_CHARACTERS:,}-character comment limit): {elsewhere}.",
            ]
        return shown


def _size(parts: list[str]) -> int:
    return len("\n\n".join(parts)) + 3  # the blank line before the next part, the final newline


# Room kept for the lines that say what was left out (numbers of up to seven digits)
_LEFT_OUT = 240


def cell(text: str) -> str:
    """Text safe in a table cell: no HTML, no Markdown syntax, no link or @mention, no control
    character, on one line."""
    text = html.escape(escape_inline(" ".join(text.split())), quote=False)
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    return _LINKS_AND_MENTIONS.sub(lambda m: m.group() + "&#8203;", text)


def _worst_first(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-f.severity.rank, f.control_id, f.account_id))


def _title(report: Report) -> str:
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


def _summary(report: Report) -> str:
    """Counts by severity and status; the waived column only when something was waived."""
    columns = [s for s in _STATUS_LABEL if s is not Status.WAIVED or report.count(s)]
    rows = [
        "| Severity | " + " | ".join(_STATUS_LABEL[s] for s in columns) + " |",
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


def _table(heading: str, findings: list[Finding], budget: Budget) -> str:
    rows = [f"### {heading} ({len(findings)})", "", _ROW_HEADER]
    elsewhere = "see the JSON, CSV or SARIF output for all of them"
    rows += budget.rows((_row(f) for f in findings), len(findings), elsewhere)
    return "\n".join(rows)


def _row(finding: Finding) -> str:
    place = where(finding)
    cells = (
        finding.severity.value,
        finding.control_id,
        finding.account_id,
        f"{finding.message} ({waiver_note(finding)})" if waiver_note(finding) else finding.message,
        f"{place.file}:{place.line}",
    )
    return "| " + " | ".join(cell(c) for c in cells) + " |"


def _remediation(
    attention: list[str], controls: Mapping[str, Control], findings: list[Finding], room: int
) -> str:
    """A collapsed section per control that failed or could not be assessed, as many as fit."""
    budget = Budget(room - _LEFT_OUT)
    parts = ["### Remediation by control"]
    budget.take(parts[0])
    for number, control_id in enumerate(attention):
        section = _details(controls[control_id], findings)
        if not budget.take(section):
            rest = attention[number:]
            parts.append(
                f"Remediation for {len(rest)} more control{'s' if len(rest) != 1 else ''} "
                f"({', '.join(rest[:3])}{', ...' if len(rest) > 3 else ''}) not shown here: "
                "`smaudit controls show ID` gives each in full."
            )
            break
        parts.append(section)
    return "\n\n".join(parts)


def _details(control: Control, findings: list[Finding]) -> str:
    """A collapsed section: the requirement, why, and the steps for each platform concerned."""
    mine = [f for f in findings if f.control_id == control.id]
    counts = Counter(f.status for f in mine)
    tally = ", ".join(
        f"{counts[s]} {_STATUS_LABEL[s].lower()}" for s in (Status.FAIL, Status.ERROR) if counts[s]
    )
    summary = html.escape(f"{control.id} {control.title} ({control.severity.value}): {tally}")
    platforms = sorted({f.platform for f in mine} & set(control.remediation_by_platform))
    steps = [
        f"- **{html.escape(p)}**: {_text(control.remediation_by_platform[p])}" for p in platforms
    ]
    body = [
        f"**Requirement**: {_text(control.statement)}",
        f"**Why**: {_text(control.rationale)}",
        f"**Remediation**: {_text(control.remediation)}",
    ]
    if steps:
        body.append("\n".join(steps))
    accounts = ", ".join(cell(f.account_id) for f in mine[:MAX_ACCOUNTS])
    more = f" and {len(mine) - MAX_ACCOUNTS} more" if len(mine) > MAX_ACCOUNTS else ""
    body.append(f"**Accounts**: {accounts}{more}")
    return f"<details><summary>{summary}</summary>\n\n" + "\n\n".join(body) + "\n\n</details>"


def _text(text: str) -> str:
    """Catalogue prose: its Markdown (code spans) kept, any HTML shown as text."""
    return " ".join(html.escape(text, quote=False).split())
