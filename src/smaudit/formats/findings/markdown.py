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

MAX_ROWS = 1000
"""Rows across the failure and not-assessed tables; the rest is counted, not listed."""
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
    budget = MAX_ROWS
    sections = (("Failures, worst first", failures), ("Not assessed", errors), ("Waived", waived))
    for heading, findings in sections:
        if findings:
            parts.append(_table(heading, findings, budget))
            budget = max(budget - len(findings), 0)
    attention = sorted({f.control_id for f in failures + errors}, key=list(controls).index)
    if attention:
        parts.append("### Remediation by control")
        parts += [_details(controls[c], failures + errors) for c in attention]
    return "\n\n".join(parts) + "\n"


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


def _table(heading: str, findings: list[Finding], budget: int) -> str:
    shown = findings[:budget]
    rows = [f"### {heading} ({len(findings)})", "", _ROW_HEADER]
    rows += [_row(f) for f in shown]
    if len(shown) < len(findings):
        rows += [
            "",
            f"{len(findings) - len(shown)} more not shown here (this summary lists "
            f"{MAX_ROWS} rows at most): see the JSON, CSV or SARIF output for all of them.",
        ]
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
