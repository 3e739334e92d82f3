"""One line per finding, `file:line:column: CONTROL severity account: message`: for hooks.

What pre-commit, an editor's problem matcher or `grep` reads: the shape compilers and linters
print (ruff's `concise`, flake8), so a terminal or an editor jumps to the line. Only what needs
attention is listed, in the order of the files and lines it points at; a waived finding is
left out (it is accepted and blocks nothing; the summary on stderr counts it). Every value that
comes from an inventory is escaped for the terminal, on one line.
"""

from __future__ import annotations

from collections.abc import Iterator

from smaudit.formats.findings.common import encoded_batches, where
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.model import Finding, Report, Status
from smaudit.safety.terminal import escape_inline

LISTED = (Status.FAIL, Status.ERROR)


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    return "".join(_lines(report))


def iter_render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> Iterator[bytes]:
    """`render`'s text as UTF-8 chunks: a large run's lines are never all held at once."""
    return encoded_batches(_lines(report))


def _lines(report: Report) -> Iterator[str]:
    listed = sorted(
        (f for f in report.findings if f.status in LISTED),
        key=lambda f: (where(f).file, where(f).line, where(f).column, f.control_id),
    )
    for finding in listed:
        yield line(finding) + "\n"


def line(finding: Finding) -> str:
    """E.g. `inventory.yaml:26:7: SM-IA-01 critical hq-x: mfa.enabled is false; expected true`.
    The engine's message already says "not assessed" for a finding that could not be."""
    place = where(finding)
    head = f"{escape_inline(place.file)}:{max(place.line, 1)}:{max(place.column, 1)}"
    return (
        f"{head}: {finding.control_id} {finding.severity.value} "
        f"{escape_inline(finding.account_id)}: {escape_inline(finding.message)}"
    )
