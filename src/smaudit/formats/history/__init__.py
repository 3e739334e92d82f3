"""History formats: each writes the three views of `smaudit history`, a function per view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from smaudit.formats.options import RenderOptions
from smaudit.runs.history import (
    FindingTimelines,
    HistoryView,
    RunFindings,
    RunList,
    RunRow,
    StoredFinding,
    Timeline,
)


class Views(Protocol):
    """What a history format module offers: a function per view."""

    def runs(self, rows: tuple[RunRow, ...]) -> str: ...

    def findings(self, run: RunRow, rows: tuple[StoredFinding, ...]) -> str: ...

    def timelines(self, rows: tuple[Timeline, ...]) -> str: ...


def views(module: Views) -> Callable[[HistoryView, RenderOptions], str]:
    """The module's three functions as one render function of the registry's interface."""

    def render(view: HistoryView, _options: RenderOptions) -> str:
        match view:
            case RunList():
                return module.runs(view.runs)
            case RunFindings():
                return module.findings(view.run, view.findings)
            case FindingTimelines():
                return module.timelines(view.timelines)

    return render
