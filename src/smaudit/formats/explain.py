"""`smaudit check --explain ID`: every step of one control's check, with the values it saw."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping
from typing import Any

from smaudit.catalogue.capabilities import FIELD, GAPS
from smaudit.model import Control, Evidence, Finding, Report, Status
from smaudit.model.provenance import describe, fact_sources, recorded_where
from smaudit.safety.terminal import escape

DERIVED = (FIELD, GAPS)
"""Fields smaudit works out itself: never something to record in the inventory."""

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
    accounts = {a.id: a.fields for a in report.inventory.accounts}
    lines += [
        _account(finding, control, accounts.get(finding.account_id, {})) for finding in findings
    ] or ["No such account."]
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


def _account(finding: Finding, control: Control, fields: Mapping[str, Any]) -> str:
    where = finding.location
    lines = [
        f"{finding.account_id} ({finding.platform}, {where.file}:{where.line}): "
        f"{_VERDICT[finding.status]}"
    ]
    if not finding.evidence:
        lines.append(f"    {finding.message}")
    for fact in finding.evidence:
        # a part that did not decide it (the branch of an either/or that was not needed) is
        # shown, but not as a failure to fix
        mark = _MARK[fact.outcome] if fact.decisive else "--  "
        lines.append(f"    {mark}  {_fact(fact)}")
    lines += _sources(finding, fields)
    if finding.status in (Status.FAIL, Status.ERROR):
        lines += _to_pass(finding, control)
    return "\n".join(lines) + "\n"


def _sources(finding: Finding, fields: Mapping[str, Any]) -> list[str]:
    """Where the values shown came from (SM-AU-02's evidence): each source, with the facts."""
    by_source: dict[str, tuple[Mapping[str, Any], list[str]]] = {}
    for fact in finding.evidence:
        if fact.actual is None or fact.path.startswith(("evidence", *DERIVED)):
            continue
        for source in fact_sources(fields, fact.path):
            paths = by_source.setdefault(str(source.get("id")), (source, []))[1]
            paths += [fact.path] if fact.path not in paths else []
    return [
        f"    from  {describe(source)}: {', '.join(paths)}" for source, paths in by_source.values()
    ]


def _to_pass(finding: Finding, control: Control) -> list[str]:
    """What to do, from the control's remediation: actions, never a change to a fact the
    inventory records (a departure, a past date) to make a check come out right. Then the
    facts the inventory does not state that the check needs, to record once they are known."""
    if finding.status is Status.FAIL:
        lines = ["    To pass:"]
        for paragraph in control.remediation_for(finding.platform).splitlines():
            lines += textwrap.wrap(
                paragraph, width=96, initial_indent="      ", subsequent_indent="        "
            )
    else:
        lines = ["    To assess it:"]
    unknown = list(
        dict.fromkeys(
            recorded_where(f.path)
            for f in finding.evidence
            if f.outcome is Status.ERROR and f.actual is None and not f.path.startswith(DERIVED)
        )
    )
    if unknown:
        lines.append(f"      Record in the inventory: {', '.join(unknown)}")
    return lines if len(lines) > 1 else []
