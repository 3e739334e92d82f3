"""The HTML report's lists of what to act on besides the controls: the waivers, the
officer's worklist of what could not be assessed (per owner), and what changed since the
baseline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import replace

from smaudit.formats.findings.groups import owner_label
from smaudit.formats.findings.html.model import (
    Change,
    Figure,
    OwnerWork,
    Since,
    WaiverRow,
    WorkItem,
)
from smaudit.model import Account, Finding, Report, Status, Waiver
from smaudit.runs.drift import Category, Drift

EXPIRING_SOON_DAYS = 30
"""A waiver in force that lapses within this many days of the as-of date is "expiring soon":
time to renew it or fix what it covers."""
MAX_WAIVERS = 200
MAX_OWNERS = 100
MAX_ACCOUNTS_PER_OWNER = 50
MAX_CHANGES = 50
MAX_NAMED = 10
"""Accounts a waiver's row names before it counts the rest."""

_SINCE = (  # the strip, in this order: (category, key, label, tone)
    (Category.NEW_FAILURE, "new", "New failures", "fail"),
    (Category.FIXED, "fixed", "Fixed", "pass"),
    (Category.STILL_FAILING, "still-failing", "Still failing", "fail"),
    (Category.WAIVER_EXPIRED, "waiver-expired", "Waivers expired", "fail"),
    (Category.NEWLY_NOT_ASSESSED, "newly-not-assessed", "Newly not assessed", "error"),
)


def since(drift: Drift | None, expiring: int) -> Since | None:
    """The strip's figures and the changes that got worse, worst first (the drift's order)."""
    if drift is None:
        return None
    figures = [Figure(key, label, drift.count(c), tone) for c, key, label, tone in _SINCE]
    figures.append(Figure("expiring-soon", "Waivers expiring soon", expiring, "waived"))
    worse = [e for e in drift.entries if e.category.worse or e.category is Category.FIXED]
    changes = tuple(
        Change(
            category=e.category.heading,
            severity=e.severity.value if e.severity else "",
            control_id=e.control_id or "",
            account_id=e.account_id or "",
            message=e.message,
        )
        for e in worse[:MAX_CHANGES]
    )
    return Since(
        old_run=drift.old.id,
        old_as_of=drift.old.as_of.isoformat(),
        figures=tuple(figures),
        changes=changes,
        more=max(len(worse) - MAX_CHANGES, 0),
        notes=tuple(drift.notes),
    )


def waivers(report: Report) -> tuple[WaiverRow, ...]:
    """Every waiver the run saw: in force (soonest expiry first), lapsed, then unused."""
    as_of = report.run.as_of
    covering: dict[str, tuple[Waiver, list[str]]] = {}
    lapsed: dict[str, tuple[Waiver, list[str]]] = {}
    for finding in report.findings:
        if finding.waiver is None:
            continue
        into = lapsed if finding.waiver_expired else covering
        into.setdefault(finding.waiver.id, (finding.waiver, []))[1].append(finding.account_id)
    rows = [
        _waiver_row(w, accounts, _in_force(w, as_of))
        for w, accounts in sorted(covering.values(), key=lambda e: (e[0].expires_on, e[0].id))
    ]
    rows += [
        _waiver_row(w, accounts, (f"Expired on {w.expires_on}: the failure is open again", "fail"))
        for w, accounts in sorted(lapsed.values(), key=lambda e: e[0].id)
    ]
    rows += [
        _waiver_row(w, [], ("Unused: it covers no failing account of this run", "info"))
        for w in report.unused_waivers
    ]
    return tuple(replace(row, anchor=f"waiver-{n}") for n, row in enumerate(rows, 1))


def expiring_soon(rows: Iterable[WaiverRow]) -> tuple[WaiverRow, ...]:
    return tuple(r for r in rows if r.tone == "expiring")


def _in_force(waiver: Waiver, as_of: dt.date) -> tuple[str, str]:
    days = (waiver.expires_on - as_of).days
    if days <= EXPIRING_SOON_DAYS:
        return f"In force; expires soon, in {days} day{'s' if days != 1 else ''}", "expiring"
    return f"In force for {days} more days", "waived"


def _waiver_row(waiver: Waiver, accounts: list[str], state: tuple[str, str]) -> WaiverRow:
    named = sorted(set(accounts)) or list(waiver.accounts)
    listed = ", ".join(named[:MAX_NAMED])
    if len(named) > MAX_NAMED:
        listed += f" and {len(named) - MAX_NAMED} more"
    approver = waiver.approver_name  # masked by the waivers step unless personal data is shown
    if waiver.approver_role:
        approver += f" ({waiver.approver_role})"
    return WaiverRow(
        id=waiver.id,
        anchor="",
        control_id=waiver.control_id,
        accounts=listed,
        kind=waiver.kind.replace("_", " "),
        approver=approver,
        ticket=waiver.ticket,
        granted_on=waiver.granted_on.isoformat(),
        expires_on=waiver.expires_on.isoformat(),
        state=state[0],
        tone=state[1],
        justification=waiver.justification,
    )


def worklist(report: Report, show_personal_data: bool) -> tuple[tuple[OwnerWork, ...], int, int]:
    """What could not be assessed, per owner, the owner with most accounts first: for each
    account the controls and the fields that are missing. Also how many owners were left out
    and how many accounts the list concerns."""
    accounts = {a.id: a for a in report.inventory.accounts}
    pending: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if finding.status is Status.ERROR:
            pending.setdefault(finding.account_id, []).append(finding)
    owners: dict[str, list[tuple[WorkItem, int]]] = {}
    for account_id, findings in pending.items():
        owner = owner_label(_owner(accounts.get(account_id)), show_personal_data)
        owners.setdefault(owner, []).append((_item(findings), len(findings)))
    ordered = sorted(owners.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    work = tuple(
        _owner_work(number, owner, items) for number, (owner, items) in enumerate(ordered, 1)
    )
    return work[:MAX_OWNERS], max(len(work) - MAX_OWNERS, 0), len(pending)


def _owner(account: Account | None) -> object:
    fields: Mapping[str, object] = account.fields if account is not None else {}
    return fields.get("owner")


def _item(findings: list[Finding]) -> WorkItem:
    first = findings[0]
    place = first.location
    missing = {e.path for f in findings for e in f.evidence if e.outcome is Status.ERROR}
    return WorkItem(
        account_id=first.account_id,
        platform=first.platform,
        place=f"{place.file}:{place.line}",
        controls=tuple(sorted({f.control_id for f in findings})),
        missing=tuple(sorted(missing)),
    )


def _owner_work(number: int, owner: str, items: list[tuple[WorkItem, int]]) -> OwnerWork:
    """One owner's part of the worklist; `items` pairs each account's line with how many of
    its checks could not be assessed."""
    items.sort(key=lambda pair: pair[0].account_id)
    return OwnerWork(
        owner=owner,
        anchor=f"owner-{number}",
        accounts=len(items),
        checks=sum(n for _, n in items),
        items=tuple(item for item, _ in items[:MAX_ACCOUNTS_PER_OWNER]),
        more=max(len(items) - MAX_ACCOUNTS_PER_OWNER, 0),
    )
