"""NDJSON for log shippers and SIEMs: one finding a line, each a JSON feed finding plus its run."""

from __future__ import annotations

import json

from smaudit import __version__
from smaudit.formats.common import controls_by_id
from smaudit.formats.jsonfeed import SCHEMA_VERSION, finding_document
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.model import Report


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    controls = controls_by_id(report)
    run = {
        "schema_version": SCHEMA_VERSION,
        "run_id": report.run.id,
        "as_of": report.run.as_of.isoformat(),
        "tool_version": __version__,
    }
    # json.dumps escapes newlines in strings, and ASCII output escapes U+2028/U+2029 too, which
    # some line splitters also break on: each object stays on exactly one line
    lines = [
        json.dumps({**run, **finding_document(f, controls[f.control_id])}) for f in report.findings
    ]
    return "".join(line + "\n" for line in lines)
