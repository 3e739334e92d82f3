"""OCSF 1.5.0 Compliance Finding events (class 2003), one per finding, as plain documents.

The run's agency is the event's tenant (`metadata.tenant_uid`) and its inventory the resource's
namespace (`resources[].namespace`, which OCSF has for keeping apart entities that share ids):
two agencies, or two inventories of one agency, can share a SIEM index and still tell their
`hq-x` apart. The check's verdict is `compliance.status_id`; where the finding is in its life
is `activity_id` and the finding's own `status_id` (see ocsf_lifecycle.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from smaudit import __version__
from smaudit.formats.findings.common import (
    INFORMATION_URI,
    TOOL_NAME,
    epoch_millis,
    inventory_label,
    underlying_status,
    waiver_note,
    where,
)
from smaudit.formats.findings.ocsf_lifecycle import Stage, is_fix
from smaudit.model import Account, Control, Finding, Report, Severity, Status
from smaudit.runs.drift import Entry

OCSF_VERSION = "1.5.0"
STANDARD = "NIST SP 800-53 Rev 5"
CLASS_UID = 2003  # Compliance Finding
CATEGORY_UID = 2  # Findings
FINDING_TYPES = ["Social media account compliance"]

# compliance.status_id: 1 Pass, 2 Warning ("did not yield a result due to missing information",
# which is exactly smaudit's not assessed), 3 Fail; 99 Other, named, for a control that no
# longer applies (only on the event that closes such a finding).
COMPLIANCE_STATUS = {
    Status.PASS: (1, "Pass"),
    Status.ERROR: (2, "Warning"),
    Status.FAIL: (3, "Fail"),
}
_NOT_APPLICABLE = (99, "Not applicable")
_SEVERITY = {
    Severity.INFO: (1, "Informational"),
    Severity.LOW: (2, "Low"),
    Severity.MEDIUM: (3, "Medium"),
    Severity.HIGH: (4, "High"),
    Severity.CRITICAL: (5, "Critical"),
}


@dataclass(frozen=True)
class Run:
    """What every event of one run shares, worked out once."""

    time: int
    metadata: dict[str, Any]
    namespace: str

    @classmethod
    def of(cls, report: Report) -> Run:
        metadata = {
            "version": OCSF_VERSION,
            "product": {
                "name": TOOL_NAME,
                "vendor_name": TOOL_NAME,
                "version": __version__,
                "url_string": INFORMATION_URI,
            },
            "correlation_uid": report.run.id,
            "tenant_uid": report.inventory.agency.name,
        }
        return cls(epoch_millis(report.run.started_at), metadata, inventory_label(report))


def finding_event(finding: Finding, control: Control, run: Run, stage: Stage) -> dict[str, Any]:
    status_id, status = COMPLIANCE_STATUS[underlying_status(finding)]
    place = where(finding)
    doc = _header(stage, finding.severity, run)
    doc |= {
        "message": f"{finding.account_id} ({finding.platform}): {finding.message}",
        "metadata": run.metadata,
        "finding_info": _finding_info(finding.fingerprint, control, finding.message),
        "compliance": _compliance(control, status_id, status),
        "resources": [
            {
                "uid": finding.account_id,
                "type": finding.platform,
                "namespace": run.namespace,
                # where the account (or the field that decided) is written in the inventory
                "data": {"file": place.file, "line": place.line, "column": place.column},
            }
        ],
        "remediation": {"desc": control.remediation_for(finding.platform)},
        **_status(stage),
    }
    if finding.status is Status.WAIVED:
        # the check's verdict stays in `compliance`; the finding itself is suppressed
        doc["status_detail"] = waiver_note(finding)
    return doc


def closing_event(
    entry: Entry, control: Control, account: Account | None, run: Run, stage: Stage
) -> dict[str, Any]:
    """The Close of a finding the baseline had open and this run does not list as open. Worded
    afresh, not from the baseline's message: that feed may have been written with personal
    data shown."""
    account_id = entry.account_id or ""
    fixed = is_fix(entry)
    what = "now passes" if fixed else "no longer applies to the account: not a fix"
    status_id, status = COMPLIANCE_STATUS[Status.PASS] if fixed else _NOT_APPLICABLE
    resource: dict[str, Any] = {"uid": account_id, "namespace": run.namespace}
    who = account_id
    if account is not None:
        place = account.location
        resource |= {
            "type": account.platform,
            "data": {"file": place.file, "line": place.line, "column": place.column},
        }
        who = f"{account_id} ({account.platform})"
    doc = _header(stage, entry.severity or control.severity, run)
    doc |= {
        "message": f"{who}: {control.id} {what}",
        "metadata": run.metadata,
        "finding_info": _finding_info(entry.fingerprint or "", control, f"{control.id} {what}"),
        "compliance": _compliance(control, status_id, status),
        "resources": [resource],
        **_status(stage),
    }
    return doc


def _header(stage: Stage, severity: Severity, run: Run) -> dict[str, Any]:
    severity_id, severity_name = _SEVERITY[severity]
    return {
        "activity_id": stage.activity_id,
        "activity_name": stage.activity,
        "category_uid": CATEGORY_UID,
        "category_name": "Findings",
        "class_uid": CLASS_UID,
        "class_name": "Compliance Finding",
        "type_uid": CLASS_UID * 100 + stage.activity_id,
        "type_name": f"Compliance Finding: {stage.activity}",
        "severity_id": severity_id,
        "severity": severity_name,
        "time": run.time,
    }


def _finding_info(uid: str, control: Control, desc: str) -> dict[str, Any]:
    return {
        "uid": uid,
        "title": f"{control.id} {control.title}",
        "desc": desc,
        "types": FINDING_TYPES,
    }


def _compliance(control: Control, status_id: int, status: str) -> dict[str, Any]:
    return {
        "standards": [STANDARD],
        "control": control.id,
        "requirements": list(control.nist_800_53),
        "status_id": status_id,
        "status": status,
        "desc": control.statement,
    }


def _status(stage: Stage) -> dict[str, Any]:
    return {"status_id": stage.status_id, "status": stage.status}
