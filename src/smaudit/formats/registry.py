"""Every output format, by kind of document: one interface, one registry.

A format is a `Format`: how to write one kind of document (a run's findings, the drift between
two runs, a view of the history) as text, given the render options. The CLI's `--format`
choices are the keys of these tables: to add a format, write its module under findings/, drift/,
history/ or todo/ and list it here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from smaudit.assessment.todo import Worklist
from smaudit.formats.drift import jsondoc as drift_json
from smaudit.formats.drift import markdown as drift_markdown
from smaudit.formats.drift import table as drift_table
from smaudit.formats.history import jsondoc as history_json
from smaudit.formats.history import table as history_table
from smaudit.formats.history import views
from smaudit.formats.options import RenderOptions
from smaudit.formats.todo import jsondoc as todo_json
from smaudit.formats.todo import table as todo_table
from smaudit.model import Report
from smaudit.runs.drift import Drift
from smaudit.runs.history import HistoryView

Document = TypeVar("Document")


@dataclass(frozen=True)
class Format(Generic[Document]):
    """How one kind of document is written in one format."""

    render: Callable[[Document, RenderOptions], str]
    needs_all_outcomes: bool = False
    """A findings format that reports every evaluation (passes too) asks the engine to list
    them."""
    stream: Callable[[Document, RenderOptions], Iterable[bytes]] | None = None
    """The same text as `render`, UTF-8 encoded, in chunks: for formats whose size grows with
    the findings, so that they are written without holding the whole text."""
    groups: bool = False
    """Takes `--group-by` (RenderOptions.group_by): findings under a heading per group."""
    trend: bool = False
    """Shows the runs `--history` recorded before this one (RenderOptions.history): the
    history is read only for the runs that write such a format."""


def _findings(name: str, *, streamed: bool = False, **kinds: bool) -> Format[Report]:
    """The format written by `formats/findings/<name>.py`'s `render` (and `iter_render`),
    imported when a run first writes it: a run pays only for the formats it writes (the HTML
    report's modules alone took 26 ms to import)."""
    return Format(
        _imported(name, "render"),
        stream=_imported(name, "iter_render") if streamed else None,
        **kinds,
    )


def _imported(module: str, function: str) -> Callable[..., Any]:
    """`function` of formats/findings/`module`.py, looked up at each call (a dictionary lookup
    once the module is imported)."""

    def call(*args: Any) -> Any:
        found = importlib.import_module(f"smaudit.formats.findings.{module}")
        return getattr(found, function)(*args)

    call.__qualname__ = call.__name__ = f"{module}.{function}"
    return call


FORMATS: dict[str, Format[Report]] = {
    "table": _findings("table", groups=True),
    "json": _findings("jsonfeed", streamed=True),
    "sarif": _findings("sarif"),
    "junit": _findings("junit", streamed=True),
    "oscal": _findings("oscal", streamed=True),
    "oscal-plan": Format(_imported("oscal", "render_plan")),
    "ocsf": _findings("ocsf", streamed=True),
    "ocsf-ndjson": Format(
        _imported("ocsf", "render_lines"), stream=_imported("ocsf", "iter_lines")
    ),
    "csv": _findings("csv", streamed=True),
    "markdown": _findings("markdown", groups=True),
    "markdown-comment": _findings("markdown_comment", groups=True),
    "ndjson": _findings("ndjson", streamed=True),
    "prometheus": _findings("prometheus"),
    "gitlab": _findings("gitlab", streamed=True),
    "html": _findings("html", trend=True),
    "concise": _findings("concise", streamed=True),
}
"""A run's findings: `smaudit check` and `smaudit reconcile`."""

DRIFT_FORMATS: dict[str, Format[Drift]] = {
    "table": Format(drift_table.render),
    "json": Format(drift_json.render),
    "markdown": Format(drift_markdown.render),
}
"""What changed between two runs: `smaudit diff`."""

HISTORY_FORMATS: dict[str, Format[HistoryView]] = {
    "table": Format(views(history_table)),
    "json": Format(views(history_json)),
}
"""The recorded runs, one run's findings, or findings over time: `smaudit history`."""

TODO_FORMATS: dict[str, Format[Worklist]] = {
    "table": Format(todo_table.render),
    "json": Format(todo_json.render),
}
"""What the inventory still lacks for a profile: `smaudit todo`."""

SUFFIXES: dict[str, str] = {
    ".txt": "table",
    ".json": "json",
    ".sarif": "sarif",
    ".sarif.json": "sarif",
    ".xml": "junit",
    ".junit.xml": "junit",
    ".oscal.json": "oscal",
    ".oscal-plan.json": "oscal-plan",
    "code-quality-report.json": "gitlab",  # GitLab's own name: gl-code-quality-report.json
    ".codequality.json": "gitlab",
    ".ocsf.json": "ocsf",
    ".ocsf.ndjson": "ocsf-ndjson",
    ".ocsf.jsonl": "ocsf-ndjson",
    ".csv": "csv",
    ".md": "markdown",
    ".comment.md": "markdown-comment",
    ".markdown": "markdown",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
    ".prom": "prometheus",
    ".html": "html",
    ".htm": "html",
}
"""The format a file's name says, for `--output FILE` without a FORMAT: prefix (the longest
matching ending wins). A command uses an ending only if its own registry has that format."""
