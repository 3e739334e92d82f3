"""Output formats: one module each, registered here; the CLI's --format choices are these keys."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from smaudit.formats.findings import (
    csv,
    jsonfeed,
    junit,
    markdown,
    ndjson,
    ocsf,
    oscal,
    prometheus,
    sarif,
    table,
)
from smaudit.formats.options import RenderOptions
from smaudit.model import Report

__all__ = ["FORMATS", "Format", "RenderOptions"]


@dataclass(frozen=True)
class Format:
    render: Callable[[Report, RenderOptions], str]
    needs_all_outcomes: bool = False
    """Formats that report every evaluation (passes too) ask the engine to list them."""
    stream: Callable[[Report, RenderOptions], Iterable[bytes]] | None = None
    """The same text as `render`, UTF-8 encoded, in chunks: for formats whose size grows with
    the findings, so the CLI writes them without holding the whole text."""


FORMATS: dict[str, Format] = {
    "table": Format(table.render),
    "json": Format(jsonfeed.render, stream=jsonfeed.iter_render),
    "sarif": Format(sarif.render),
    "junit": Format(junit.render, needs_all_outcomes=True, stream=junit.iter_render),
    "oscal": Format(oscal.render, needs_all_outcomes=True, stream=oscal.iter_render),
    "ocsf": Format(ocsf.render, stream=ocsf.iter_render),
    "csv": Format(csv.render, stream=csv.iter_render),
    "markdown": Format(markdown.render),
    "ndjson": Format(ndjson.render, stream=ndjson.iter_render),
    "prometheus": Format(prometheus.render),
}
