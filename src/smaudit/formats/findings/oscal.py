"""OSCAL 1.2.1 assessment results (`oscal`) and the assessment plan they follow (`oscal-plan`).

Choices where OSCAL leaves room (docs/formats.md, "oscal", says the same for users):
- `import-ap` names a back-matter resource that holds the plan (base64) and, when the plan is
  written beside the results (`--output oscal-plan:F`), links that file with its SHA-256: the
  consumers that follow `import-ap` (compliance-trestle, the `oscal` package) read only links.
- Reviewed controls are exactly those the run evaluated; controls that cite no NIST id are
  named too, with an objective of their own in local-definitions (oscal_common.py).
- Observations, findings and risks: oscal_findings.py. Passes are counted per control, and
  listed one by one only with --include-passed.
- Evidence links are relative to the repository root (--source-root), where the inventory is.
- UUIDs are version 5 of the run id and stable names: the same run renders the same text.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

import orjson

from smaudit import __version__
from smaudit.formats.findings.common import TOOL_NAME, controls_by_id, file_uri
from smaudit.formats.findings.oscal_common import (
    OSCAL_VERSION,
    local_objectives,
    props,
    reviewed_controls,
    stamp,
    uuid_for,
)
from smaudit.formats.findings.oscal_findings import (
    findings,
    group,
    observation,
    risks,
    summary,
)
from smaudit.formats.findings.oscal_plan import PLAN_FORMAT, plan_body, plan_resource
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.inventory.loader import source_digest
from smaudit.model import Report

RESULTS_FORMAT = "oscal"


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """The results, indented two spaces a level as json.dumps(indent=2, ensure_ascii=False)
    does, but for the observations, risks and findings: one compact item a line."""
    return b"".join(iter_render(report, options)).decode()


def render_plan(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    return plan_text(report, options).decode()


def plan_text(report: Report, options: RenderOptions) -> bytes:
    """The assessment plan, as `oscal-plan` writes it and the results embed it."""
    plan = {
        "uuid": uuid_for(report.run.id, "assessment-plan"),
        "metadata": _metadata(report, "assessment plan"),
        **plan_body(report, options),
    }
    return orjson.dumps({"assessment-plan": plan}, option=orjson.OPT_INDENT_2) + b"\n"


# Where the observations, risks and findings go in the outline: a text no value can contain,
# since orjson writes a NUL as \u0000 and inventories cannot hold one (the readers refuse them).
_LISTS = ("observations", "risks", "findings")
_PLACEHOLDER = "\0{}\0"
BATCH = 256  # items serialised per chunk, as in the JSON feed
# Each item of those lists is written compact on a line of its own, indented where it sits
# (depth 5: assessment-results, results, a result, the list): indenting every line of every
# observation made two fifths of the document at 10,000 accounts, and one item a line still
# diffs and greps item by item.
_ITEM = b"\n          "


def iter_render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> Iterator[bytes]:
    """`render`'s text as UTF-8 chunks: only a batch of observations, risks or findings exists
    at a time (a run lists one observation per evaluation that needs attention)."""
    groups = group(report)
    lists = {
        "observations": _observations(report, options),
        "risks": risks(report, groups),
        "findings": findings(report, groups),
    }
    outline = orjson.dumps(_document(report, options), option=orjson.OPT_INDENT_2)
    for name in _LISTS:
        batches = _batches(lists[name])
        first = next(batches, None)
        marker = orjson.dumps(_PLACEHOLDER.format(name))
        head, found, outline = outline.partition(marker)
        if not found or marker in outline:  # cannot happen: one placeholder per list
            raise AssertionError(f"the OSCAL outline has no single {name} placeholder")
        if first is None:  # an empty list is not allowed: leave the key out
            yield _without_key(head, name)
            continue
        yield head + b"["
        yield first
        yield from batches
        yield b"\n        ]"
    yield outline + b"\n"


def _without_key(head: bytes, name: str) -> bytes:
    """The outline up to `"name": ` with that key and the comma before it taken away (no list
    is the first key of its object, so one is always there)."""
    key = b'"' + name.encode() + b'": '
    before = head.removesuffix(key).rstrip()
    return before.removesuffix(b",")


def _observations(report: Report, options: RenderOptions) -> Iterator[dict[str, Any]]:
    controls = controls_by_id(report)
    for control in report.controls:
        yield summary(report, control, options)
    for finding in report.findings:
        yield observation(finding, controls[finding.control_id], report, options)


def _batches(documents: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    batch: list[bytes] = []
    separator = b""
    for item in documents:
        batch.append(orjson.dumps(item))
        if len(batch) == BATCH:
            yield separator + _ITEM + (b"," + _ITEM).join(batch)
            batch, separator = [], b","
    if batch:
        yield separator + _ITEM + (b"," + _ITEM).join(batch)


def _document(report: Report, options: RenderOptions) -> dict[str, Any]:
    """The assessment results, with placeholders where the lists go."""
    resource = plan_resource(report, plan_text(report, options), _plan_href(options))
    results: dict[str, Any] = {
        "uuid": uuid_for(report.run.id, "assessment-results"),
        "metadata": _metadata(report, "assessment"),
        "import-ap": {
            "href": f"#{resource['uuid']}",
            "remarks": "The plan is in back-matter: embedded, and linked when it was written "
            f"beside these results (--output {PLAN_FORMAT}:FILE).",
        },
    }
    objectives = local_objectives(report)
    if objectives:
        results["local-definitions"] = {"objectives-and-methods": objectives}
    results["results"] = [_result(report)]
    results["back-matter"] = {"resources": [resource]}
    return {"assessment-results": results}


def _metadata(report: Report, what: str) -> dict[str, Any]:
    run = report.run
    return {
        "title": f"smaudit {what} of {report.inventory.agency.name} social media accounts",
        "last-modified": stamp(run.started_at),
        # the date the assessment describes: what this version of the document is about
        "version": run.as_of.isoformat(),
        "oscal-version": OSCAL_VERSION,
        "props": props(("tool", TOOL_NAME), ("tool-version", __version__), ("run-id", run.id)),
    }


def _plan_href(options: RenderOptions) -> str | None:
    """Where the plan is written, relative to the results (as OSCAL resolves a link), when
    both are written to files."""
    results, plan = options.outputs.get(RESULTS_FORMAT), options.outputs.get(PLAN_FORMAT)
    if results is None or plan is None or _device(results) or _device(plan):
        return None
    try:
        relative = os.path.relpath(plan.resolve(), results.resolve().parent)
    except ValueError:  # on another Windows drive: no relative path leads there
        return file_uri(str(plan.resolve()))
    return quote(PurePath(relative).as_posix(), safe="/")


def _device(path: Path) -> bool:
    """A device or pipe (`/dev/stdout`), which the CLI writes to directly: no link leads to
    what went through it."""
    return path.exists() and not path.is_file()


def _result(report: Report) -> dict[str, Any]:
    run = report.run
    result: dict[str, Any] = {
        "uuid": uuid_for(run.id, "result"),
        "title": f"smaudit run {run.id}",
        "description": (
            f"Automated check of {len(report.inventory.accounts)} accounts against "
            f"{len(report.controls)} controls (profile {run.profile}, catalogue "
            f"{run.catalogue_version}, as of {run.as_of.isoformat()})."
        ),
        "start": stamp(run.started_at),
        "props": props(
            ("profile", run.profile),
            ("catalogue-version", run.catalogue_version),
            ("as-of", run.as_of.isoformat()),
            ("inventory-sha256", source_digest(report.inventory.sources)),
            ("passes-listed", "true" if report.passes_listed else "false"),
        ),
        "reviewed-controls": reviewed_controls(report),
    }
    for name in _LISTS:
        result[name] = _PLACEHOLDER.format(name)
    return result
