"""The OSCAL assessment plan a run follows, and how the assessment results point at it.

The plan is what the run was set to do, whatever the accounts turned out to be: the controls
and objectives (its reviewed controls), each smaudit control as an automated activity, every
account of the inventory as the subject. Its size grows with the catalogue, not the inventory.

OSCAL's `import-ssp` must name a system security plan; smaudit knows none (the agency's SSP is
the agency's), so it names the inventory the run read, in the plan's back-matter, and says so.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import PurePath
from typing import Any

from smaudit.formats.findings.common import source_uri
from smaudit.formats.findings.oscal_common import (
    JSON_MEDIA_TYPE,
    local_objectives,
    props,
    reviewed_controls,
    uuid_for,
)
from smaudit.formats.options import RenderOptions
from smaudit.model import Control, Report

PLAN_FORMAT = "oscal-plan"
"""The format that writes the plan on its own, beside the results (`--output oscal-plan:F`)."""
PLAN_FILENAME = "assessment-plan.json"


def plan_body(report: Report, options: RenderOptions) -> dict[str, Any]:
    """Everything in the plan but its uuid and metadata."""
    run_id = report.run.id
    inventory = uuid_for(run_id, "inventory")
    body: dict[str, Any] = {
        "import-ssp": {
            "href": f"#{inventory}",
            "remarks": "smaudit assesses the accounts an inventory lists and knows no OSCAL "
            "system security plan: this names the inventory the run read. An agency with an "
            "SSP can point this reference at it.",
        },
        "local-definitions": _definitions(report),
        "reviewed-controls": reviewed_controls(report),
        "assessment-subjects": [
            {
                "type": "inventory-item",
                "description": f"Every one of the {len(report.inventory.accounts)} accounts "
                "the inventory lists.",
                "include-all": {},
            }
        ],
        "back-matter": {"resources": [_inventory(report, inventory, options)]},
    }
    return body


def _definitions(report: Report) -> dict[str, Any]:
    """The activities, one per control, and the objectives of controls that cite no NIST id
    (OSCAL lists objectives-and-methods before activities)."""
    definitions: dict[str, Any] = {}
    objectives = local_objectives(report)
    if objectives:
        definitions["objectives-and-methods"] = objectives
    definitions["activities"] = [_activity(report, control) for control in report.controls]
    return definitions


def _activity(report: Report, control: Control) -> dict[str, Any]:
    selection: dict[str, Any] = {
        "include-controls": [
            {"control-id": nist_id} for nist_id in control.nist_800_53 or (control.id,)
        ]
    }
    return {
        "uuid": uuid_for(report.run.id, "activity", control.id),
        "title": f"{control.id} {control.title}",
        "description": f"{control.statement}\n\nAn automated test of every account's inventory "
        "record against the rule of smaudit control "
        f"{control.id} version {control.version}.",
        "props": props(
            ("control-id", control.id),
            ("control-version", str(control.version)),
            ("severity", control.severity.value),
            ("method", "TEST"),
        ),
        "related-controls": {"control-selections": [selection]},
    }


def _inventory(report: Report, resource_id: str, options: RenderOptions) -> dict[str, Any]:
    sources = report.inventory.sources
    return {
        "uuid": resource_id,
        "title": "Inventory of social media accounts: " + ", ".join(s.path for s in sources),
        "description": f"The inventory of {report.inventory.agency.name}'s official accounts "
        "that smaudit read (inventory format v1); links are relative to the repository root.",
        "props": [{"name": "type", "value": "raw-data"}],
        "rlinks": [
            {
                "href": source_uri(source.path, options),
                "media-type": _media_type(source.path),
                "hashes": [{"algorithm": "SHA-256", "value": source.sha256}],
            }
            for source in sources
        ],
    }


def _media_type(path: str) -> str:
    return "application/json" if PurePath(path).suffix == ".json" else "application/yaml"


def plan_resource(report: Report, plan: bytes, href: str | None) -> dict[str, Any]:
    """The results' back-matter resource that `import-ap` names: the plan itself, embedded, and
    the file it was written to when it was (`href`, relative to the results), with its hash.
    The embedded copy keeps the reference valid OSCAL when the plan was not written out, but
    the consumers that follow it (the `oscal` package, compliance-trestle's manifest discovery)
    read only the rlink."""
    resource: dict[str, Any] = {
        "uuid": uuid_for(report.run.id, "assessment-plan-resource"),
        "title": "The smaudit assessment plan of this run",
        "description": "The OSCAL assessment plan these results follow, as smaudit writes it "
        f"with `--output {PLAN_FORMAT}:FILE`.",
        "props": [{"name": "type", "value": "plan"}],
    }
    if href is not None:
        resource["rlinks"] = [
            {
                "href": href,
                "media-type": JSON_MEDIA_TYPE,
                "hashes": [{"algorithm": "SHA-256", "value": hashlib.sha256(plan).hexdigest()}],
            }
        ]
    resource["base64"] = {
        "filename": PurePath(href or PLAN_FILENAME).name,
        "media-type": JSON_MEDIA_TYPE,
        "value": base64.b64encode(plan).decode("ascii"),
    }
    return resource
