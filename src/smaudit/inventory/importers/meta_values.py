"""What Meta's Business Manager values mean in the inventory: a holder's role from the tasks an
asset grants, a person's MFA from `two_fac_status`, the business's `two_factor_type`.

Roles rank what a stolen login can do to the account itself, which is what the inventory's three
roles (and SM-IA-16, which asks admins for phishing-resistant MFA) are about:

- `admin`: MANAGE, the Page's full control: add and remove people, change settings, delete it;
- `editor`: speak or act as the account without controlling it: CREATE_CONTENT, MODERATE and
  MESSAGING on a Page; CONTENT, COMMUNITY_ACTIVITY and MESSAGES on an Instagram account;
- `analyst`: ADVERTISE and ANALYZE only: ads run under the Page's name but are not posts on
  it, and neither task can publish, reply or change who holds access.

A holder takes the highest role of their tasks. A task Meta adds later is not guessed at: it is
named in a note, and a holder with no known task gets no role.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

TASK_ROLES = {
    "MANAGE": "admin",
    "CREATE_CONTENT": "editor",
    "MODERATE": "editor",
    "MESSAGING": "editor",
    "CONTENT": "editor",
    "COMMUNITY_ACTIVITY": "editor",
    "MESSAGES": "editor",
    "ADVERTISE": "analyst",
    "ANALYZE": "analyst",
}
_RANK = ("analyst", "editor", "admin")

# Meta's reference types `two_fac_status` as a string and lists no values; integrations built on
# it read `enabled` and `disabled`. Anything else is not guessed at: noted, and left absent.
TWO_FAC_STATUS = {"enabled": True, "disabled": False}

# Business.TwoFactorType in Meta's SDKs: who the business asks to use two-factor.
TWO_FACTOR_TYPES = {
    "none": "no one",
    "admin_required": "its admins",
    "all_required": "everyone",
}


@dataclass(frozen=True, slots=True)
class Role:
    """The role a holder's tasks give, and the tasks that were not understood."""

    role: str | None
    unknown: tuple[str, ...]


def role_of(tasks: Iterable[object]) -> Role:
    """The highest role among `tasks` (Graph's task names, any case)."""
    known: list[str] = []
    unknown: list[str] = []
    for task in tasks:
        name = task.strip().upper() if isinstance(task, str) else ""
        if name in TASK_ROLES:
            known.append(TASK_ROLES[name])
        elif name:
            unknown.append(name)
    role = max(known, key=_RANK.index) if known else None
    return Role(role, tuple(dict.fromkeys(unknown)))


def mfa_of(status: object) -> bool | None:
    """True for on, False for off, None when the status says neither."""
    if not isinstance(status, str):
        return None
    return TWO_FAC_STATUS.get(status.strip().lower())


def requirement(two_factor_type: object) -> str | None:
    """`two_factor_type` as one of TWO_FACTOR_TYPES' keys, or None when it is not one."""
    if not isinstance(two_factor_type, str):
        return None
    value = two_factor_type.strip().lower()
    return value if value in TWO_FACTOR_TYPES else None
