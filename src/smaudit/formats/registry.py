"""Every output format, by kind of document: one interface, one registry.

A format is a `Format`: how to write one kind of document (a run's findings, the drift between
two runs, a view of the history) as text, given the render options. The CLI's `--format`
choices are the keys of these tables: to add a format, write its module under findings/, drift/,
history/ or todo/ and list it here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from smaudit.assessment.todo import Worklist
from smaudit.formats.drift import jsondoc as drift_json
from smaudit.formats.drift import markdown as drift_markdown
from smaudit.formats.drift import table as drift_table
from smaudit.formats.findings import (
    concise,
    csv,
    gitlab,
    html,
    jsonfeed,
    junit,
    markdown,
    markdown_comment,
    ndjson,
    ocsf,
    oscal,
    prometheus,
    sarif,
    table,
)
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


FORMATS: dict[str, Format[Report]] = {
    "table": Format(table.render, groups=True),
    "json": Format(jsonfeed.render, stream=jsonfeed.iter_render),
    "sarif": Format(sarif.render),
    "junit": Format(junit.render, stream=junit.iter_render),
    "oscal": Format(oscal.render, stream=oscal.iter_render),
    "oscal-plan": Format(oscal.render_plan),
    "ocsf": Format(ocsf.render, stream=ocsf.iter_render),
    "ocsf-ndjson": Format(ocsf.render_lines, stream=ocsf.iter_lines),
    "csv": Format(csv.render, stream=csv.iter_render),
    "markdown": Format(markdown.render, groups=True),
    "markdown-comment": Format(markdown_comment.render, groups=True),
    "ndjson": Format(ndjson.render, stream=ndjson.iter_render),
    "prometheus": Format(prometheus.render),
    "gitlab": Format(gitlab.render, stream=gitlab.iter_render),
    "html": Format(html.render, trend=True),
    "concise": Format(concise.render, stream=concise.iter_render),
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
