"""`smaudit history` output formats: one module each, registered here for `--format`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from smaudit.formats.history import jsondoc, table
from smaudit.runs.history import RunRow, StoredFinding
from smaudit.runs.timelines import Timeline


@dataclass(frozen=True)
class HistoryFormat:
    """The three views of a history: the runs, one run's findings, findings over time."""

    runs: Callable[[tuple[RunRow, ...]], str]
    findings: Callable[[RunRow, tuple[StoredFinding, ...]], str]
    timelines: Callable[[tuple[Timeline, ...]], str]


HISTORY_FORMATS: dict[str, HistoryFormat] = {
    "table": HistoryFormat(table.runs, table.findings, table.timelines),
    "json": HistoryFormat(jsondoc.runs, jsondoc.findings, jsondoc.timelines),
}
