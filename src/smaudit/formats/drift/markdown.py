"""Drift as Markdown, for pull requests, issues and the GitHub Actions job summary."""

from __future__ import annotations

from itertools import groupby

from smaudit.formats.findings.markdown_text import MAX_CHARACTERS, Budget, cell
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.runs.drift import Drift, Entry, summary_line
from smaudit.safety.terminal import escape_inline


def render(drift: Drift, _options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """Worst changes first, within one pull-request comment (findings markdown's limit): the
    counts and the notes always, then as many rows as fit, the rest counted."""
    old, new = drift.old, drift.new
    lines = [
        "## smaudit drift",
        "",
        f"From run `{old.id}` (as of {old.as_of}, {cell(old.source)}) to run `{new.id}` "
        f"(as of {new.as_of}, {cell(new.source)}).",
        "",
        f"**{summary_line(drift)}**",
    ]
    notes = ["", "### Notes", "", *(f"- {cell(note)}" for note in drift.notes)]
    sections = [list(group) for _, group in groupby(drift.entries, key=lambda e: e.category)]
    # every section's heading and its line of what was left out have their room kept first
    kept = len("\n".join(lines + notes)) + 2 + len(sections) * (len(_HEADER) + _LEFT_OUT)
    budget = Budget(MAX_CHARACTERS - kept)
    for entries in sections:
        lines.extend(_section(entries, budget))
    if drift.notes:
        lines.extend(notes)
    return "\n".join(lines) + "\n"


# Room kept in each section for its heading and for the line that says what was left out
_HEADER = "\n### Newly not assessed (1,000,000)\n\n| Severity | Control | Account | Detail |\n"
_HEADER += "| --- | --- | --- | --- |\n"
_LEFT_OUT = 160


def _section(entries: list[Entry], budget: Budget) -> list[str]:
    lines = [
        "",
        f"### {entries[0].category.heading} ({len(entries)})",
        "",
        "| Severity | Control | Account | Detail |",
        "| --- | --- | --- | --- |",
    ]
    rows = (
        f"| {e.severity.value if e.severity else ''} | {_code(e.control_id)} | "
        f"{_code(e.account_id)} | {cell(e.message)} |"
        for e in entries
    )
    return lines + budget.rows(rows, len(entries), "`smaudit diff --format json` lists them all")


def _code(value: str | None) -> str:
    """An id as code; inside a code span only a pipe needs escaping (GitHub tables)."""
    if not value:
        return ""
    return "`" + escape_inline(value).replace("`", "").replace("|", "\\|") + "`"
