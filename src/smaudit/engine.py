"""evaluate(inventory, controls, as_of, parameters) -> Report. Pure: no printing, no I/O."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from smaudit.capabilities import FIELD
from smaudit.errors import InputError, Problem
from smaudit.gcpause import paused_gc
from smaudit.inventory.loader import PERSON_REF_KEYS
from smaudit.model import (
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
from smaudit.redact import present
from smaudit.rules import CompileError, Node, Trace, compile_check
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


@dataclass(frozen=True)
class CompiledControl:
    control: Control
    check: Node
    when: Node | None


def fingerprint(control_id: str, account_id: str) -> str:
    """Stable across runs and edits of the file: only the control and account ids go in."""
    return hashlib.sha256(f"{control_id}\0{account_id}".encode()).hexdigest()[:32]


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
        compiled.append(CompiledControl(control, check, when))
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
    overrides = options.severity_overrides or {}
    findings: list[Finding] = []
    counts: Counter[Status] = Counter()
    by_control: dict[str, Counter[Status]] = {c.id: Counter() for c in controls}
    by_severity: dict[Severity, Counter[Status]] = {s: Counter() for s in Severity}
    for unit in compiled:
        control = unit.control
        for account in inventory.accounts:
            status, reason = _applies(unit, account)
            if status is None:
                verdict = unit.check.eval(account.fields, account.fields, (), None)
                status = {True: Status.PASS, False: Status.FAIL, None: Status.ERROR}[verdict]
            counts[status] += 1
            by_control[control.id][status] += 1
            severity = overrides.get(control.id) or control.severity_for(account.fields.get("tier"))
            by_severity[severity][status] += 1
            if status in (Status.PASS, Status.NOT_APPLICABLE) and not options.include_passed:
                continue
            findings.append(_finding(unit, account, status, severity, reason, options))
    findings.sort(key=sort_key)
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
    for attribute, key in _DIMENSIONS:
        allowed = getattr(scope, attribute)
        value = account.fields.get(key)
        # A blank status or tier keeps the account in scope: assuming it out of scope would
        # hide real failures, and SM-GOV-01 reports the blank field itself.
        if not allowed or value is None:
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


def _finding(
    unit: CompiledControl,
    account: Account,
    status: Status,
    severity: Severity,
    reason: str,
    options: Options,
) -> Finding:
    control = unit.control
    trace: Trace = []
    if not reason:
        unit.check.eval(account.fields, account.fields, (), trace)
    evidence = tuple(_evidence(entry, options.show_personal_data) for entry in trace)
    decisive = next((e for e in trace if e.outcome is status and e.decisive), None)
    message = reason or _message(
        control, status, decisive, options.show_personal_data, account.fields
    )
    location = account.location
    field_location = account.locate(decisive.path) if decisive else None
    return Finding(
        control.id,
        account.id,
        account.platform,
        status,
        severity,
        message,
        evidence,
        location,
        field_location,
        fingerprint(control.id, account.id),
    )


def _expected(entry: TraceEntry, show_personal_data: bool) -> str:
    return entry.expectation.render(lambda value, key: present(value, key, show_personal_data))


def _evidence(entry: TraceEntry, show_personal_data: bool) -> Evidence:
    actual = None if entry.value is MISSING else present(entry.value, entry.key, show_personal_data)
    return Evidence(
        format_path(entry.path), actual, _expected(entry, show_personal_data), entry.outcome
    )


def who(path: tuple[str | int, ...], fields: Any) -> str:
    """The path with each person it passes through named by roster id, so a message says who:
    `credentials.holders[1].person (tbrooks).status`."""
    text, value = "", fields
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        value = _step(value, part)
        if part in PERSON_REF_KEYS and isinstance(value, dict) and value.get("id"):
            text += f" ({value['id']})"
    return text or "(account)"


def _step(value: Any, part: str | int) -> Any:
    if isinstance(part, int):
        return value[part] if isinstance(value, list) and part < len(value) else None
    return value.get(part) if isinstance(value, dict) else None


def _message(
    control: Control,
    status: Status,
    entry: TraceEntry | None,
    show_personal_data: bool,
    fields: Any,
) -> str:
    if entry is None:
        return f"{control.title}: passed" if status is Status.PASS else control.title
    path = who(entry.path, fields)
    expected = _expected(entry, show_personal_data)
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
