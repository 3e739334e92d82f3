"""What smaudit's two OSCAL documents share: identifiers, stamps, properties, and the controls
and objectives a run covers (its reviewed controls, in the plan and in the results alike)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from smaudit.formats.findings.common import INFORMATION_URI, aware
from smaudit.model import Control, Report

OSCAL_VERSION = "1.2.1"
NAMESPACE_BYTES = bytes.fromhex("750d3161697744428d0869c3031deeb7")
"""uuid.UUID("750d3161-6977-4442-8d08-69c3031deeb7").bytes, fixed forever: changing it changes
every UUID smaudit has ever written."""
PROP_NS = INFORMATION_URI
"""Properties that OSCAL does not define carry smaudit's namespace, as OSCAL requires."""
JSON_MEDIA_TYPE = "application/oscal+json"


def uuid_for(run_id: str, *names: str) -> str:
    """uuid.uuid5(NAMESPACE, run id and names joined by NUL), made without a UUID object: an
    assessment of 10,000 accounts names a few hundred thousand things (a test holds the two
    equal). Rendering the same run twice gives the same document."""
    seed = NAMESPACE_BYTES + "\0".join((run_id, *names)).encode()
    digest = bytearray(hashlib.sha1(seed).digest())
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # the RFC 4122 variant
    h = digest[:16].hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def stamp(moment: dt.datetime) -> str:
    """OSCAL date-times need a zone."""
    return aware(moment).isoformat(timespec="seconds")


def props(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    """smaudit's own properties; an empty value leaves its property out."""
    return [{"name": name, "ns": PROP_NS, "value": value} for name, value in pairs if value]


def objective_ids(control: Control) -> tuple[str, ...]:
    """The objectives a control's findings target: those of the NIST SP 800-53 controls it
    cites (IA-2(1) is `ia-2.1`, its objective `ia-2.1_obj`), or, for a control that cites
    none, the objective the documents define for it (`SM-PUB-01_obj`, local-definitions)."""
    if control.nist_800_53:
        return tuple(f"{nist_id}_obj" for nist_id in control.nist_800_53)
    return (f"{control.id}_obj",)


def unmapped(report: Report) -> list[Control]:
    """The controls run that cite no NIST SP 800-53 control."""
    return [control for control in report.controls if not control.nist_800_53]


def reviewed_controls(report: Report) -> dict[str, Any]:
    """Exactly the controls the run evaluated: the NIST SP 800-53 ids its controls cite, and the
    smaudit controls that cite none, each in a selection of its own, so that nothing claims the
    whole catalogue (`include-all`) and no evaluated control goes unnamed."""
    names = ", ".join(control.id for control in report.controls)
    cited = sorted({nist_id for control in report.controls for nist_id in control.nist_800_53})
    selections: list[dict[str, Any]] = []
    if cited:
        selections.append(
            {
                "description": "The NIST SP 800-53 Rev 5 controls cited by the smaudit controls "
                f"run ({names}), each assessed as far as those automated checks go.",
                "include-controls": [{"control-id": nist_id} for nist_id in cited],
            }
        )
    own = unmapped(report)
    if own:
        selections.append(
            {
                "description": "smaudit controls that cite no NIST SP 800-53 control: their "
                "objectives are defined in this document's local-definitions.",
                "include-controls": [{"control-id": control.id} for control in own],
            }
        )
    return {
        "description": f"The {len(report.controls)} smaudit controls of profile "
        f"{report.run.profile}, evaluated against every account of the inventory.",
        "control-selections": selections,
    }


def local_objectives(report: Report) -> list[dict[str, Any]]:
    """An objective for each control that cites no NIST id, so its findings have a target."""
    return [
        {
            "control-id": control.id,
            "description": f"{control.id} {control.title} (smaudit catalogue "
            f"{report.run.catalogue_version}; it cites no NIST SP 800-53 control).",
            "props": props(("control-version", str(control.version))),
            "parts": [
                {
                    "id": f"{control.id}_obj",
                    "name": "objective",
                    "prose": control.statement,
                }
            ],
        }
        for control in unmapped(report)
    ]
