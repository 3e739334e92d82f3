"""The body of smaudit's OSCAL assessment results: observations, risks and findings.

- An observation per control sums up the run (how many accounts passed, failed, were not
  assessed, waived, not applicable), and one per evaluation that is not a pass gives the
  account, the message, the evidence and the inventory line. Passes are listed one by one only
  when they were asked for (--include-passed): listing them made 2.1 GB at 10,000 accounts.
- A finding per control, outcome and objective: every failure, every evaluation not assessed
  and every waived failure of a control falls under one finding whose related observations
  name each account. All are not-satisfied: a check that could not be made cannot satisfy an
  objective, and a waiver accepts a failure rather than mends it. A control that passes on
  every account it applies to has one satisfied finding per objective.
- A risk per waiver, `deviation-approved` until the waiver expires, which its finding names.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from smaudit.formats.findings.common import show_value, source_uri, underlying_status, where
from smaudit.formats.findings.oscal_common import objective_ids, props, stamp, uuid_for
from smaudit.formats.options import RenderOptions
from smaudit.model import Control, Finding, Report, Severity, Status, Waiver

ATTENTION = (Status.FAIL, Status.ERROR, Status.WAIVED)
"""The outcomes that become findings, in the order their findings are listed."""
_WORDS = {
    Status.PASS: "passed",
    Status.FAIL: "failed",
    Status.ERROR: "not assessed",
    Status.WAIVED: "waived",
    Status.NOT_APPLICABLE: "not applicable",
}
_PROP_NAMES = {
    Status.PASS: "passed",
    Status.FAIL: "failed",
    Status.ERROR: "not-assessed",
    Status.WAIVED: "waived",
    Status.NOT_APPLICABLE: "not-applicable",
}


@dataclass
class Group:
    """The evaluations of one control with one outcome that needs attention."""

    observations: list[str] = field(default_factory=list)
    severity: Severity = Severity.INFO
    underlying: set[Status] = field(default_factory=set)
    waivers: dict[str, tuple[Waiver, list[str]]] = field(default_factory=dict)


Groups = dict[tuple[str, Status], Group]


def group(report: Report) -> Groups:
    """One pass over the findings: which observations each finding and risk will name."""
    groups: Groups = {}
    run_id = report.run.id
    for finding in report.findings:
        if finding.status not in ATTENTION:
            continue
        found = groups.setdefault((finding.control_id, finding.status), Group())
        observation = uuid_for(run_id, "observation", finding.fingerprint)
        found.observations.append(observation)
        if finding.severity.rank > found.severity.rank:
            found.severity = finding.severity
        found.underlying.add(underlying_status(finding))
        if finding.status is Status.WAIVED and finding.waiver is not None:
            entry = found.waivers.setdefault(finding.waiver.id, (finding.waiver, []))
            entry[1].append(observation)
    return groups


def _accounts(n: int) -> str:
    return f"{n} account" if n == 1 else f"{n} accounts"


def _counts(report: Report, control: Control) -> dict[Status, int]:
    counts = report.counts_by_control.get(control.id, {})
    return {status: counts.get(status, 0) for status in _WORDS}


def _tally(counts: dict[Status, int]) -> str:
    return ", ".join(f"{n} {_WORDS[status]}" for status, n in counts.items())


def summary(report: Report, control: Control, options: RenderOptions) -> dict[str, Any]:
    """What one control found across the inventory, in numbers: the record of its passes."""
    counts = _counts(report, control)
    total = sum(counts.values())
    return {
        "uuid": uuid_for(report.run.id, "summary", control.id),
        "title": f"{control.id} {control.title}: {counts[Status.PASS]} of {total} accounts pass",
        "description": f"{control.statement}\n\nOf the {total} accounts: {_tally(counts)}.",
        "props": props(
            ("control-id", control.id),
            ("control-version", str(control.version)),
            *((_PROP_NAMES[status], str(n)) for status, n in counts.items()),
        ),
        "methods": ["TEST"],
        "types": ["control-objective"],
        "relevant-evidence": [
            {
                "href": source_uri(source.path, options),
                "description": f"The inventory file the check read (SHA-256 {source.sha256}).",
            }
            for source in report.inventory.sources
        ],
        "collected": stamp(report.run.started_at),
    }


def observation(
    finding: Finding, control: Control, report: Report, options: RenderOptions
) -> dict[str, Any]:
    """One evaluation of one control on one account, with the line it points at."""
    place = where(finding)
    evidence = _evidence(finding)
    waiver = finding.waiver
    result: dict[str, Any] = {
        "uuid": uuid_for(report.run.id, "observation", finding.fingerprint),
        "title": f"{control.id} on {finding.account_id}: {_WORDS[finding.status]}",
        "description": f"{control.title}: {finding.message}",
        "props": props(
            ("control-id", control.id),
            ("account-id", finding.account_id),
            ("platform", finding.platform),
            ("status", finding.status.value),
            ("original-status", finding.original_status.value if finding.original_status else ""),
            ("severity", finding.severity.value),
            ("fingerprint", finding.fingerprint),
            ("waiver-id", waiver.id if waiver and not finding.waiver_expired else ""),
            ("expired-waiver-id", waiver.id if waiver and finding.waiver_expired else ""),
        ),
        "methods": ["TEST"],
        "types": ["finding" if underlying_status(finding) is Status.FAIL else "control-objective"],
        "relevant-evidence": [
            {
                "href": f"{source_uri(place.file, options)}#L{max(place.line, 1)}",
                "description": f"{finding.account_id} in {place}"
                + (f"\n\n{evidence}" if evidence else ""),
            }
        ],
        "collected": stamp(report.run.started_at),
    }
    return result


def _evidence(finding: Finding) -> str:
    """The facts that did not hold, one a line; those that did are counted, not listed (the
    JSON feed has them all): a check of who may still sign in reads up to forty facts."""
    listed = [e for e in finding.evidence if e.outcome is not Status.PASS]
    lines = [
        f"- `{e.path}`: {show_value(e.actual)} (expected {e.expected}): {e.outcome.value}"
        for e in listed
    ]
    held = len(finding.evidence) - len(listed)
    if held:
        lines.append(f"- and {held} more {'fact' if held == 1 else 'facts'} read, which held")
    return "\n".join(lines)


def risks(report: Report, groups: Groups) -> Iterator[dict[str, Any]]:
    """Each waiver in force, as the accepted risk OSCAL calls an approved deviation."""
    controls = {control.id: control for control in report.controls}
    for (control_id, status), found in groups.items():
        if status is not Status.WAIVED:
            continue
        control = controls[control_id]
        for waiver, observations in found.waivers.values():
            yield _risk(report, control, waiver, observations)


def _risk(
    report: Report, control: Control, waiver: Waiver, observations: list[str]
) -> dict[str, Any]:
    until = waiver.expires_on.isoformat()
    return {
        "uuid": uuid_for(report.run.id, "risk", waiver.id),
        "title": f"Accepted: {control.id} {control.title} on {_accounts(len(observations))} "
        f"(waiver {waiver.id})",
        "description": f"{control.id} is not met on these accounts; waiver {waiver.id} "
        f"({waiver.kind}, ticket {waiver.ticket}) accepts it from "
        f"{waiver.granted_on.isoformat()} until {until}, approved by the {waiver.approver_role}.",
        "statement": waiver.justification,
        "props": props(
            ("waiver-id", waiver.id),
            ("waiver-kind", waiver.kind),
            ("ticket", waiver.ticket),
            ("approver-role", waiver.approver_role),
            ("granted-on", waiver.granted_on.isoformat()),
            ("expires-on", until),
        ),
        "status": "deviation-approved",
        # the waiver covers its last day: the deviation ends when that day does
        "deadline": f"{until}T23:59:59+00:00",
        "related-observations": [{"observation-uuid": uuid} for uuid in observations],
    }


def findings(report: Report, groups: Groups) -> Iterator[dict[str, Any]]:
    """The conclusions, control by control in catalogue order: what needs attention, or that
    the control is satisfied."""
    for control in report.controls:
        attention = [s for s in ATTENTION if (control.id, s) in groups]
        if not attention and _counts(report, control)[Status.PASS]:
            for objective in objective_ids(control):
                yield _satisfied(report, control, objective)
        for status in attention:
            for objective in objective_ids(control):
                yield _unsatisfied(report, control, status, groups[control.id, status], objective)


def _satisfied(report: Report, control: Control, objective: str) -> dict[str, Any]:
    passed = _counts(report, control)[Status.PASS]
    return {
        "uuid": uuid_for(report.run.id, "finding", control.id, "pass", objective),
        "title": f"{control.id} {control.title}: passes on every account it applies to ({passed})",
        "description": f"{control.statement}\n\nEvery account this control applies to passes.",
        "props": props(("control-id", control.id), ("accounts", str(passed))),
        "target": {
            "type": "objective-id",
            "target-id": objective,
            "status": {"state": "satisfied", "reason": "pass"},
        },
        "related-observations": [
            {"observation-uuid": uuid_for(report.run.id, "summary", control.id)}
        ],
    }


_HOW = {Status.FAIL: "fails", Status.ERROR: "could not be assessed", Status.WAIVED: "is waived"}


def _unsatisfied(
    report: Report, control: Control, status: Status, found: Group, objective: str
) -> dict[str, Any]:
    count = len(found.observations)
    result: dict[str, Any] = {
        "uuid": uuid_for(report.run.id, "finding", control.id, status.value, objective),
        "title": f"{control.id} {control.title}: {_HOW[status]} on {_accounts(count)}",
        "description": f"{control.statement}\n\nThe related observations name each account.",
        "props": props(
            ("control-id", control.id),
            ("status", status.value),
            ("severity", found.severity.value),
            ("accounts", str(count)),
        ),
        "target": {
            "type": "objective-id",
            "target-id": objective,
            "status": {
                "state": "not-satisfied",
                "reason": "fail" if Status.FAIL in found.underlying else "other",
            },
        },
        "related-observations": [
            {"observation-uuid": uuid_for(report.run.id, "summary", control.id)},
            *({"observation-uuid": uuid} for uuid in found.observations),
        ],
    }
    if status is Status.ERROR:
        result["remarks"] = (
            "Not assessed: the inventory lacks or garbles a fact this check needs on these "
            "accounts, so the objective cannot be called satisfied until it is recorded."
        )
    if found.waivers:
        names = ", ".join(sorted(found.waivers))
        result["remarks"] = f"The failures stand, accepted under waiver {names} until expiry."
        result["related-risks"] = [
            {"risk-uuid": uuid_for(report.run.id, "risk", waiver_id)} for waiver_id in found.waivers
        ]
    return result
