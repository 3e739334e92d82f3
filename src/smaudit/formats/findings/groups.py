"""What findings are grouped by in every format: an account's office, owner, platform and tier,
each as a label, the owner masked as every format names a person."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from smaudit.model import Account, Finding, Status
from smaudit.safety.redact import person_label, present

NO_OWNER = "no owner recorded"


def owner_label(value: object, show_personal_data: bool) -> str:
    """An account's owner as every format names a person: a pseudonym unless personal data
    was asked for; an owner written inline (name, e-mail) masked as what it is."""
    if value is None or value == "":
        return NO_OWNER
    if isinstance(value, Mapping):
        return str(present(value, "owner", show_personal_data))
    return person_label(str(value), show_personal_data)


def _stated(account: Account, key: str) -> str | None:
    value = account.fields.get(key)
    return None if value is None or value == "" else str(value)


def account_groups(account: Account, show_personal_data: bool) -> dict[str, str]:
    """The groups an account falls in, those the inventory states: platform always; office,
    owner (masked) and tier when stated. The feed's `account_details`, the CSV's columns."""
    groups = {"platform": account.platform}
    if (office := _stated(account, "office")) is not None:
        groups["office"] = office
    if account.fields.get("owner") not in (None, ""):
        groups["owner"] = owner_label(account.fields.get("owner"), show_personal_data)
    if (tier := _stated(account, "tier")) is not None:
        groups["tier"] = tier
    return groups


GROUP_BY: dict[str, str] = {
    "office": "Office",
    "owner": "Owner",
    "platform": "Platform",
    "tier": "Tier",
}
"""`--group-by` choices, each with the word its groups' headings begin with."""
_MISSING = {"office": "no office stated", "tier": "no tier stated"}


def group_label(
    key: str, finding: Finding, account: Account | None, show_personal_data: bool
) -> str:
    """The group a finding falls in by `key`. `account` is None for a finding on an account
    the inventory does not hold (a registry record `reconcile` found)."""
    if key == "platform":
        return finding.platform
    if key == "owner":
        value = account.fields.get("owner") if account is not None else None
        return owner_label(value, show_personal_data)
    stated = _stated(account, key) if account is not None else None
    return _MISSING[key] if stated is None else stated


_OUTCOME = {Status.FAIL: "failed", Status.ERROR: "not assessed", Status.WAIVED: "waived"}


def by_group(
    findings: list[Finding],
    key: str,
    accounts: Mapping[str, Account],
    show_personal_data: bool,
) -> list[tuple[str, list[Finding]]]:
    """The groups and their findings (in the order given), the group with most failures
    first, then most not assessed, then by name."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        label = group_label(key, finding, accounts.get(finding.account_id), show_personal_data)
        groups.setdefault(label, []).append(finding)
    return sorted(groups.items(), key=lambda kv: (*_weight(kv[1]), kv[0]))


def _weight(findings: list[Finding]) -> tuple[int, int]:
    counts = Counter(f.status for f in findings)
    return -counts[Status.FAIL], -counts[Status.ERROR]


def tally(findings: list[Finding]) -> str:
    """`3 failed, 0 not assessed, 2 waived, on 4 accounts`: the outcomes a group holds (the
    waived only when there are some)."""
    counts = Counter(f.status for f in findings)
    outcomes = ", ".join(
        f"{counts[s]} {_OUTCOME[s]}"
        for s in (Status.FAIL, Status.ERROR, Status.WAIVED)
        if counts[s] or s is not Status.WAIVED
    )
    accounts = len({f.account_id for f in findings})
    return f"{outcomes}, on {accounts} account{'s' if accounts != 1 else ''}"
