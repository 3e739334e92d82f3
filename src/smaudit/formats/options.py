"""What a renderer may be told beyond the document itself: where it is going and what it joins."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from smaudit.runs.drift import Drift

if TYPE_CHECKING:
    from smaudit.runs.history import RunRow


@dataclass(frozen=True)
class RepositoryLinks:
    """Where the run's repository shows a file at the run's commit, and the run itself: what
    GitHub Actions tells a job (GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA,
    GITHUB_RUN_ID), checked before use. Nothing is fetched."""

    blob_url: str
    """`https://github.com/OWNER/REPO/blob/SHA`: a path and `#L12` follow."""
    run_url: str | None = None
    """`https://github.com/OWNER/REPO/actions/runs/ID`, when the run id is known."""


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    """Terminal colours: only the table, only on a terminal that wants them."""
    source_root: Path | None = None
    """The repository the inventory lives in (`--source-root`, else the git work tree around
    the first inventory file). Formats whose consumer resolves a file against a checkout (SARIF,
    OSCAL evidence) write locations relative to it. None: paths as the user named them."""
    drift: Drift | None = None
    """What changed since `--baseline`, when one was given."""
    history: tuple[RunRow, ...] | None = None
    """The runs `--history` had recorded before this one, oldest first: the HTML report's
    trend. None: the run keeps no history; empty: this is its first run."""
    outputs: Mapping[str, Path] = field(default_factory=dict)
    """The file each format is written to (its first `--output NAME:FILE`), so that a document
    can point at one written beside it: OSCAL results at their assessment plan."""
    per_account_metrics: bool = False
    """Prometheus: one series per account too (`--per-account-metrics`); by default the
    metrics' number is the catalogue's, whatever the number of accounts."""
    show_personal_data: bool = False
    """`--show-personal-data`: the engine has already masked (or not) every message and fact;
    this tells the formats that name people read from the inventory itself (the HTML report's
    owners) to show them as the messages do. False: pseudonyms, as everywhere by default."""
    repository: RepositoryLinks | None = None
    """The Markdown links each `file:line` to that line in the repository (files under
    `source_root` only), and points at the run's full report."""
    width: int | None = None
    """The table on a terminal: the columns it may take (shutil.get_terminal_size: COLUMNS,
    else the terminal, else 80), lines wrapped between words to fit. None: messages wrapped at
    70 characters and lines as long as they come, as in a file."""
    screen_lines: int | None = None
    """The table on a terminal: its height, so that a run whose findings would not fit one
    screen opens with the summary by control instead. None: not a terminal."""
    table_view: str = "auto"
    """`--summary` ("summary"), `--details` ("details"), or "auto": the findings when they fit
    on one screen (or stdout is no terminal), else the summary."""
    jobs: int = 1
    """`--jobs`: processes a streamed format may be written by (the JSON feed's findings, in
    halves, where there are many); the text is the same for any number."""
    group_by: str | None = None
    """`--group-by`: the table and Markdown list findings under a heading per office, owner,
    platform or tier (a key of `findings.groups.GROUP_BY`). None: by control, as by default."""


DEFAULT_OPTIONS = RenderOptions()
