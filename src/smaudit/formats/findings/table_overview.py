"""The terminal's opening summary: the controls that need attention, by severity and outcome,
in one screen, then the run's summary line."""

from __future__ import annotations

import textwrap
from collections import Counter

from smaudit.formats.options import RenderOptions
from smaudit.formats.plaintext import columns, wrap_words
from smaudit.model import Finding, Report, Severity, Status
from smaudit.safety.terminal import escape_inline

SCREEN = 24
"""Lines a screen is taken to hold when the terminal does not say."""
_OTHER_LINES = 10
"""Lines of the summary beside the controls' rows (headings, totals, the hint, the run)."""
_OUTCOMES = (Status.FAIL, Status.ERROR, Status.WAIVED)


def overview(report: Report, options: RenderOptions) -> str:
    width = options.width or 80
    tallies = _tallies(report.findings)
    room = max((options.screen_lines or SCREEN) - _OTHER_LINES, 3)
    parts = []
    if tallies:
        parts.append(_controls(report, tallies, room, width))
    parts.append(_fit(_hint(report), width))
    parts.append(_fit(summary_line(report), width))
    return "\n\n".join(parts) + "\n"


def _tallies(findings: tuple[Finding, ...]) -> dict[str, tuple[Severity, Counter[Status]]]:
    worst: dict[str, Severity] = {}
    counts: dict[str, Counter[Status]] = {}
    for finding in findings:
        if finding.status in _OUTCOMES:
            known = worst.get(finding.control_id)
            if known is None or finding.severity.rank > known.rank:
                worst[finding.control_id] = finding.severity
            counts.setdefault(finding.control_id, Counter())[finding.status] += 1
    return {c: (worst[c], counts[c]) for c in worst}


def _controls(
    report: Report, tallies: dict[str, tuple[Severity, Counter[Status]]], room: int, width: int
) -> str:
    """A line per control that needs attention, the worst first, as many as one screen holds;
    titles shortened at a word to the width left."""
    titles = {c.id: c.title for c in report.controls}
    order = {c.id: n for n, c in enumerate(report.controls)}
    ranked = sorted(tallies, key=lambda c: (-tallies[c][0].rank, order.get(c, len(order))))
    shown = ranked if len(ranked) <= room else ranked[: room - 1]  # a line says the rest
    header = ["control", "worst", "failed", "not assessed", "waived"]
    rows = [[[h] for h in header]]
    for control_id in shown:
        severity, counts = tallies[control_id]
        numbers = [str(counts[s]) for s in _OUTCOMES]
        rows.append([[escape_inline(control_id)], [severity.value], *([n] for n in numbers)])
    lines = columns(rows)
    left = width - max(len(line) for line in lines) - 4  # the indent, the gap
    if left >= 12:  # the title, shortened at a word, where there is room for one
        names = ["title"] + [escape_inline(titles.get(c, "")) for c in shown]
        wide = max(len(x) for x in lines)
        lines = [
            f"{line:<{wide}}  {textwrap.shorten(name, left, placeholder=' ...')}"
            for line, name in zip(lines, names, strict=True)
        ]
    heading = f"Needs attention, by control, the worst first ({len(ranked)} controls):"
    body = ["  " + line.rstrip() for line in lines]
    if len(shown) < len(ranked):
        body.append(f"  ... and {len(ranked) - len(shown)} more controls")
    return "\n".join([*wrap_words(heading, width), *body])


def _hint(report: Report) -> str:
    listed = sum(1 for f in report.findings if f.status in _OUTCOMES)
    accounts = len({f.account_id for f in report.findings if f.status in _OUTCOMES})
    return (
        f"{listed} findings on {accounts} accounts, not listed here: --details lists each one, "
        "--output csv:findings.csv writes them for a spreadsheet, --output html:report.html "
        "as a report to read."
    )


def _fit(text: str, width: int) -> str:
    return "\n".join(wrap_words(text, width, "  "))


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
