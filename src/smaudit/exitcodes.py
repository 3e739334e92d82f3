"""The exit-code contract, in one place: what a CI pipeline may rely on."""

from __future__ import annotations

from enum import IntEnum

from smaudit.model import Report, Severity, Status


class ExitCode(IntEnum):
    CLEAN = 0
    """No failure at or above --fail-on, and every control could be evaluated."""
    FINDINGS = 1
    """At least one failure at or above --fail-on (or, when asked, an expired waiver)."""
    USAGE_OR_INPUT = 2
    """Bad command line, or an input file (inventory, control, profile) that cannot be used."""
    NOT_ASSESSED = 3
    """Nothing failed at or above --fail-on, but some controls could not be evaluated (error)."""
    INTERNAL = 4
    """A bug in smaudit itself; please report it."""


def exit_code(report: Report, fail_on: Severity, fail_on_expired_waivers: bool = False) -> ExitCode:
    if report.failed_at_or_above(fail_on):
        return ExitCode.FINDINGS
    if fail_on_expired_waivers and report.expired_waivers:
        return ExitCode.FINDINGS
    if report.count(Status.ERROR):
        return ExitCode.NOT_ASSESSED
    return ExitCode.CLEAN
