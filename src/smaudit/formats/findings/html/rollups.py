"""Roll-ups of a run by agency, office, owner, platform and tier: accounts and checks a group."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from smaudit.formats.findings.groups import owner_label
from smaudit.formats.findings.html.model import Rollup, RollupRow
from smaudit.model import Account, Finding, Report, Status

MAX_GROUPS = 50
"""Rows a roll-up table lists (the worst first); the rest are counted in its total."""


@dataclass
class _Tally:
    accounts: int = 0
    failing: int = 0
    unassessed: int = 0
    troubled: int = 0
    """Accounts failing or not fully assessed, each once."""
    failed: int = 0
    not_assessed: int = 0

    def add(self, other: _Tally) -> None:
        self.accounts += other.accounts
        self.failing += other.failing
        self.unassessed += other.unassessed
        self.troubled += other.troubled
        self.failed += other.failed
        self.not_assessed += other.not_assessed


@dataclass
class AccountOutcomes:
    """What needs attention on one account: its failed and not-assessed checks."""

    failed: int = 0
    not_assessed: int = 0
    controls: list[str] = field(default_factory=list)


def outcomes_by_account(findings: Iterable[Finding]) -> dict[str, AccountOutcomes]:
    found: dict[str, AccountOutcomes] = {}
    for finding in findings:
        if finding.status is Status.FAIL:
            found.setdefault(finding.account_id, AccountOutcomes()).failed += 1
        elif finding.status is Status.ERROR:
            found.setdefault(finding.account_id, AccountOutcomes()).not_assessed += 1
    return found


Grouping = Callable[[Account], str]
Grouped = tuple[str, str, str, Grouping]
"""A roll-up's key, title, what a row is, and the group an account falls in."""


def groupings(report: Report, show_personal_data: bool) -> tuple[Grouped, ...]:
    """Each roll-up: its key, title, what a row is, and the group an account falls in."""
    agency = report.inventory.agency.name
    return (
        ("agency", "By agency", "Agency", lambda a: agency),
        ("office", "By office", "Office", lambda a: _text(a.fields.get("office"), "no office")),
        (
            "owner",
            "By owner",
            "Owner",
            lambda a: owner_label(a.fields.get("owner"), show_personal_data),
        ),
        ("platform", "By platform", "Platform", lambda a: a.platform),
        ("tier", "By tier", "Tier", lambda a: _text(a.fields.get("tier"), "no tier stated")),
    )


def rollups(
    report: Report, outcomes: Mapping[str, AccountOutcomes], show_personal_data: bool
) -> tuple[Rollup, ...]:
    return tuple(
        _rollup(key, title, column, report.inventory.accounts, outcomes, group)
        for key, title, column, group in groupings(report, show_personal_data)
    )


def _rollup(
    key: str,
    title: str,
    column: str,
    accounts: Iterable[Account],
    outcomes: Mapping[str, AccountOutcomes],
    group: Grouping,
) -> Rollup:
    tallies: dict[str, _Tally] = {}
    for account in accounts:
        _count(tallies.setdefault(group(account), _Tally()), outcomes.get(account.id))
    ordered = sorted(tallies.items(), key=lambda kv: (-kv[1].failed, -kv[1].failing, kv[0]))
    rows = tuple(_row(name, tally) for name, tally in ordered)
    total = _Tally()
    for tally in tallies.values():
        total.add(tally)
    return Rollup(
        key=key,
        title=title,
        column=column,
        rows=rows[:MAX_GROUPS],
        total=_row("All accounts", total),
        more=max(len(rows) - MAX_GROUPS, 0),
    )


def _count(tally: _Tally, outcome: AccountOutcomes | None) -> None:
    tally.accounts += 1
    if outcome is None:
        return
    tally.failing += int(outcome.failed > 0)
    tally.unassessed += int(outcome.not_assessed > 0)
    tally.troubled += 1
    tally.failed += outcome.failed
    tally.not_assessed += outcome.not_assessed


def _row(name: str, tally: _Tally) -> RollupRow:
    return RollupRow(
        name=name,
        accounts=tally.accounts,
        failing=tally.failing,
        unassessed=tally.unassessed,
        clear=tally.accounts - tally.troubled,
        failed=tally.failed,
        not_assessed=tally.not_assessed,
    )


def _text(value: object, missing: str) -> str:
    return missing if value is None or value == "" else str(value)
