"""Drift output formats: one module each, registered here; `smaudit diff --format` offers these."""

from __future__ import annotations

from collections.abc import Callable

from smaudit.drift import Drift
from smaudit.drift_formats import jsondoc, markdown, table

DRIFT_FORMATS: dict[str, Callable[[Drift], str]] = {
    "table": table.render,
    "json": jsondoc.render,
    "markdown": markdown.render,
}
