"""OSCAL 1.2.1 assessment results: one result per run, for GRC tools and assessors.

Choices where OSCAL leaves room:
- `import-ap.href` is `#`: smaudit runs without an OSCAL assessment plan, and the schema requires
  a reference; the remarks say so. A tool that needs a real plan can rewrite this one field.
- One observation per evaluation (every control on every account, whatever its outcome).
  A waived failure still yields a not-satisfied finding, its waiver named in the remarks.
- A finding per control, account and NIST SP 800-53 id the control cites, targeting that id's
  objective (`ia-2.1_obj`): satisfied on a pass, not-satisfied on a failure. A control citing
  three NIST ids yields three findings sharing one observation, so each objective an assessor
  opens shows every check that bears on it. Not-assessed and not-applicable evaluations are
  observations only: OSCAL's objective status has no state for them.
- UUIDs are version 5, from a fixed namespace and the run id plus stable names (fingerprints),
  so rendering the same run twice gives the same document.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from smaudit import __version__
from smaudit.formats.common import (
    INFORMATION_URI,
    TOOL_NAME,
    aware,
    controls_by_id,
    line_anchor,
    show_value,
    underlying_status,
    waiver_note,
    where,
)
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.inventory.loader import source_digest
from smaudit.model import Control, Finding, Report, Status

OSCAL_VERSION = "1.2.1"
NAMESPACE = uuid.UUID("750d3161-6977-4442-8d08-69c3031deeb7")
"""Fixed forever: changing it changes every UUID smaudit has ever written."""
PROP_NS = INFORMATION_URI
_STATE = {Status.PASS: ("satisfied", "pass"), Status.FAIL: ("not-satisfied", "fail")}


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"


def document(report: Report) -> dict[str, Any]:
    run = report.run
    return {
        "assessment-results": {
            "uuid": _uuid(run.id, "assessment-results"),
            "metadata": {
                "title": f"smaudit assessment of {report.inventory.agency.name} "
                "social media accounts",
                "last-modified": _stamp(run.started_at),
                # the date the assessment describes: what this version of the results is about
                "version": run.as_of.isoformat(),
                "oscal-version": OSCAL_VERSION,
                "props": _props(
                    ("tool", TOOL_NAME),
                    ("tool-version", __version__),
                    ("run-id", run.id),
                ),
            },
            "import-ap": {
                "href": "#",
                "remarks": "smaudit checks an inventory of accounts against its control "
                "catalogue without an OSCAL assessment plan; this reference is a placeholder.",
            },
            "results": [_result(report)],
        }
    }


def _uuid(run_id: str, *names: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "\0".join((run_id, *names))))


def _stamp(moment: dt.datetime) -> str:
    """OSCAL date-times need a zone."""
    return aware(moment).isoformat(timespec="seconds")


def _props(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "ns": PROP_NS, "value": value} for name, value in pairs if value]


def _result(report: Report) -> dict[str, Any]:
    run = report.run
    controls = controls_by_id(report)
    result: dict[str, Any] = {
        "uuid": _uuid(run.id, "result"),
        "title": f"smaudit run {run.id}",
        "description": (
            f"Automated check of {len(report.inventory.accounts)} accounts against "
            f"{len(report.controls)} controls (profile {run.profile}, catalogue "
            f"{run.catalogue_version}, as of {run.as_of.isoformat()})."
        ),
        "start": _stamp(run.started_at),
        "props": _props(
            ("profile", run.profile),
            ("catalogue-version", run.catalogue_version),
            ("as-of", run.as_of.isoformat()),
            ("inventory-sha256", source_digest(report.inventory.sources)),
        ),
        "reviewed-controls": {"control-selections": [_selection(report.controls)]},
    }
    observations = [_observation(f, controls[f.control_id], report) for f in report.findings]
    findings = [
        _finding(f, controls[f.control_id], nist_id, report)
        for f in report.findings
        if underlying_status(f) in _STATE
        for nist_id in controls[f.control_id].nist_800_53
    ]
    if observations:
        result["observations"] = observations
    if findings:
        result["findings"] = findings
    return result


def _selection(controls: tuple[Control, ...]) -> dict[str, Any]:
    cited = sorted({nist_id for control in controls for nist_id in control.nist_800_53})
    description = "The NIST SP 800-53 Rev 5 controls cited by the smaudit controls run: " + (
        ", ".join(control.id for control in controls) or "none"
    )
    if not cited:
        return {"description": description, "include-all": {}}
    return {
        "description": description,
        "include-controls": [{"control-id": nist_id} for nist_id in cited],
    }


def _observation(finding: Finding, control: Control, report: Report) -> dict[str, Any]:
    place = where(finding)
    evidence = "\n".join(
        f"- `{e.path}`: {show_value(e.actual)} (expected {e.expected}): {e.outcome.value}"
        for e in finding.evidence
    )
    return {
        "uuid": _uuid(report.run.id, "observation", finding.fingerprint),
        "title": f"{control.id} on {finding.account_id}: {finding.status.value}",
        "description": f"{control.title}: {finding.message}",
        "props": _props(
            ("control-id", control.id),
            ("account-id", finding.account_id),
            ("platform", finding.platform),
            ("status", finding.status.value),
            ("original-status", finding.original_status.value if finding.original_status else ""),
            ("severity", finding.severity.value),
            ("fingerprint", finding.fingerprint),
        ),
        "methods": ["TEST"],
        "types": ["control-objective"],
        "relevant-evidence": [
            {
                "href": line_anchor(place),
                "description": f"{finding.account_id} in {place}"
                + (f"\n\n{evidence}" if evidence else ""),
            }
        ],
        "collected": _stamp(report.run.started_at),
    }


def _finding(finding: Finding, control: Control, nist_id: str, report: Report) -> dict[str, Any]:
    state, reason = _STATE[underlying_status(finding)]
    result: dict[str, Any] = {
        "uuid": _uuid(report.run.id, "finding", finding.fingerprint, nist_id),
        "title": f"{control.id} {control.title}: {finding.account_id}",
        "description": finding.message,
        "props": _props(
            ("control-id", control.id),
            ("account-id", finding.account_id),
            ("severity", finding.severity.value),
        ),
        "target": {
            "type": "objective-id",
            "target-id": f"{nist_id}_obj",
            "status": {"state": state, "reason": reason},
        },
        "related-observations": [
            {"observation-uuid": _uuid(report.run.id, "observation", finding.fingerprint)}
        ],
    }
    if waiver_note(finding):
        # an accepted risk leaves the objective unmet: the assessor sees both facts
        result["remarks"] = f"The failure is {waiver_note(finding)}."
    return result
