"""evaluate(inventory, controls, as_of, parameters) -> Report. Pure: no printing, no I/O; with
`Options.jobs` above 1 the accounts are shared among forked processes, with the same result."""

from __future__ import annotations

import datetime as dt
import marshal
import uuid
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from smaudit.assessment.compiled import CompiledControl, compile_controls
from smaudit.assessment.forked import can_fork, map_forked, pack_findings, unpack_findings
from smaudit.assessment.scope import decide
from smaudit.assessment.wording import Explained, explain
from smaudit.gcpause import paused_gc
from smaudit.model import (
    SEVERITY_BY_VALUE,
    STATUS_BY_VALUE,
    Account,
    Control,
    Finding,
    Inventory,
    Report,
    RunInfo,
    Severity,
    Status,
)
from smaudit.rules.templates import Traces


@dataclass(frozen=True)
class Options:
    """How a run is reported. Defaults suit dashboards: passes counted, not listed."""

    include_passed: bool = False
    show_personal_data: bool = False
    profile: str = "modern"
    catalogue_version: str = "unversioned"
    run_id: str | None = None
    started_at: dt.datetime | None = None
    severity_overrides: Mapping[str, Severity] | None = None
    jobs: int = 1
    """Worker processes to assess the accounts in; the findings are the same for any number."""
    reuse_shapes: bool = True
    """Explain a finding from a template traced once per shape of finding and filled with the
    account's values (rules/templates.py); False traces every finding afresh: the reference,
    with the same output."""


def evaluate(
    inventory: Inventory,
    controls: Sequence[Control],
    as_of: dt.date,
    parameters: Mapping[str, Any],
    options: Options = Options(),
) -> Report:
    with paused_gc():
        return _evaluate(inventory, controls, as_of, parameters, options)


def _evaluate(
    inventory: Inventory,
    controls: Sequence[Control],
    as_of: dt.date,
    parameters: Mapping[str, Any],
    options: Options,
) -> Report:
    compiled = compile_controls(controls, parameters, as_of)
    accounts = inventory.accounts
    if options.jobs > 1 and can_fork() and len(accounts) > 1:
        tally, findings, outside = _assess_forked(compiled, accounts, options)
    else:
        tally, findings, outside = _assess(compiled, accounts, options)
    counts: Counter[Status] = Counter()
    by_control: dict[str, Counter[Status]] = {c.id: Counter() for c in controls}
    by_severity: dict[Severity, Counter[Status]] = {s: Counter() for s in Severity}
    for (control_id, severity, status), n in tally.items():
        counts[status] += n
        by_control[control_id][status] += n
        by_severity[severity][status] += n
    findings.sort(key=sort_key)  # a total order: serial and forked runs list alike
    run = RunInfo(
        id=options.run_id or str(uuid.uuid4()),
        as_of=as_of,
        started_at=options.started_at or dt.datetime.now(dt.UTC),
        profile=options.profile,
        catalogue_version=options.catalogue_version,
        parameters=dict(parameters),
    )
    return Report(
        run,
        inventory,
        tuple(controls),
        tuple(findings),
        dict(counts),
        {k: dict(v) for k, v in by_control.items()},
        {k: dict(v) for k, v in by_severity.items()},
        options.include_passed,
        not_applicable={cid: tuple(ids) for cid, ids in outside.items()},
    )


Tally = Counter[tuple[str, Severity, Status]]
"""Evaluations per (control, severity, status): the report's three summaries are sums of it."""
Outside = dict[str, list[str]]
"""The accounts each control did not apply to: so that a later run can tell a fix from a
control that stopped applying (drift and history)."""


def _assess(
    compiled: Sequence[CompiledControl], accounts: Sequence[Account], options: Options
) -> tuple[Tally, list[Finding], Outside]:
    overrides = options.severity_overrides or {}
    findings: list[Finding] = []
    tally: Tally = Counter()
    outside: Outside = {}
    for unit in compiled:
        control = unit.control
        verdict = unit.verdict
        plain = not unit.scope and not control.applies_to.capabilities and unit.when is None
        severity_of = _severities(control, overrides.get(control.id))
        explained: Explained = {}
        traces = Traces(unit.check, options.reuse_shapes)
        for account in accounts:
            fields = account.fields
            status, reason = (None, "") if plain else _applies(unit, account)
            if status is None:
                status = _STATUS_OF[verdict(fields, fields)]
            severity = severity_of(fields.get("tier"))
            tally[control.id, severity, status] += 1
            if status is Status.NOT_APPLICABLE:
                outside.setdefault(control.id, []).append(account.id)
            if status in _QUIET and not options.include_passed:
                continue
            findings.append(
                _finding(unit, account, status, severity, reason, options, explained, traces)
            )
    return tally, findings, outside


def _assess_forked(
    compiled: Sequence[CompiledControl], accounts: Sequence[Account], options: Options
) -> tuple[Tally, list[Finding], Outside]:
    """The accounts cut into one contiguous share per job: the first assessed here, each other
    in a forked process meanwhile. Their findings come back as plain tuples through marshal,
    several times cheaper than pickling the objects, and are rebuilt here against this
    process's accounts."""
    size = -(-len(accounts) // options.jobs)
    spans = [(start, min(start + size, len(accounts))) for start in range(0, len(accounts), size)]

    def share(span: tuple[int, int]) -> bytes:
        start, end = span
        tally, findings, outside = _assess(compiled, accounts[start:end], options)
        position = {account.id: start + i for i, account in enumerate(accounts[start:end])}
        return marshal.dumps(
            (
                [(cid, sev.value, status.value, n) for (cid, sev, status), n in tally.items()],
                pack_findings(findings, position),
                outside,
            )
        )

    (start, end), *others = spans
    here = partial(_assess, compiled, accounts[start:end], options)
    (tally, findings, outside), blobs = map_forked(here, share, others, options.jobs - 1)
    for blob in blobs:  # in the order of the shares
        counted, packed, share_outside = marshal.loads(blob)
        for cid, sev, status, n in counted:
            tally[cid, SEVERITY_BY_VALUE[sev], STATUS_BY_VALUE[status]] += n
        findings.extend(unpack_findings(packed, accounts))
        for cid, ids in share_outside.items():
            outside.setdefault(cid, []).extend(ids)
    return tally, findings, outside


_STATUS_OF = {True: Status.PASS, False: Status.FAIL, None: Status.ERROR}
_QUIET = (Status.PASS, Status.NOT_APPLICABLE)
"""Outcomes counted but, unless passes are asked for, not listed."""


def _severities(control: Control, override: Severity | None) -> Callable[[Any], Severity]:
    """The severity of a failure by the account's tier, worked out once per tier."""
    if override is not None:
        return lambda _tier: override
    known: dict[Any, Severity] = {}

    def severity(tier: Any) -> Severity:
        found = known.get(tier)
        if found is None:
            found = known[tier] = control.severity_for(tier)
        return found

    return severity


_STATUS_ORDER = {
    Status.FAIL: 0,
    Status.ERROR: 1,
    Status.WAIVED: 2,
    Status.PASS: 3,
    Status.NOT_APPLICABLE: 4,
}


def sort_key(finding: Finding) -> tuple[int, int, str, str]:
    """Worst first: failures before errors, then by severity, control and account."""
    return (
        _STATUS_ORDER[finding.status],
        -finding.severity.rank,
        finding.control_id,
        finding.account_id,
    )


def _applies(unit: CompiledControl, account: Account) -> tuple[Status | None, str]:
    """(None, "") when the control applies; else not_applicable or error, and why."""
    status, reason, _ = decide(
        unit.control.applies_to, unit.scope, unit.when, account.fields, account.platform
    )
    return status, reason


def _finding(
    unit: CompiledControl,
    account: Account,
    status: Status,
    severity: Severity,
    reason: str,
    options: Options,
    explained: Explained,
    traces: Traces,
) -> Finding:
    message, evidence, decisive = explain(
        traces.trace,
        unit.control,
        account,
        status,
        reason,
        options.show_personal_data,
        explained,
    )
    control = unit.control
    return Finding(
        control.id,
        account.id,
        account.platform,
        status,
        severity,
        message,
        evidence,
        account.location,
        account.place(decisive) if decisive is not None else 0,
    )
