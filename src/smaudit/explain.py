"""`smaudit check --explain ID`: every step of one control's check, with the values it saw."""

from __future__ import annotations

import json
from typing import Any

from smaudit.model import Control, Evidence, Finding, Report, Status
from smaudit.terminal import escape

_MARK = {
    Status.PASS: "ok  ",
    Status.FAIL: "FAIL",
    Status.ERROR: "??  ",
    Status.NOT_APPLICABLE: "n/a ",
}
_VERDICT = {
    Status.PASS: "PASS",
    Status.FAIL: "FAIL",
    Status.ERROR: "NOT ASSESSED",
    Status.NOT_APPLICABLE: "NOT APPLICABLE",
}


def render(report: Report, control: Control, account_id: str | None = None) -> str:
    findings = [
        f
        for f in report.findings
        if f.control_id == control.id and (account_id is None or f.account_id == account_id)
    ]
    lines = [f"{control.id}  {control.title}", "", f"Requirement: {control.statement}", ""]
    lines += [_account(finding) for finding in findings] or ["No such account."]
    return escape("\n".join(lines).rstrip() + "\n")  # ids, values, control text: see terminal.py


def _show(value: Any) -> str:
    if value is None:
        return "(missing)"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _fact(fact: Evidence) -> str:
    if fact.outcome is Status.NOT_APPLICABLE:
        return (
            f"{fact.path} = {_show(fact.actual)}: this part applies only where it is "
            f"{fact.expected}"
        )
    if fact.expected.startswith("nothing to check"):
        return f"{fact.path}: {fact.expected}"
    return f"{fact.path} = {_show(fact.actual)}; expected {fact.expected}"


def _account(finding: Finding) -> str:
    where = finding.location
    lines = [
        f"{finding.account_id} ({finding.platform}, {where.file}:{where.line}): "
        f"{_VERDICT[finding.status]}"
    ]
    if not finding.evidence:
        lines.append(f"    {finding.message}")
    for fact in finding.evidence:
        lines.append(f"    {_MARK[fact.outcome]}  {_fact(fact)}")
    todo = [f for f in finding.evidence if f.outcome in (Status.FAIL, Status.ERROR)]
    if finding.status in (Status.FAIL, Status.ERROR) and todo:
        lines.append("    To pass:")
        for fact in todo:
            verb = "record" if fact.actual is None else "make"
            lines.append(f"      - {verb} {fact.path} {fact.expected}")
    return "\n".join(lines) + "\n"
