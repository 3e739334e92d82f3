"""The terminal table: findings grouped by control, worst first, then one summary line."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import groupby

from smaudit.formats.findings.groups import GROUP_BY, by_group, tally
from smaudit.formats.findings.table_overview import overview, summary_line
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.formats.plaintext import columns, wrap, wrap_words
from smaudit.model import Control, Finding, Report, Severity, Status
from smaudit.safety.terminal import escape_inline

_COLORS = {
    Severity.CRITICAL: "\033[1;31m",
    Severity.HIGH: "\033[31m",
    Severity.MEDIUM: "\033[33m",
    Severity.LOW: "\033[36m",
    Severity.INFO: "\033[2m",
}
_RESULT = {
    Status.FAIL: "FAIL",
    Status.ERROR: "NOT ASSESSED",
    Status.PASS: "pass",
    Status.NOT_APPLICABLE: "n/a",
    Status.WAIVED: "WAIVED",
}
_RESET = "\033[0m"
DETAIL_WIDTH = 70
MIN_MESSAGE = 30
"""The narrowest message column worth keeping beside the account and place."""


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    if options.table_view == "summary":
        return overview(report, options)
    text = details(report, options)
    screen = options.screen_lines
    if options.table_view == "auto" and screen is not None and text.count("\n") > screen:
        return overview(report, options)
    return text


def details(report: Report, options: RenderOptions) -> str:
    """Every finding, by control (or by group, then control), then the summary line."""
    controls = {c.id: c for c in report.controls}
    if options.group_by and report.findings:
        parts = _by_group(report, controls, options)
    else:
        parts = _by_control(report.findings, controls, options, options.width)
    if not parts:
        parts.append("No findings.")
    if report.unused_waivers:
        unused = escape_inline(", ".join(f"{w.id} ({w.control_id})" for w in report.unused_waivers))
        parts.append(
            _fit(f"Unused waivers (they match no finding that needs one): {unused}", options)
        )
    if report.overlapping_waivers:
        pairs = ", ".join(
            f"{a.id} and {b.id} ({a.control_id})" for a, b in report.overlapping_waivers
        )
        overlapping = (
            f"Overlapping waivers (the same control and account, periods that overlap): {pairs}"
        )
        parts.append(_fit(overlapping, options))
    parts.append(summary_line(report))
    if options.width is not None:
        parts[-1] = "\n".join(wrap_words(parts[-1], options.width, "  "))
    return "\n\n".join(parts) + "\n"


def _by_control(
    findings: Sequence[Finding],
    controls: Mapping[str, Control],
    options: RenderOptions,
    width: int | None,
) -> list[str]:
    """A block per control and outcome, each control's blocks from its worst finding on."""
    # the findings are sorted worst first; a control's group starts at its worst finding
    order: dict[tuple[str, Status], int] = {}
    for index, finding in enumerate(findings):
        order.setdefault((finding.control_id, finding.status), index)
    ordered = sorted(findings, key=lambda f: order[(f.control_id, f.status)])
    return [
        _group(controls[control_id], status, list(group), options.color, width)
        for (control_id, status), group in groupby(ordered, key=lambda f: (f.control_id, f.status))
    ]


def _by_group(report: Report, controls: Mapping[str, Control], options: RenderOptions) -> list[str]:
    """`--group-by`: a heading per group with its counts, then its blocks per control."""
    key = options.group_by or "office"
    accounts = {account.id: account for account in report.inventory.accounts}
    groups = by_group(list(report.findings), key, accounts, options.show_personal_data)
    parts = []
    for label, findings in groups:
        title = escape_inline(f"{GROUP_BY[key]}: {label}")
        heading = _fit(f"== {title}  [{tally(findings)}] ==", options)
        inner = options.width - 2 if options.width is not None else None
        blocks = _by_control(findings, controls, options, inner)
        parts.append(heading + "\n\n" + "\n\n".join(_indented(block) for block in blocks))
    return parts


def _indented(block: str) -> str:
    return "\n".join("  " + line if line else line for line in block.splitlines())


def _fit(text: str, options: RenderOptions) -> str:
    if options.width is None:
        return text
    return "\n".join(wrap_words(text, options.width, "    "))


def _group(
    control: Control, status: Status, findings: list[Finding], color: bool, width: int | None
) -> str:
    severities = sorted({f.severity for f in findings}, key=lambda s: -s.rank)
    label = "/".join(s.value for s in severities).upper()
    count = f"{len(findings)} account{'s' if len(findings) != 1 else ''}"
    # every text from an input file is escaped before it is laid out (see terminal.py)
    title = escape_inline(f"{control.id}  {control.title}")
    heading = f"{label}  {title}  [{_RESULT[status]}: {count}]"
    if width is not None:  # the label is one word, so it starts the first line whole
        heading = "\n".join(wrap_words(heading, width, "    "))
    if color and status is Status.FAIL:
        heading = f"{_COLORS[severities[0]]}{label}{_RESET}" + heading[len(label) :]
    return heading + "\n" + "\n".join(_rows(findings, width))


def _rows(findings: list[Finding], width: int | None) -> list[str]:
    """Account, message and place in columns; on a terminal too narrow for the message beside
    the others, the account and place on a line and the message wrapped under them."""
    cells = [(escape_inline(f.account_id), escape_inline(_message(f)), _where(f)) for f in findings]
    if width is None:
        rows = [([a], wrap(m, DETAIL_WIDTH), [w]) for a, m, w in cells]
        return ["    " + line for line in columns(rows)]
    room = width - 4 - max(len(a) for a, _, _ in cells) - max(len(w) for _, _, w in cells) - 4
    if room >= MIN_MESSAGE:
        rows = [([a], wrap_words(m, room), [w]) for a, m, w in cells]
        return ["    " + line for line in columns(rows)]
    lines = []
    for account, message, place in cells:
        lines += wrap_words(f"{account}  {place}", width - 4, "  ")
        lines += ["    " + line for line in wrap_words(message, width - 8)]
    return ["    " + line for line in lines]


def _where(finding: Finding) -> str:
    where = finding.field_location or finding.location
    return escape_inline(f"{where.file}:{where.line}")


def _message(finding: Finding) -> str:
    waiver = finding.waiver
    if finding.status is Status.WAIVED and waiver is not None:
        return (
            f"{finding.message} [waived: {waiver.id}, {waiver.kind}, {waiver.ticket}, "
            f"until {waiver.expires_on.isoformat()}]"
        )
    return finding.message
