"""evaluate(inventory, controls, as_of, parameters) -> Report. Pure: no printing, no I/O; with
`Options.jobs` above 1 the accounts are shared among forked processes, with the same result."""

from __future__ import annotations

import datetime as dt
import marshal
import uuid
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from smaudit.capabilities import FIELD
from smaudit.errors import InputError, Problem
from smaudit.forked import can_fork, map_forked
from smaudit.gcpause import paused_gc
from smaudit.inventory.loader import PERSON_REF_KEYS
from smaudit.model import (
    SEVERITY_BY_VALUE,
    STATUS_BY_VALUE,
    Account,
    Control,
    Evidence,
    Finding,
    Inventory,
    Report,
    RunInfo,
    Severity,
    Status,
)
from smaudit.redact import person_label, present
from smaudit.rules import CompileError, Node, Trace, compile_check
from smaudit.rules.fast import Predicate, predicate
from smaudit.rules.nodes import TraceEntry
from smaudit.rules.paths import MISSING, format_path

_DIMENSIONS = (
    ("platforms", "platform"),
    ("statuses", "status"),
    ("tiers", "tier"),
    ("account_types", "account_type"),
)


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


@dataclass(frozen=True)
class CompiledControl:
    control: Control
    check: Node
    when: Node | None
    verdict: Predicate
    """`check` as a closure: the verdict alone, for the bulk of the accounts."""
    scope: tuple[tuple[str, tuple[str, ...]], ...]
    """The account fields that bound the scope, and their allowed values (only those set)."""


def compile_controls(
    controls: Sequence[Control], parameters: Mapping[str, Any], as_of: dt.date
) -> list[CompiledControl]:
    """Compile every check once per run; a broken check is an InputError at its line."""
    compiled, problems = [], []
    # the run's date is a parameter too: `{param: as_of}` (e.g. a risk acceptance not expired)
    parameters = {**parameters, "as_of": as_of}
    for control in controls:
        try:
            check = compile_check(control.check, parameters, as_of)
            when = (
                compile_check(control.applies_when, parameters, as_of)
                if control.applies_when
                else None
            )
        except CompileError as exc:
            where = control.locate(exc.path)
            problems.append(
                Problem(
                    where.file,
                    where.line,
                    where.column,
                    f"{control.id}: {format_path(exc.path)}: {exc.message}",
                )
            )
            continue
        scope = tuple(
            (key, allowed)
            for attribute, key in _DIMENSIONS
            if (allowed := getattr(control.applies_to, attribute))
        )
        compiled.append(CompiledControl(control, check, when, predicate(check), scope))
    if problems:
        raise InputError(problems)
    return compiled


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
        tally, findings = _assess_forked(compiled, accounts, options)
    else:
        tally, findings = _assess(compiled, accounts, options)
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
    )


Tally = Counter[tuple[str, Severity, Status]]
"""Evaluations per (control, severity, status): the report's three summaries are sums of it."""


def _assess(
    compiled: Sequence[CompiledControl], accounts: Sequence[Account], options: Options
) -> tuple[Tally, list[Finding]]:
    overrides = options.severity_overrides or {}
    findings: list[Finding] = []
    tally: Tally = Counter()
    for unit in compiled:
        control = unit.control
        verdict = unit.verdict
        plain = not unit.scope and not control.applies_to.capabilities and unit.when is None
        severity_of = _severities(control, overrides.get(control.id))
        explained: _Explained = {}
        for account in accounts:
            fields = account.fields
            status, reason = (None, "") if plain else _applies(unit, account)
            if status is None:
                status = _STATUS_OF[verdict(fields, fields)]
            severity = severity_of(fields.get("tier"))
            tally[control.id, severity, status] += 1
            if status in _QUIET and not options.include_passed:
                continue
            findings.append(_finding(unit, account, status, severity, reason, options, explained))
    return tally, findings


def _assess_forked(
    compiled: Sequence[CompiledControl], accounts: Sequence[Account], options: Options
) -> tuple[Tally, list[Finding]]:
    """The accounts cut into one contiguous share per job, each assessed in a forked process.
    Findings come back as plain tuples through marshal, several times cheaper than pickling
    the objects, and are rebuilt here against this process's accounts."""
    size = -(-len(accounts) // options.jobs)
    spans = [(start, min(start + size, len(accounts))) for start in range(0, len(accounts), size)]

    def share(span: tuple[int, int]) -> bytes:
        start, end = span
        tally, findings = _assess(compiled, accounts[start:end], options)
        position = {account.id: start + i for i, account in enumerate(accounts[start:end])}
        return marshal.dumps(
            (
                [(cid, sev.value, status.value, n) for (cid, sev, status), n in tally.items()],
                [_packed(f, position[f.account_id]) for f in findings],
            )
        )

    tally: Tally = Counter()
    findings: list[Finding] = []
    for blob in map_forked(share, spans, options.jobs):
        counted, packed = marshal.loads(blob)
        for cid, sev, status, n in counted:
            tally[cid, SEVERITY_BY_VALUE[sev], STATUS_BY_VALUE[status]] += n
        findings.extend(_unpacked(item, accounts) for item in packed)
    return tally, findings


def _packed(finding: Finding, index: int) -> tuple[Any, ...]:
    return (
        finding.control_id,
        index,
        finding.status.value,
        finding.severity.value,
        finding.message,
        tuple((e.path, e.actual, e.expected, e.outcome.value) for e in finding.evidence),
        finding.field_place,
    )


def _unpacked(item: tuple[Any, ...], accounts: Sequence[Account]) -> Finding:
    control_id, index, status, severity, message, evidence, field_place = item
    account = accounts[index]
    named = STATUS_BY_VALUE
    return Finding(
        control_id,
        account.id,
        account.platform,
        named[status],
        SEVERITY_BY_VALUE[severity],
        message,
        tuple(Evidence(path, actual, wanted, named[o]) for path, actual, wanted, o in evidence),
        account.location,
        field_place,
    )


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
    scope = unit.control.applies_to
    for key, allowed in unit.scope:
        value = account.fields.get(key)
        # A blank status or tier keeps the account in scope: assuming it out of scope would
        # hide real failures, and SM-GOV-01 reports the blank field itself.
        if value is None:
            continue
        if value not in allowed:
            return (
                Status.NOT_APPLICABLE,
                f"not applicable: {key} {value} is outside "
                f"this control's scope ({', '.join(allowed)})",
            )
    if scope.capabilities:
        offered = account.fields.get(FIELD, {})
        if all(offered.get(c) is False for c in scope.capabilities):
            return Status.NOT_APPLICABLE, (
                f"not applicable: {account.platform} does not offer "
                f"{' or '.join(c.replace('_', ' ') for c in scope.capabilities)} "
                "(platform capabilities: controls/platforms.yaml, corrected by the inventory's "
                "agency.platform_capabilities)"
            )
    if unit.when is not None:
        verdict = unit.when.eval(account.fields, account.fields, (), None)
        if verdict is False:
            return Status.NOT_APPLICABLE, f"not applicable: {unit.when.describe()} does not hold"
        if verdict is None:
            trace: Trace = []
            unit.when.eval(account.fields, account.fields, (), trace)
            missing = next((e for e in trace if e.outcome is Status.ERROR), None)
            what = format_path(missing.path) if missing else "a field"
            return (
                Status.ERROR,
                f"not assessed: {what} missing (needed to decide whether this control applies)",
            )
    return None, ""


_Explanation = tuple[str, tuple[Evidence, ...], tuple[str | int, ...] | None]
"""A finding's message, its evidence, and the path of the fact that decided it."""
_Explained = dict[Any, _Explanation]
_EXPLAINED_KEPT = 4096
"""Explanations one control keeps for reuse: enough for the patterns that recur (a field that a
whole inventory lacks), a bound on memory where none do."""


def _finding(
    unit: CompiledControl,
    account: Account,
    status: Status,
    severity: Severity,
    reason: str,
    options: Options,
    explained: _Explained,
) -> Finding:
    message, evidence, decisive = _explain(unit, account, status, reason, options, explained)
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


def _explain(
    unit: CompiledControl,
    account: Account,
    status: Status,
    reason: str,
    options: Options,
    explained: _Explained,
) -> _Explanation:
    """Why the account has this outcome. Accounts with the same facts get the same words, so
    an explanation is reused, one object shared, where the facts repeat: each account that
    lacks a field has the same message and evidence as the next, and there can be a million."""
    fields = account.fields
    trace: Trace = []
    if not reason:
        unit.check.eval(fields, fields, (), trace)
    show = options.show_personal_data

    def shown(value: Any, key: str) -> Any:
        return present(value, key, show)

    facts = []
    decisive: TraceEntry | None = None
    expected = ""
    for entry in trace:
        words = entry.expectation.render(shown)
        facts.append((entry, words))
        if decisive is None and entry.outcome is status and entry.decisive:
            decisive, expected = entry, words
    key = _facts_key(status, reason, facts, decisive, fields)
    if key is not None and (known := explained.get(key)) is not None:
        return known
    evidence = tuple(
        Evidence(
            format_path(entry.path),
            None if entry.value is MISSING else shown(entry.value, entry.key),
            words,
            entry.outcome,
        )
        for entry, words in facts
    )
    message = reason or _message(unit.control, status, decisive, expected, show, fields)
    explanation = (message, evidence, decisive.path if decisive else None)
    if key is not None and len(explained) < _EXPLAINED_KEPT:
        explained[key] = explanation
    return explanation


def _facts_key(
    status: Status,
    reason: str,
    facts: list[tuple[TraceEntry, str]],
    decisive: TraceEntry | None,
    fields: Any,
) -> Any:
    """Everything an explanation is made of, or None where a value cannot be a key. A value's
    type is part of it (1, 1.0 and True are equal but read differently) and a float's text
    (-0.0 equals 0.0); the roster ids a message names along the decisive path, too."""
    parts: list[Any] = [status, reason]
    for entry, words in facts:
        value = entry.value
        shown = repr(value) if type(value) is float else value
        parts.append((entry.path, entry.key, type(value), shown, words, entry.outcome))
        parts.append(entry is decisive)
    if decisive is not None and not PERSON_REF_KEYS.isdisjoint(
        p for p in decisive.path if isinstance(p, str)
    ):
        parts.append(who(decisive.path, fields))
    key = tuple(parts)
    try:
        hash(key)
    except TypeError:  # a list or a mapping among the values
        return None
    return key


def who(path: tuple[str | int, ...], fields: Any, show_personal_data: bool = False) -> str:
    """The path with each person it passes through named, so a message says who:
    `credentials.holders[1].person (person-1a2b3c4d).status`; by roster id with
    show_personal_data (an id is often a username, an address or a name)."""
    text, value = "", fields
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        value = _step(value, part)
        if part in PERSON_REF_KEYS and isinstance(value, dict) and value.get("id"):
            text += f" ({person_label(str(value['id']), show_personal_data)})"
    return text or "(account)"


def _step(value: Any, part: str | int) -> Any:
    if isinstance(part, int):
        return value[part] if isinstance(value, list) and part < len(value) else None
    return value.get(part) if isinstance(value, dict) else None


def _message(
    control: Control,
    status: Status,
    entry: TraceEntry | None,
    expected: str,
    show_personal_data: bool,
    fields: Any,
) -> str:
    if entry is None:
        return f"{control.title}: passed" if status is Status.PASS else control.title
    path = who(entry.path, fields, show_personal_data)
    if entry.value is MISSING:
        if status is Status.FAIL:
            return f"{path} is missing; expected {expected}"
        return f"not assessed: {path} missing (expected {expected})"
    actual = present(entry.value, entry.key, show_personal_data)
    if status is Status.ERROR:
        shown = show_value(actual)
        return f"not assessed: {path} is {shown}, which cannot be judged (expected {expected})"
    if status is Status.PASS:
        return f"{control.title}: passed"
    return f"{path} is {show_value(actual)}; expected {expected}"


def show_value(value: Any) -> str:
    """A presented value as a message shows it: true/false, [a, b], plain text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)
