"""What an inventory still lacks for a profile: the worklist after an import (`smaudit todo`).

Built from the run's own not-assessed findings, not from a second list of which control reads
which field: a check that could not be judged names, in its evidence, the facts it found
missing; a control whose scope could not be decided (a blank tier, an unknown credentials
type) names the field that leaves it open. Each such fact is a task for the account's owner:

- the field, with list positions folded (`credentials.holders[].mfa.enabled`), since the same
  fact is lacking for every holder;
- the accounts that lack it, and the controls waiting on it (filling it lets them be judged,
  unless they wait on another fact too, which is then its own task);
- whether it is absent, or present with a value the check cannot judge (to correct, not add).

Tasks are grouped by the account's owner (the person to ask); the accounts with no owner
recorded come first (SM-GOV-03 fails them: naming an owner is the first task), then owners and
their tasks by the checks waiting on them, most first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from smaudit.assessment.compiled import CompiledControl, compile_controls
from smaudit.assessment.scope import decide
from smaudit.model import Account, Finding, Report, Status
from smaudit.model.provenance import recorded_where
from smaudit.safety.redact import person_shown

_POSITION = re.compile(r"\[\d+\]")


@dataclass(frozen=True)
class Task:
    field: str
    """The inventory field to fill in, list positions folded: `credentials.holders[].person`."""
    unusable: bool
    """True where the field is there but its value cannot be judged: correct it."""
    accounts: tuple[str, ...]
    """The owner's accounts that lack it, in inventory order."""
    controls: tuple[str, ...]
    """The controls waiting on it, in catalogue order."""
    checks: int
    """The (control, account) checks not assessed for want of it."""


@dataclass(frozen=True)
class OwnerTasks:
    owner: str | None
    """The owner as outputs name people (a pseudonym unless personal data is shown); None for
    the accounts with no owner recorded."""
    accounts: int
    """How many of the owner's accounts have something to fill in."""
    checks: int
    """The checks not assessed on those accounts."""
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Worklist:
    profile: str
    as_of: dt.date
    accounts: int
    """Accounts in the inventory."""
    not_assessed: int
    """Checks not assessed (waived ones excluded: a waiver already answers for them)."""
    owners: tuple[OwnerTasks, ...]
    personal_data_shown: bool = False
    """Whether owners are named by roster id (else by pseudonym)."""


def worklist(report: Report, show_personal_data: bool = False) -> Worklist:
    """The report's not-assessed findings as tasks per owner and field (see the docstring)."""
    errors = [f for f in report.findings if f.status is Status.ERROR]
    accounts = {a.id: a for a in report.inventory.accounts}
    order = {a.id: i for i, a in enumerate(report.inventory.accounts)}
    rank = {c.id: i for i, c in enumerate(report.controls)}
    units = _scope_units(report, {f.control_id for f in errors if not _lacking(f)})
    # owner -> (field, unusable) -> [(control, account)]
    grouped: dict[str | None, dict[tuple[str, bool], list[tuple[str, str]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    checks: dict[str | None, set[tuple[str, str]]] = defaultdict(set)
    for finding in errors:
        account = accounts[finding.account_id]
        owner = owner_label(account.fields.get("owner"), show_personal_data)
        pair = (finding.control_id, finding.account_id)
        checks[owner].add(pair)
        for fact in _lacking(finding) or _undecided(units.get(finding.control_id), account):
            grouped[owner][fact].append(pair)
    owners = [
        _owner(owner, facts, len(checks[owner]), order, rank) for owner, facts in grouped.items()
    ]
    owners.sort(key=lambda o: (o.owner is not None, -o.checks, o.owner or ""))
    run = report.run
    return Worklist(
        run.profile, run.as_of, len(accounts), len(errors), tuple(owners), show_personal_data
    )


def _owner(
    owner: str | None,
    facts: Mapping[tuple[str, bool], list[tuple[str, str]]],
    checks: int,
    order: Mapping[str, int],
    rank: Mapping[str, int],
) -> OwnerTasks:
    tasks = [
        Task(
            field,
            unusable,
            tuple(sorted({a for _, a in pairs}, key=order.__getitem__)),
            tuple(sorted({c for c, _ in pairs}, key=rank.__getitem__)),
            len(set(pairs)),
        )
        for (field, unusable), pairs in facts.items()
    ]
    tasks.sort(key=lambda t: (-t.checks, -len(t.controls), t.field))
    with_tasks = {a for t in tasks for a in t.accounts}
    return OwnerTasks(owner, len(with_tasks), checks, tuple(tasks))


def _lacking(finding: Finding) -> tuple[tuple[str, bool], ...]:
    """The facts a check found missing (or unjudgeable), as its evidence records them."""
    facts = (
        (recorded_where(_POSITION.sub("[]", e.path)), e.actual is not None)
        for e in finding.evidence
        if e.outcome is Status.ERROR
    )
    return tuple(dict.fromkeys(facts))


def _scope_units(report: Report, control_ids: Iterable[str]) -> dict[str, CompiledControl]:
    """The compiled controls whose scope some account left undecided (their evidence is empty:
    the check never ran), to ask `decide` again which field it wanted."""
    wanted = set(control_ids)
    controls = [c for c in report.controls if c.id in wanted]
    units = compile_controls(controls, report.run.parameters, report.run.as_of)
    return {u.control.id: u for u in units}


def _undecided(unit: CompiledControl | None, account: Account) -> tuple[tuple[str, bool], ...]:
    if unit is None:
        return ()
    control = unit.control
    decision = decide(control.applies_to, unit.scope, unit.when, account.fields, account.platform)
    missing = decision.missing
    return ((recorded_where(_POSITION.sub("[]", missing)), False),) if missing else ()


def owner_label(owner: Any, show_personal_data: bool) -> str | None:
    """The account's owner as every output names a person (see redact.person_shown)."""
    return person_shown(owner, show_personal_data) if isinstance(owner, Mapping) else None
