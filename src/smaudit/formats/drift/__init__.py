"""Drift output formats: one module each, registered here; `smaudit diff --format` offers these."""

from __future__ import annotations

from collections.abc import Callable

from smaudit.formats.drift import jsondoc, markdown, table
from smaudit.runs.drift import Drift

DRIFT_FORMATS: dict[str, Callable[[Drift], str]] = {
    "table": table.render,
    "json": jsondoc.render,
    "markdown": markdown.render,
}
