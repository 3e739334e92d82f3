"""The JSON findings feed: the versioned contract dashboards read (`smaudit schema findings`);
and the run in hand as the feed drift and history read back (`as_feed`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import orjson

from smaudit import __version__
from smaudit.assessment.forked import ForkedChunks
from smaudit.formats.findings.groups import account_groups
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.gcpause import paused_gc
from smaudit.inventory.loader import source_digest
from smaudit.model import (
    Account,
    Control,
    Evidence,
    Finding,
    Location,
    Report,
    Severity,
    Status,
    Waiver,
)
from smaudit.runs.feed import Feed, parse_feed

SCHEMA_VERSION = "1.3.0"


# Findings serialised per orjson call: enough to make the per-call cost vanish, few enough that
# a chunk stays well under a megabyte.
BATCH = 256
# In orjson's OPT_INDENT_2 text a raw newline only separates values (a newline inside a string
# is written as the two characters \n), so this is the top-level findings key and nothing else.
_EMPTY_FINDINGS = b'\n  "findings": []'
_BATCH_OPEN = b'{\n  "findings": ['
_BATCH_CLOSE = b"\n  ]\n}"


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    # the same text as json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"
    return b"".join(iter_render(report, options)).decode()


def iter_render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> Iterator[bytes]:
    """The feed as UTF-8 chunks: everything before the findings, the findings `BATCH` at a
    time, then the rest; joined, exactly `render`'s text. Only one batch of findings exists as
    documents and bytes at a time, and each control's remediation and references are serialised
    once per run, not once per finding. With `options.jobs` above 1 and many findings, the
    second half is serialised in a fork meanwhile (assessment/forked.py): the same bytes."""
    outline_document = _document(report, [], options.show_personal_data)
    outline = orjson.dumps(outline_document, option=orjson.OPT_INDENT_2)
    head, mark, tail = outline.partition(_EMPTY_FINDINGS)
    if not mark or _EMPTY_FINDINGS in tail:  # cannot happen: the outline has one findings key
        raise AssertionError("the JSON feed outline has no single findings key")
    yield head + b'\n  "findings": ['
    constants = _Constants(report.controls)
    findings = report.findings
    half = len(findings) // 2 // BATCH * BATCH
    if options.jobs > 1 and half >= FORKED_FROM:
        # the second half serialised in a fork while this process does the first (--jobs)
        rest = ForkedChunks(lambda: _batches(constants, findings, half, len(findings)))
        try:
            yield from _batches(constants, findings, 0, half)
            yield from rest
        finally:
            rest.close()
    else:
        yield from _batches(constants, findings, 0, len(findings))
    yield (b"\n  ]" if findings else b"]") + tail + b"\n"


FORKED_FROM = 8 * BATCH
"""Findings in each half, at least, for --jobs to write the feed in two processes: below it a
fork costs more than it saves."""


def _batches(
    constants: _Constants, findings: tuple[Finding, ...], start: int, stop: int
) -> Iterator[bytes]:
    """The findings from `start` (a multiple of BATCH) to `stop`, BATCH at a time, each batch
    after a comma but the findings list's first."""
    for begin in range(start, stop, BATCH):
        with paused_gc():  # the documents hold no cycles and are gone before it resumes
            batch = [
                constants.finding_document(f) for f in findings[begin : min(begin + BATCH, stop)]
            ]
            # serialised where they sit in the feed, so already indented as there:
            # {"findings": [{...}, {...}]} is '{\n  "findings": [\n    {...},\n    {...}\n  ]\n}'
            text = orjson.dumps({"findings": batch}, option=orjson.OPT_INDENT_2)
            del batch
        yield (b"," if begin else b"") + text[len(_BATCH_OPEN) : -len(_BATCH_CLOSE)]


class _Constants:
    """Per run, each control's parts that are the same in every finding of it, serialised once
    and indented for where they sit: as the value of a key of a finding, at depth 3."""

    def __init__(self, controls: tuple[Control, ...]) -> None:
        self.controls = {c.id: c for c in controls}
        self.references: dict[str, orjson.Fragment] = {}
        self.remediation: dict[tuple[str, str], orjson.Fragment] = {}

    def finding_document(self, finding: Finding) -> dict[str, Any]:
        control = self.controls[finding.control_id]
        references = self.references.get(control.id)
        if references is None:
            text = orjson.dumps(references_document(control), option=orjson.OPT_INDENT_2)
            references = self.references[control.id] = orjson.Fragment(
                text.replace(b"\n", b"\n      ")
            )
        key = (control.id, finding.platform)
        remediation = self.remediation.get(key)
        if remediation is None:  # a string: no raw newline, so the same at every depth
            remediation = self.remediation[key] = orjson.Fragment(
                orjson.dumps(control.remediation_for(finding.platform))
            )
        return _finding_document(finding, control, remediation, references)


def document(report: Report, show_personal_data: bool = False) -> dict[str, Any]:
    controls = {c.id: c for c in report.controls}
    findings = [finding_document(f, controls[f.control_id]) for f in report.findings]
    return _document(report, findings, show_personal_data)


def _document(
    report: Report, findings: list[dict[str, Any]], show_personal_data: bool
) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "smaudit", "version": __version__},
        "run": run_document(report),
        "summary": summary_document(report),
        "accounts": [a.id for a in report.inventory.accounts],
        "account_details": [
            {"id": a.id, **account_groups(a, show_personal_data), **_sources(a)}
            for a in report.inventory.accounts
        ],
        "findings": findings,
        "not_applicable": {cid: list(ids) for cid, ids in report.not_applicable.items()},
        "waivers": {
            "unused": [waiver_document(w) for w in report.unused_waivers],
            "expired": sorted({f.waiver.id for f in report.expired_waivers if f.waiver}),
            "overlapping": [[a.id, b.id] for a, b in report.overlapping_waivers],
        },
    }


def _sources(account: Account) -> dict[str, Any]:
    """`{"sources": [...]}`: the sources the account's evidence names (who attested is a
    person, and left out); nothing when it names none."""
    found = []
    for entry in account.fields.get("evidence") or ():
        source = entry.get("source") or {}
        shown = {key: source[key] for key in ("id", "system", "file") if source.get(key)}
        if source.get("recorded_on"):
            shown["recorded_on"] = source["recorded_on"].isoformat()
        if entry.get("fields") is not None:
            shown["fields"] = list(entry["fields"])
        found.append(shown)
    return {"sources": found} if found else {}


def run_document(report: Report) -> dict[str, Any]:
    run = report.run
    return {
        "id": run.id,
        "as_of": run.as_of.isoformat(),
        "started_at": run.started_at.isoformat(timespec="seconds"),
        "profile": run.profile,
        "catalogue_version": run.catalogue_version,
        "inventory_sha256": source_digest(report.inventory.sources),
        "inventory_files": [s.path for s in report.inventory.sources],
        "agency": report.inventory.agency.name,
        "parameters": dict(sorted(run.parameters.items())),
        "passes_listed": report.passes_listed,
    }


def _counts(counts: Mapping[Status, int]) -> dict[str, int]:
    return {status.value: counts.get(status, 0) for status in Status}


def summary_document(report: Report) -> dict[str, Any]:
    return {
        "accounts": len(report.inventory.accounts),
        "controls": len(report.controls),
        "total": report.total,
        **_counts(report.counts),
        "by_severity": {
            severity.value: _counts(report.counts_by_severity.get(severity, {}))
            for severity in reversed(Severity)
        },
        "by_control": {cid: _counts(c) for cid, c in report.counts_by_control.items()},
    }


def _location(location: Location) -> dict[str, Any]:
    return {"file": location.file, "line": location.line, "column": location.column}


def finding_document(finding: Finding, control: Control) -> dict[str, Any]:
    return _finding_document(
        finding, control, control.remediation_for(finding.platform), references_document(control)
    )


def references_document(control: Control) -> dict[str, Any]:
    return {
        "nist_800_53": list(control.nist_800_53),
        "sources": [
            {k: v for k, v in (("source", r.source), ("section", r.section)) if v}
            for r in control.references
        ],
    }


def _finding_document(
    finding: Finding,
    control: Control,
    remediation: str | orjson.Fragment,
    references: dict[str, Any] | orjson.Fragment,
) -> dict[str, Any]:
    """A finding's document, given its control's remediation for its platform and the
    references, as values or (in `iter_render`) as their serialised text."""
    doc: dict[str, Any] = {
        "fingerprint": finding.fingerprint,
        "control_id": finding.control_id,
        "control_version": control.version,
        "title": control.title,
        "severity": finding.severity.value,
        "strength": control.strength.value,
        "status": finding.status.value,
        "account_id": finding.account_id,
        "platform": finding.platform,
        "location": _location(finding.location),
        "message": finding.message,
        "evidence": [_evidence(e) for e in finding.evidence],
        "remediation": remediation,
        "references": references,
    }
    if (field_location := finding.field_location) is not None:
        doc["field_location"] = _location(field_location)
    if finding.original_status is not None:
        doc["original_status"] = finding.original_status.value
    if finding.waiver is not None:
        doc["waiver"] = waiver_document(finding.waiver)
        doc["waiver_expired"] = finding.waiver_expired
    return doc


def _evidence(fact: Evidence) -> dict[str, Any]:
    doc = {
        "path": fact.path,
        "actual": fact.actual,
        "expected": fact.expected,
        "outcome": fact.outcome.value,
    }
    if fact.source:
        doc["source"] = fact.source
    if not fact.decisive:
        doc["decisive"] = False
    return doc


def waiver_document(waiver: Waiver) -> dict[str, Any]:
    return {
        "id": waiver.id,
        "control_id": waiver.control_id,
        "accounts": list(waiver.accounts),
        "kind": waiver.kind,
        "justification": waiver.justification,
        "approver": waiver.approver_name,
        "approver_role": waiver.approver_role,
        "ticket": waiver.ticket,
        "granted_on": waiver.granted_on.isoformat(),
        "expires_on": waiver.expires_on.isoformat(),
        "location": _location(waiver.location),
    }


def as_feed(report: Report) -> Feed:
    """This run as the feed `--format json` would write, read back without writing it: what
    drift and the history compare and record."""
    return parse_feed(document(report), "this run")
