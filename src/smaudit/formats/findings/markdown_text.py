"""The pieces every Markdown summary is made of: the channel it must fit, cells safe to show,
rows of findings (with links into the repository when the run knows it), and the budget."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote

from smaudit.formats.findings.common import waiver_note, where
from smaudit.formats.options import RenderOptions
from smaudit.model import Finding, Status
from smaudit.safety.terminal import escape_inline


@dataclass(frozen=True)
class Channel:
    """Where a summary is posted, and the most it may hold there."""

    name: str
    limit: int
    unit: str


JOB_SUMMARY = Channel("job summary", 1_048_576, "byte")
"""GitHub's limit for one step's job summary ($GITHUB_STEP_SUMMARY): 1 MiB."""
COMMENT = Channel("comment", 65_536, "character")
"""GitHub's limit for a pull-request or issue comment."""
MAX_CHARACTERS = COMMENT.limit
"""The comment's limit, which `smaudit diff --format markdown` keeps to as well."""

STATUS_LABEL = {  # in the order the summary shows them
    Status.FAIL: "Failed",
    Status.ERROR: "Not assessed",
    Status.WAIVED: "Waived",
    Status.PASS: "Passed",
    Status.NOT_APPLICABLE: "Not applicable",
}
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|#~!])")
# GitHub links a bare URL or www. name and notifies an @name: a zero-width space (as an entity,
# so the text stays plain ASCII) after the @ or inside "://" leaves the words as written and
# breaks the pattern. A backslash before @ would not: mentions are found after Markdown is read.
_LINKS_AND_MENTIONS = re.compile(r"@|(?<=[A-Za-z]):(?=//)|(?<=\bwww)\.", re.IGNORECASE)
ROW_HEADER = "| Severity | Control | Account | Message | Location |\n|---|---|---|---|---|"
LEFT_OUT = 240
"""Room kept for each line that says what was left out (numbers of up to seven digits)."""


def size(text: str) -> int:
    """What a channel counts, at most: UTF-8 bytes, never fewer than the characters."""
    return len(text.encode("utf-8", "surrogatepass"))


class Budget:
    """What a part of the summary may still take, in UTF-8 bytes (so a character limit holds
    too): `channel` names the limit in the line that says what was left out."""

    def __init__(self, total: int, channel: Channel = COMMENT) -> None:
        self.total, self.used, self.channel = total, 0, channel

    def take(self, text: str) -> bool:
        """Count `text` (and the line break before it) in, if it fits."""
        cost = size(text) + 1
        if self.used + cost > self.total:
            return False
        self.used += cost
        return True

    def rows(
        self, rows: Iterable[str], total: int, elsewhere: str, why: str | None = None
    ) -> list[str]:
        """The rows that fit, then, if fewer than `total` were shown, a line saying how many
        were left out, why (by default: the channel's limit) and where `elsewhere` lists them."""
        shown: list[str] = []
        for row in rows:
            if not self.take(row):
                break
            shown.append(row)
        if len(shown) < total:
            limit = self.channel
            why = why or (
                f"a summary stays within GitHub's {limit.limit:,}-{limit.unit} {limit.name} limit"
            )
            shown += ["", f"{total - len(shown)} more not shown here ({why}): {elsewhere}."]
        return shown


def cell(text: str) -> str:
    """Text safe in a table cell: no HTML, no Markdown syntax, no link or @mention, no control
    character, on one line."""
    text = html.escape(escape_inline(" ".join(text.split())), quote=False)
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    return _LINKS_AND_MENTIONS.sub(lambda m: m.group() + "&#8203;", text)


def worst_first(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-f.severity.rank, f.control_id, f.account_id))


def row(finding: Finding, options: RenderOptions) -> str:
    """A finding as a table row: severity, control, account, message, and its place (a link to
    the line in the repository when the run knows the repository)."""
    note = waiver_note(finding)
    cells = (
        finding.severity.value,
        finding.control_id,
        finding.account_id,
        f"{finding.message} ({note})" if note else finding.message,
    )
    return "| " + " | ".join(cell(c) for c in cells) + f" | {place(finding, options)} |"


def place(finding: Finding, options: RenderOptions) -> str:
    """`file:line` of the deciding field (else of the account), linked to that line at the
    run's commit when the repository is known and the file is in it."""
    location = where(finding)
    text = cell(f"{location.file}:{location.line}")
    links = options.repository
    if links is None or options.source_root is None:
        return text
    path = _in_repository(location.file, options.source_root)
    if path is None:  # outside the repository: no page of it shows the file
        return text
    return f"[{text}]({links.blob_url}/{path}#L{max(location.line, 1)})"


@cache  # a run names a few files, a row each
def _in_repository(path: str, root: Path) -> str | None:
    """The path relative to the repository's root, percent-encoded (no space or bracket left
    to end a link), or None for a file outside it."""
    try:
        relative = Path(path).resolve().relative_to(root.resolve())
    except ValueError:
        return None
    return quote(relative.as_posix(), safe="/")
