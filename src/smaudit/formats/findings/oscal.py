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
import hashlib
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from smaudit import __version__
from smaudit.formats.findings.common import (
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
from smaudit.gcpause import paused_gc
from smaudit.inventory.loader import source_digest
from smaudit.model import Control, Finding, Report, Status

OSCAL_VERSION = "1.2.1"
NAMESPACE = uuid.UUID("750d3161-6977-4442-8d08-69c3031deeb7")
"""Fixed forever: changing it changes every UUID smaudit has ever written."""
_NAMESPACE = NAMESPACE.bytes
PROP_NS = INFORMATION_URI
_STATE = {Status.PASS: ("satisfied", "pass"), Status.FAIL: ("not-satisfied", "fail")}


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    # the same text as json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"
    return b"".join(iter_render(report, options)).decode()


# Where the observations and findings go in the outline: a text no value can contain, since
# orjson writes a NUL as \u0000 and inventories cannot hold one (the readers refuse them).
_LISTS = ("observations", "findings")
_PLACEHOLDER = "\0{}\0"
BATCH = 256  # observations or findings serialised per orjson call, as in the JSON feed
# Items of those lists sit at depth 5 of the document (assessment-results, results, a result,
# the list): serialised as {"x": [...]}, at depth 2, they need six more spaces on each line.
_INDENT = b"\n      "
_WRAPPER_OPEN = b'{\n  "x": ['
_WRAPPER_CLOSE = b"\n  ]\n}"


def iter_render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> Iterator[bytes]:
    """`render`'s text as UTF-8 chunks: an assessment lists every evaluation, four million at
    100,000 accounts, so only a batch of observations or findings exists at a time."""
    controls = controls_by_id(report)
    items = {
        "observations": (_observation(f, controls[f.control_id], report) for f in report.findings),
        "findings": (
            _finding(f, controls[f.control_id], nist_id, report)
            for f in report.findings
            if underlying_status(f) in _STATE
            for nist_id in controls[f.control_id].nist_800_53
        ),
    }
    present = {name: _has_any(report, controls, name) for name in _LISTS}
    outline = orjson.dumps(document(report, present), option=orjson.OPT_INDENT_2)
    for name in _LISTS:
        if not present[name]:
            continue
        marker = orjson.dumps(_PLACEHOLDER.format(name))
        head, found, outline = outline.partition(marker)
        if not found or marker in outline:  # cannot happen: one placeholder per list
            raise AssertionError(f"the OSCAL outline has no single {name} placeholder")
        yield head + b"["
        yield from _batches(items[name])
        yield b"\n        ]"
    yield outline + b"\n"


def _has_any(report: Report, controls: dict[str, Control], name: str) -> bool:
    if name == "observations":
        return bool(report.findings)
    return any(
        underlying_status(f) in _STATE and controls[f.control_id].nist_800_53
        for f in report.findings
    )


def _batches(documents: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    batch: list[dict[str, Any]] = []
    separator = b""
    for item in documents:
        batch.append(item)
        if len(batch) == BATCH:
            yield separator + _serialised(batch)
            batch, separator = [], b","
    if batch:
        yield separator + _serialised(batch)


def _serialised(batch: list[dict[str, Any]]) -> bytes:
    with paused_gc():  # the documents hold no cycles and are gone before it resumes
        text = orjson.dumps({"x": batch}, option=orjson.OPT_INDENT_2)
    return text[len(_WRAPPER_OPEN) : -len(_WRAPPER_CLOSE)].replace(b"\n", _INDENT)


def document(report: Report, lists: dict[str, bool] | None = None) -> dict[str, Any]:
    """The assessment results; with `lists`, observations and findings as placeholders for
    iter_render, present where `lists` says there are any."""
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
            "results": [_result(report, lists)],
        }
    }


def _uuid(run_id: str, *names: str) -> str:
    """uuid.uuid5(NAMESPACE, names joined by NUL), made without a UUID object: an assessment
    of 100,000 accounts names ten million things (a test holds the two equal)."""
    digest = bytearray(hashlib.sha1(_NAMESPACE + "\0".join((run_id, *names)).encode()).digest())
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # the RFC 4122 variant
    h = digest[:16].hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _stamp(moment: dt.datetime) -> str:
    """OSCAL date-times need a zone."""
    return aware(moment).isoformat(timespec="seconds")


def _props(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "ns": PROP_NS, "value": value} for name, value in pairs if value]


def _result(report: Report, lists: dict[str, bool] | None) -> dict[str, Any]:
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
    if lists is not None:
        for name in _LISTS:
            if lists[name]:
                result[name] = _PLACEHOLDER.format(name)
        return result
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
    fingerprint = finding.fingerprint
    evidence = "\n".join(
        f"- `{e.path}`: {show_value(e.actual)} (expected {e.expected}): {e.outcome.value}"
        for e in finding.evidence
    )
    return {
        "uuid": _uuid(report.run.id, "observation", fingerprint),
        "title": f"{control.id} on {finding.account_id}: {finding.status.value}",
        "description": f"{control.title}: {finding.message}",
        "props": _props(
            ("control-id", control.id),
            ("account-id", finding.account_id),
            ("platform", finding.platform),
            ("status", finding.status.value),
            ("original-status", finding.original_status.value if finding.original_status else ""),
            ("severity", finding.severity.value),
            ("fingerprint", fingerprint),
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
    fingerprint = finding.fingerprint
    result: dict[str, Any] = {
        "uuid": _uuid(report.run.id, "finding", fingerprint, nist_id),
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
            {"observation-uuid": _uuid(report.run.id, "observation", fingerprint)}
        ],
    }
    if waiver_note(finding):
        # an accepted risk leaves the objective unmet: the assessor sees both facts
        result["remarks"] = f"The failure is {waiver_note(finding)}."
    return result
