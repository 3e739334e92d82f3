"""NDJSON for log shippers and SIEMs: one finding a line, each a JSON feed finding plus what a
log pipeline needs to file it alone: when, which agency and inventory, which run and tool."""

from __future__ import annotations

import json
from collections.abc import Iterator

from smaudit import __version__
from smaudit.formats.findings.common import aware, controls_by_id, encoded_batches, inventory_label
from smaudit.formats.findings.jsonfeed import SCHEMA_VERSION, finding_document
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.model import Report


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    return "".join(_lines(report))


def iter_render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> Iterator[bytes]:
    """`render`'s text as UTF-8 chunks of a few hundred lines, never all held at once."""
    return encoded_batches(_lines(report))


def envelope(report: Report) -> dict[str, str]:
    """What every line carries besides its finding. `timestamp` comes first: it is the event
    time log pipelines index on (the run's start, with its zone), and Splunk looks for a time
    only near the start of an event."""
    run = report.run
    return {
        "timestamp": aware(run.started_at).isoformat(timespec="seconds"),
        "schema_version": SCHEMA_VERSION,
        "tool": "smaudit",
        "tool_version": __version__,
        "run_id": run.id,
        "as_of": run.as_of.isoformat(),
        "agency": report.inventory.agency.name,
        "inventory": inventory_label(report),
        "profile": run.profile,
        "catalogue_version": run.catalogue_version,
    }


def _lines(report: Report) -> Iterator[str]:
    controls = controls_by_id(report)
    run = envelope(report)
    # json.dumps escapes newlines in strings, and ASCII output escapes U+2028/U+2029 too, which
    # some line splitters also break on: each object stays on exactly one line
    for f in report.findings:
        yield json.dumps({**run, **finding_document(f, controls[f.control_id])}) + "\n"
