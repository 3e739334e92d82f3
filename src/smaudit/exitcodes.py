"""The exit-code contract, in one place: what a CI pipeline may rely on."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from smaudit.model import Report, Severity, Status


class ExitCode(IntEnum):
    CLEAN = 0
    """No failure at or above --fail-on, and nothing not assessed at or above
    --fail-on-not-assessed."""
    FINDINGS = 1
    """At least one failure at or above --fail-on (or, when asked, an expired waiver)."""
    USAGE_OR_INPUT = 2
    """Bad command line, or an input file (inventory, control, profile) that cannot be used."""
    NOT_ASSESSED = 3
    """Nothing failed at or above --fail-on, but some control at or above
    --fail-on-not-assessed could not be evaluated."""
    INTERNAL = 4
    """A bug in smaudit itself; please report it."""


@dataclass(frozen=True)
class Gate:
    """What makes a run fail: the user's thresholds."""

    fail_on: Severity = Severity.LOW
    """The lowest severity of failure that exits 1."""
    not_assessed_from: Severity | None = Severity.LOW
    """The lowest severity of control whose not-assessed outcome exits 3; None: never. Teams
    adopting smaudit gate on failures first and fill in the inventory over time, so this is a
    threshold of its own (the CLI defaults it to --fail-on)."""
    expired_waivers: bool = False
    """Whether a waiver that has expired exits 1 by itself."""


def exit_code(report: Report, gate: Gate) -> ExitCode:
    if report.failed_at_or_above(gate.fail_on):
        return ExitCode.FINDINGS
    if gate.expired_waivers and report.expired_waivers:
        return ExitCode.FINDINGS
    threshold = gate.not_assessed_from
    if threshold is not None and report.failed_at_or_above(threshold, Status.ERROR):
        return ExitCode.NOT_ASSESSED
    return ExitCode.CLEAN
