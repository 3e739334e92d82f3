"""Drift for the terminal: one group per category, worst first, then the notes and a summary."""

from __future__ import annotations

from itertools import groupby

from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.formats.plaintext import columns, wrap
from smaudit.runs.drift import Drift, Entry, summary_line
from smaudit.safety.terminal import escape_inline

DETAIL_WIDTH = 70


def render(drift: Drift, _options: RenderOptions = DEFAULT_OPTIONS) -> str:
    parts = [_group(list(group)) for _, group in groupby(drift.entries, key=lambda e: e.category)]
    parts.extend(f"note: {escape_inline(note)}" for note in drift.notes)
    parts.append(escape_inline(summary_line(drift)))
    return "\n\n".join(parts) + "\n"


def _group(entries: list[Entry]) -> str:
    heading = f"{entries[0].category.heading.upper()}  [{len(entries)}]"
    rows = [
        (
            [e.severity.value.upper() if e.severity else ""],
            [escape_inline(e.control_id or "")],
            [escape_inline(e.account_id or "")],
            wrap(escape_inline(e.message), DETAIL_WIDTH),
        )
        for e in entries
    ]
    return heading + "\n" + "\n".join("    " + line for line in columns(rows))
