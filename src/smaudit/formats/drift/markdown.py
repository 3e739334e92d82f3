"""Drift as Markdown, for pull requests, issues and the GitHub Actions job summary."""

from __future__ import annotations

from itertools import groupby

from smaudit.formats.findings.markdown import cell
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.runs.drift import Drift, Entry, summary_line
from smaudit.safety.terminal import escape_inline


def render(drift: Drift, _options: RenderOptions = DEFAULT_OPTIONS) -> str:
    old, new = drift.old, drift.new
    lines = [
        "## smaudit drift",
        "",
        f"From run `{old.id}` (as of {old.as_of}, {cell(old.source)}) to run `{new.id}` "
        f"(as of {new.as_of}, {cell(new.source)}).",
        "",
        f"**{summary_line(drift)}**",
    ]
    for _, group in groupby(drift.entries, key=lambda e: e.category):
        lines.extend(_section(list(group)))
    if drift.notes:
        lines.extend(["", "### Notes", "", *(f"- {cell(note)}" for note in drift.notes)])
    return "\n".join(lines) + "\n"


def _section(entries: list[Entry]) -> list[str]:
    rows = [
        f"| {e.severity.value if e.severity else ''} | {_code(e.control_id)} | "
        f"{_code(e.account_id)} | {cell(e.message)} |"
        for e in entries
    ]
    return [
        "",
        f"### {entries[0].category.heading} ({len(entries)})",
        "",
        "| Severity | Control | Account | Detail |",
        "| --- | --- | --- | --- |",
        *rows,
    ]


def _code(value: str | None) -> str:
    """An id as code; inside a code span only a pipe needs escaping (GitHub tables)."""
    if not value:
        return ""
    return "`" + escape_inline(value).replace("`", "").replace("|", "\\|") + "`"
