"""Small helpers several formats share: where a finding points, and a file path as a URI."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from itertools import islice
from pathlib import Path, PurePath, PureWindowsPath
from urllib.parse import quote

from smaudit.formats.options import RenderOptions
from smaudit.model import Control, Finding, Location, Report, Status
from smaudit.schemas import REPOSITORY

TOOL_NAME = "smaudit"
# Where consumers (SARIF viewers, OCSF, OSCAL tools) are sent to read about the tool.
INFORMATION_URI = REPOSITORY


def where(finding: Finding) -> Location:
    """The field that decided the outcome when it is written, else the account itself."""
    return finding.field_location or finding.location


def controls_by_id(report: Report) -> dict[str, Control]:
    return {control.id: control for control in report.controls}


@cache  # a run names a few files, a million times each in the larger formats
def file_uri(path: str) -> str:
    """A path as a URI reference: forward slashes, percent-encoded, `file:` when absolute.

    Relative paths stay relative (to the directory smaudit ran in, usually the repository root),
    which is what GitHub code scanning and OSCAL evidence links resolve against."""
    if PureWindowsPath(path).drive:
        return "file:///" + quote(PureWindowsPath(path).as_posix(), safe="/:")
    posix = PurePath(path).as_posix()
    if posix.startswith("/"):
        return "file://" + quote(posix, safe="/")
    return quote(posix, safe="/")


def source_uri(path: str, options: RenderOptions) -> str:
    """`path` as a URI reference relative to the repository root (options.source_root), as
    code hosts resolve it against their checkout; as file_uri gives it when there is no root or
    the file lies outside it."""
    if options.source_root is None:
        return file_uri(path)
    return _under_root(path, options.source_root.resolve())


@cache
def _under_root(path: str, root: Path) -> str:
    try:
        relative = Path(path).resolve().relative_to(root)
    except ValueError:
        return file_uri(path)
    return quote(relative.as_posix(), safe="/")


def inventory_label(report: Report) -> str:
    """Which inventory a run read, stable across runs and edits: its files as the user named
    them, comma-separated in order. What labels tell two inventories' outputs apart where they
    meet (one node's metrics, one SIEM index)."""
    return ",".join(sorted(source.path for source in report.inventory.sources))


def line_anchor(location: Location) -> str:
    """`inventory.yaml#L12`: the convention code hosts use for a line of a file."""
    return f"{file_uri(location.file)}#L{max(location.line, 1)}"


def show_value(value: object) -> str:
    """An evidence value as plain text: `missing`, `true`/`false`, `[a, b]`."""
    if value is None:
        return "missing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(show_value(v) for v in value) + "]"
    return str(value)


def aware(moment: dt.datetime) -> dt.datetime:
    """A run's start with its zone: a naive time is taken as UTC, as the engine records it."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def epoch_millis(moment: dt.datetime) -> int:
    return round(aware(moment).timestamp() * 1000)


def underlying_status(finding: Finding) -> Status:
    """What the check found: a waived finding keeps its original fail or error."""
    if finding.status is Status.WAIVED and finding.original_status is not None:
        return finding.original_status
    return finding.status


def waiver_note(finding: Finding) -> str:
    """`waived by W-7 (risk_acceptance, ticket SEC-12, until 2027-01-31)`, or "" if not waived."""
    waiver = finding.waiver
    if finding.status is not Status.WAIVED or waiver is None:
        return ""
    return (
        f"waived by {waiver.id} ({waiver.kind}, ticket {waiver.ticket}, "
        f"until {waiver.expires_on.isoformat()})"
    )


LINES_PER_CHUNK = 256
"""How many lines a streamed format joins into one write: big enough to amortise the write,
small enough that no run's whole text is ever held at once."""


def encoded_batches(lines: Iterator[str]) -> Iterator[bytes]:
    """Lines of text as UTF-8 chunks of LINES_PER_CHUNK lines each, for line-shaped formats
    (NDJSON, GitLab, OCSF lines) to stream."""
    while chunk := "".join(islice(lines, LINES_PER_CHUNK)):
        yield chunk.encode()
