"""The whole HTML report as a frozen view model, built from a run's Report and the render
options: the cards, the strip, the roll-ups, the controls, the waivers and the worklist."""

from __future__ import annotations

from smaudit import __version__
from smaudit.formats.findings.common import inventory_label
from smaudit.formats.findings.html import attention
from smaudit.formats.findings.html.controls import MAX_ROWS, control_sections
from smaudit.formats.findings.html.model import Caps, Figure, ReportView, Run
from smaudit.formats.findings.html.rollups import MAX_GROUPS, outcomes_by_account, rollups
from smaudit.formats.findings.html.trend import MAX_RUNS, trend
from smaudit.formats.options import RenderOptions
from smaudit.model import Report, Severity, Status

CAPS = Caps(
    rows_per_control=MAX_ROWS,
    groups_per_rollup=MAX_GROUPS,
    accounts_per_owner=attention.MAX_ACCOUNTS_PER_OWNER,
    owners=attention.MAX_OWNERS,
    changes=attention.MAX_CHANGES,
    waivers=attention.MAX_WAIVERS,
    expiring_soon_days=attention.EXPIRING_SOON_DAYS,
    runs=MAX_RUNS,
)


def build(report: Report, options: RenderOptions) -> ReportView:
    personal = options.show_personal_data
    loud, quiet = control_sections(report)
    waivers = attention.waivers(report)
    soon = attention.expiring_soon(waivers)
    work, work_more, unassessed = attention.worklist(report, personal)
    return ReportView(
        run=run(report),
        verdict=verdict(report),
        cards=cards(report),
        severities=severities(report),
        not_applicable=report.count(Status.NOT_APPLICABLE),
        since=attention.since(options.drift, len(soon)),
        expiring_soon=soon,
        rollups=rollups(report, outcomes_by_account(report.findings), personal),
        controls=loud,
        quiet_controls=quiet,
        waivers=waivers[: attention.MAX_WAIVERS],
        waivers_more=max(len(waivers) - attention.MAX_WAIVERS, 0),
        overlapping_waivers=len(report.overlapping_waivers),
        worklist=work,
        worklist_more=work_more,
        unassessed_accounts=unassessed,
        trend=trend(report, options.history),
        caps=CAPS,
    )


def run(report: Report) -> Run:
    info = report.run
    return Run(
        agency=report.inventory.agency.name,
        inventory=inventory_label(report),
        profile=info.profile,
        catalogue=info.catalogue_version,
        as_of=info.as_of.isoformat(),
        run_id=info.id,
        started_at=info.started_at.isoformat(timespec="seconds"),
        accounts=len(report.inventory.accounts),
        controls=len(report.controls),
        version=__version__,
    )


def cards(report: Report) -> tuple[Figure, ...]:
    """The feed's summary (`summary.fail`, `error`, `waived`, `pass`), the same numbers:
    checks are evaluations of one control on one account."""
    return (
        Figure("fail", "Failed", report.count(Status.FAIL), "fail"),
        Figure("error", "Not assessed", report.count(Status.ERROR), "error"),
        Figure("waived", "Waived", report.count(Status.WAIVED), "waived"),
        Figure("pass", "Passed", report.count(Status.PASS), "pass"),
    )


def severities(report: Report) -> tuple[Figure, ...]:
    """The failed checks by severity: the feed's `summary.by_severity.<severity>.fail`."""
    return tuple(
        Figure(
            f"fail-{severity.value}",
            severity.value.capitalize(),
            report.counts_by_severity.get(severity, {}).get(Status.FAIL, 0),
            severity.value,
        )
        for severity in reversed(Severity)
    )


def verdict(report: Report) -> str:
    failed, unassessed = report.count(Status.FAIL), report.count(Status.ERROR)
    if not failed and not unassessed:
        return "Every check passed or was waived."
    return (
        f"{failed:,} failed check{_s(failed)} and {unassessed:,} that could not be assessed, "
        f"over {len(report.inventory.accounts):,} account{_s(len(report.inventory.accounts))} "
        f"and {len(report.controls)} control{_s(len(report.controls))}."
    )


def _s(number: int) -> str:
    return "" if number == 1 else "s"
