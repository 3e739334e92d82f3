"""`smaudit todo` for the terminal: per owner, the fields to fill in, most checks first."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from tabulate import tabulate

from smaudit.assessment.todo import OwnerTasks, Task, Worklist
from smaudit.formats.options import RenderOptions
from smaudit.safety.terminal import escape_inline

WIDTH = 100
SHOWN = 3
"""Account and control ids listed in a cell, at most: the JSON lists them all."""


def render(worklist: Worklist, _options: RenderOptions) -> str:
    head = (
        f"To do for profile {worklist.profile} as of {worklist.as_of.isoformat()}: "
        f"{worklist.not_assessed} checks on {worklist.accounts} accounts are not assessed "
        "for want of these facts."
    )
    if not worklist.owners:
        return f"{textwrap.fill(head, WIDTH)}\nNothing to fill in: every check could be assessed.\n"
    guide = (
        "Filling in a field lets the controls waiting on it be judged (pass or fail), unless "
        "they wait on another field too. Fields marked (correct) are there but cannot be "
        "judged."
    )
    if not worklist.personal_data_shown:
        guide += " Owners are named by pseudonym: --show-personal-data names them by roster id."
    parts = [textwrap.fill(head, WIDTH), textwrap.fill(guide, WIDTH)]
    parts += [_owner(o) for o in worklist.owners]
    return "\n\n".join(parts) + "\n"


def _owner(owner: OwnerTasks) -> str:
    accounts = f"{owner.accounts} account{'s' if owner.accounts != 1 else ''}"
    who = escape_inline(owner.owner) if owner.owner else "No owner recorded (SM-GOV-03)"
    checks = f"{owner.checks} check{'s' if owner.checks != 1 else ''}"
    title = f"{who}: {accounts}, {checks} not assessed"
    rows = [_row(t) for t in owner.tasks]
    headers = ["FIELD", "ACCOUNTS", "CHECKS", "CONTROLS WAITING ON IT"]
    return title + "\n" + tabulate(rows, headers, tablefmt="simple")


def _row(task: Task) -> list[str | int]:
    field = task.field + (" (correct)" if task.unusable else "")
    return [
        escape_inline(field),
        _accounts(task.accounts),
        task.checks,
        _controls(task.controls),
    ]


def _accounts(ids: Sequence[str]) -> str:
    """A few accounts by id; more by their number only (the JSON lists them all)."""
    if len(ids) > SHOWN:
        return str(len(ids))
    return f"{len(ids)}: " + ", ".join(escape_inline(i) for i in ids)


def _controls(ids: Sequence[str]) -> str:
    shown = ", ".join(escape_inline(i) for i in ids[:SHOWN])
    return shown + (f", +{len(ids) - SHOWN} more" if len(ids) > SHOWN else "")
