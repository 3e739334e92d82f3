"""NDJSON for log shippers and SIEMs: one finding a line, each a JSON feed finding plus its run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice

from smaudit import __version__
from smaudit.formats.findings.common import controls_by_id
from smaudit.formats.findings.jsonfeed import SCHEMA_VERSION, finding_document
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.model import Report


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    return "".join(_lines(report))


def iter_render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> Iterator[bytes]:
    """`render`'s text as UTF-8 chunks of BATCH lines: the lines are never all held at once."""
    lines = _lines(report)
    while chunk := "".join(islice(lines, BATCH)):
        yield chunk.encode()


BATCH = 256


def _lines(report: Report) -> Iterator[str]:
    controls = controls_by_id(report)
    run = {
        "schema_version": SCHEMA_VERSION,
        "run_id": report.run.id,
        "as_of": report.run.as_of.isoformat(),
        "tool_version": __version__,
    }
    # json.dumps escapes newlines in strings, and ASCII output escapes U+2028/U+2029 too, which
    # some line splitters also break on: each object stays on exactly one line
    for f in report.findings:
        yield json.dumps({**run, **finding_document(f, controls[f.control_id])}) + "\n"
