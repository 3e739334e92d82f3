"""The Markdown summary's remediation: a collapsed section per control that needs attention,
its requirement, why it matters and how to fix it on each platform concerned."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Mapping

from smaudit.formats.findings.markdown_text import LEFT_OUT, STATUS_LABEL, Budget, Channel, cell
from smaudit.model import Control, Finding, Status

MAX_ACCOUNTS = 50
"""Accounts named in a control's collapsed section."""


def attention_order(controls: Mapping[str, Control], findings: list[Finding]) -> list[str]:
    """The controls that failed or could not be assessed, worst severity first, then in the
    catalogue's order (as in the tables: the room may run out before the last control)."""
    worst: dict[str, int] = {}
    for finding in findings:
        worst[finding.control_id] = max(worst.get(finding.control_id, 0), finding.severity.rank)
    order = {control_id: number for number, control_id in enumerate(controls)}
    return sorted(worst, key=lambda c: (-worst[c], order[c]))


def remediation(
    attention: list[str],
    controls: Mapping[str, Control],
    findings: list[Finding],
    room: int,
    channel: Channel,
) -> str:
    """A collapsed section per control that failed or could not be assessed, as many as fit."""
    budget = Budget(room - LEFT_OUT, channel)
    parts = ["### Remediation by control"]
    budget.take(parts[0])
    by_control: dict[str, list[Finding]] = {}
    for finding in findings:
        by_control.setdefault(finding.control_id, []).append(finding)
    for number, control_id in enumerate(attention):
        section = _details(controls[control_id], by_control[control_id])
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


def _details(control: Control, mine: list[Finding]) -> str:
    """A collapsed section: the requirement, why, and the steps for each platform concerned."""
    counts = Counter(f.status for f in mine)
    tally = ", ".join(
        f"{counts[s]} {STATUS_LABEL[s].lower()}" for s in (Status.FAIL, Status.ERROR) if counts[s]
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
