"""Per control, for the HTML report: the requirement in plain words, its sources, and the
accounts that fail it or could not be assessed, with their evidence and place."""

from __future__ import annotations

import re
from collections.abc import Sequence

from smaudit.formats.findings.common import show_value, waiver_note, where
from smaudit.formats.findings.html.model import ControlSection, Fact, FindingRow
from smaudit.model import Control, Finding, Report, Status, Strength

MAX_ROWS = 50
"""Accounts listed under one control, worst first; the rest are counted, and the JSON feed
(`--format json`), CSV and SARIF list every one."""

ATTENTION = (Status.FAIL, Status.ERROR, Status.WAIVED)
STATUS_WORDS = {
    Status.FAIL: "Failed",
    Status.ERROR: "Not assessed",
    Status.WAIVED: "Waived",
    Status.PASS: "Passed",
    Status.NOT_APPLICABLE: "Not applicable",
}
_STATUS_ORDER = {Status.FAIL: 0, Status.ERROR: 1, Status.WAIVED: 2}
STRENGTH_WORDS = {
    Strength.SHALL: "SHALL: a requirement; a failure is a finding.",
    Strength.SHOULD: "SHOULD: a recommended practice; depart from it only with a reason.",
}
_CODE_SPAN = re.compile(r"`([^`]*)`")
Quiet = tuple[tuple[str, str], ...]
"""Controls with nothing to act on: id and title."""


def control_sections(report: Report) -> tuple[tuple[ControlSection, ...], Quiet]:
    """The controls with something to act on, worst first; and the quiet ones (id, title)."""
    mine: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if finding.status in ATTENTION:
            mine.setdefault(finding.control_id, []).append(finding)
    order = {control.id: number for number, control in enumerate(report.controls)}
    loud = sorted(
        (c for c in report.controls if c.id in mine),
        key=lambda c: (-_worst(mine[c.id]), -_open(mine[c.id]), order[c.id]),
    )
    quiet = tuple((c.id, c.title) for c in report.controls if c.id not in mine)
    return tuple(section(c, mine[c.id]) for c in loud), quiet


def _worst(findings: Sequence[Finding]) -> int:
    """The worst severity among the open findings (a waived one counts least)."""
    open_ = [f.severity.rank for f in findings if f.status is not Status.WAIVED]
    return max(open_) if open_ else -1


def _open(findings: Sequence[Finding]) -> int:
    return sum(1 for f in findings if f.status is not Status.WAIVED)


def section(control: Control, findings: Sequence[Finding]) -> ControlSection:
    ordered = sorted(findings, key=_row_order)
    platforms = sorted({f.platform for f in findings} & set(control.remediation_by_platform))
    counts = {status: 0 for status in ATTENTION}
    for finding in findings:
        counts[finding.status] += 1
    return ControlSection(
        id=control.id,
        anchor=anchor("control", control.id),
        title=control.title,
        statement=plain(control.statement),
        rationale=plain(control.rationale),
        strength=control.strength.value,
        strength_words=STRENGTH_WORDS[control.strength],
        severity=control.severity.value,
        family=control.family,
        nist=tuple(nist_label(n) for n in control.nist_800_53),
        sources=tuple(_source(r.source, r.section) for r in control.references),
        remediation=plain(control.remediation),
        platform_steps=tuple((p, plain(control.remediation_by_platform[p])) for p in platforms),
        failed=counts[Status.FAIL],
        not_assessed=counts[Status.ERROR],
        waived=counts[Status.WAIVED],
        rows=tuple(finding_row(f) for f in ordered[:MAX_ROWS]),
        more=max(len(ordered) - MAX_ROWS, 0),
    )


def _row_order(finding: Finding) -> tuple[int, int, str]:
    return (_STATUS_ORDER[finding.status], -finding.severity.rank, finding.account_id)


def finding_row(finding: Finding) -> FindingRow:
    place = where(finding)
    return FindingRow(
        account_id=finding.account_id,
        platform=finding.platform,
        severity=finding.severity.value,
        status=STATUS_WORDS[finding.status],
        tone=finding.status.value,
        message=finding.message,
        place=f"{place.file}:{place.line}",
        facts=tuple(f for f in facts(finding) if not _said(f, finding.message)),
        waiver=waiver_note(finding),
    )


def facts(finding: Finding) -> tuple[Fact, ...]:
    """The facts that decided the outcome and did not hold; those that held are left out (the
    JSON feed has them all). Values come masked from the engine."""
    return tuple(
        Fact(e.path, show_value(e.actual), e.expected, e.source)
        for e in finding.evidence
        if e.decisive and e.outcome is not Status.PASS
    )


def _said(fact: Fact, message: str) -> bool:
    """The message already states this fact (it is usually worded from the first one)."""
    return fact.path in message and fact.expected in message


def nist_label(control_id: str) -> str:
    """`ia-2.1` (OSCAL's form, as the catalogue keeps it) as people write it: `IA-2(1)`."""
    base, *enhancements = control_id.split(".")
    return base.upper() + "".join(f"({e})" for e in enhancements)


def _source(source: str, part: str | None) -> str:
    return f"{source}, {part}" if part else source


def plain(text: str) -> str:
    """Catalogue prose on one line, its Markdown code spans as the words they quote."""
    return _CODE_SPAN.sub(r"\1", " ".join(text.split()))


def anchor(kind: str, name: str) -> str:
    """An id attribute's value from any text: letters, digits and hyphens only."""
    return kind + "-" + re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()
