"""Reconcile an inventory with a registry file: unregistered, unknown and mismatched accounts.

Three checks, reported as a `Report` so every output format and the exit codes apply:

- **SM-GOV-06** (from the catalogue), per inventory account: fails when no registry record has the
  account's registry id or the same platform and handle (compared by `normalize` key).
- **RECONCILE-UNKNOWN**, per registry record: fails when no inventory account matches it. The
  security team does not know the account: forgotten, run by someone outside the inventory, or an
  impostor the registry was talked into listing. Archived records are not applicable.
- **RECONCILE-MISMATCH**, per matched pair: fails when both sides say something and it differs:
  platform or handle (when matched by registry id), registry id, registration, retirement, or the
  contacts (the registry's contacts against the owner's and backup owner's email addresses).

The two RECONCILE controls are defined here, in code, not in `controls/`: they compare two sources
instead of testing a field, which the condition language does not express; they belong to this
command, not to profiles or `check` runs; and they change with the matching code, not apart from it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from smaudit.assessment.engine import Options, sort_key
from smaudit.assessment.wording import show_value
from smaudit.inventory.addresses import AccountKey
from smaudit.inventory.importers.records import Record
from smaudit.inventory.normalize import account_keys
from smaudit.model import (
    Account,
    AppliesTo,
    Control,
    Evidence,
    Finding,
    Inventory,
    Location,
    Reference,
    Report,
    RunInfo,
    Severity,
    Status,
    Strength,
)
from smaudit.reading.marks import EMPTY
from smaudit.safety.redact import mask_email

REGISTERED_ID = "SM-GOV-06"
UNKNOWN_ID = "RECONCILE-UNKNOWN"
MISMATCH_ID = "RECONCILE-MISMATCH"
_HERE = Location("smaudit/reconcile.py", 1, 1)
_DEFAULT_OPTIONS = Options(profile="reconcile")


def _control(
    control_id: str,
    title: str,
    statement: str,
    rationale: str,
    remediation: str,
    severity: Severity,
    nist: tuple[str, ...],
) -> Control:
    return Control(
        id=control_id,
        version=1,
        title=title,
        statement=statement,
        rationale=rationale,
        severity=severity,
        severity_by_tier={"high-impact": Severity.HIGH},
        strength=Strength.SHALL,
        family="RECONCILE",
        applies_to=AppliesTo(),
        check={},
        remediation=remediation,
        remediation_by_platform={},
        applies_when=None,
        nist_800_53=nist,
        references=(
            Reference("GSA-CVT24", "Readiness, U.S. Digital Registry"),
            Reference("USDR", "Registering official accounts, primary and secondary contacts"),
        ),
        parameters=(),
        superseded_by=None,
        tests={},
        location=_HERE,
        source_marks=EMPTY,
    )


UNKNOWN = _control(
    UNKNOWN_ID,
    "Every account in the registry is in the inventory",
    "Each account the U.S. Digital Registry lists for the agency is in the security team's "
    "inventory.",
    "The registry tells the public which accounts are official. An account it lists that the "
    "security team does not know about has nobody checking its sign-in, holders or recovery: it "
    "may be forgotten, run outside the agency's process, or an impostor. The GSA toolkit asks "
    "agencies to keep their list current and to find and remove rogue accounts.",
    "Find who runs the account. If the agency does, add it to the inventory (`smaudit import "
    "registry` writes a skeleton entry) and assess it. If nobody does, treat it as rogue: report "
    "it to the platform and ask the registry administrator to archive the record.",
    Severity.HIGH,
    ("cm-8", "cm-8.3"),
)
MISMATCH = _control(
    MISMATCH_ID,
    "The inventory and the registry agree about the account",
    "For each account in both, the inventory and the U.S. Digital Registry give the same platform, "
    "handle, registry id, status and contacts.",
    "When the two lists disagree, one of them is wrong: the public may be sent to an account the "
    "agency no longer runs, or the registry's contacts may be people who left, so nobody answers "
    "when the platform or GSA reports a problem.",
    "Check the account itself, then correct whichever list is wrong: the inventory by editing it, "
    "the registry through the agency's registry administrator. Keep the registry's primary and "
    "secondary contacts to the account's current owner and backup owner.",
    Severity.MEDIUM,
    ("cm-8", "cm-8.1"),
)


@dataclass(frozen=True)
class Registry:
    """The registry side: every usable record, duplicates included."""

    file: str
    shape: str
    records: tuple[Record, ...]


@dataclass(frozen=True)
class _Outcome:
    control: Control
    status: Status
    severity: Severity
    finding: Finding


class _Index:
    """Registry records by registry id and by account key, and which ones an account claimed."""

    def __init__(self, records: Sequence[Record]) -> None:
        self.by_id: dict[str, Record] = {}
        self.by_key: dict[AccountKey, list[Record]] = {}
        for record in records:
            if record.source.registry_id:
                self.by_id.setdefault(record.source.registry_id, record)
            self.by_key.setdefault(record.key, []).append(record)
        self.claimed: set[int] = set()

    def match(self, account: Account, keys: tuple[AccountKey, ...]) -> tuple[Record | None, str]:
        """(record, "id" or "key"), or (None, "") for an account the registry does not list."""
        registry_id = _registry(account).get("id")
        found = self.by_id.get(str(registry_id)) if registry_id is not None else None
        how = "id"
        if found is None:
            how = "key"
            found = next((self.by_key[k][0] for k in keys if k in self.by_key), None)
        if found is None:
            return None, ""
        self.claimed.update(id(r) for r in self.by_key[found.key])
        self.claimed.add(id(found))
        return found, how


def reconcile(
    inventory: Inventory,
    registry: Registry,
    registered: Control,
    as_of: dt.date,
    options: Options = _DEFAULT_OPTIONS,
) -> Report:
    """Compare `inventory` with `registry`; `registered` is the catalogue's SM-GOV-06."""
    index = _Index(registry.records)
    outcomes: list[_Outcome] = []
    for account in inventory.accounts:
        keys = _keys(account)
        record, how = index.match(account, keys)
        outcomes.append(_registered(registered, account, keys, record, registry))
        if record is not None:
            outcomes.append(_mismatch(account, keys, record, how, options))
    for record in registry.records:
        outcomes.append(_unknown(record, id(record) in index.claimed, registry))
    controls = (registered, UNKNOWN, MISMATCH)
    return _report(inventory, controls, outcomes, registry, as_of, options)


# --- SM-GOV-06 -------------------------------------------------------------------------------


def _registered(
    control: Control,
    account: Account,
    keys: tuple[AccountKey, ...],
    record: Record | None,
    registry: Registry,
) -> _Outcome:
    severity = control.severity_for(account.fields.get("tier"))
    out_of_scope = _out_of_scope(control.applies_to, account)
    if out_of_scope:
        return _outcome(control, account, Status.NOT_APPLICABLE, severity, out_of_scope, ())
    if record is not None:
        message = f"{control.title}: {record.source.label} in {registry.file}"
        return _outcome(control, account, Status.PASS, severity, message, ())
    named = ", ".join(map(str, keys)) or "no usable url or handle"
    message = f"not in {registry.file}: no record with this account's registry id or key ({named})"
    evidence = Evidence("registry", None, f"a record in {registry.file}", Status.FAIL)
    return _outcome(control, account, Status.FAIL, severity, message, (evidence,))


def _out_of_scope(scope: AppliesTo, account: Account) -> str:
    for allowed, key in ((scope.statuses, "status"), (scope.account_types, "account_type")):
        value = account.fields.get(key)
        if allowed and value is not None and value not in allowed:
            return f"not applicable: {key} {value} is outside this control's scope"
    return ""


# --- RECONCILE-MISMATCH ----------------------------------------------------------------------


def _mismatch(
    account: Account,
    keys: tuple[AccountKey, ...],
    record: Record,
    how: str,
    options: Options,
) -> _Outcome:
    severity = MISMATCH.severity_for(account.fields.get("tier"))
    evidence = tuple(_differences(account, keys, record, how, options.show_personal_data))
    where = record.source.label
    if not evidence:
        return _outcome(MISMATCH, account, Status.PASS, severity, f"agrees with {where}", ())
    said = "; ".join(
        f"{e.path} is {show_value(e.actual)}, registry: {e.expected}" for e in evidence
    )
    return _outcome(MISMATCH, account, Status.FAIL, severity, f"{said} ({where})", evidence)


def _differences(
    account: Account, keys: tuple[AccountKey, ...], record: Record, how: str, personal: bool
) -> Iterable[Evidence]:
    fields = account.fields
    source = record.source
    if account.platform != record.platform:
        yield _differ("platform", account.platform, record.platform)
    if how == "id" and keys and record.key not in keys:
        yield _differ("handle", fields.get("handle") or fields.get("url"), record.parsed.handle)
    registry = _registry(account)
    if "id" in registry and source.registry_id and str(registry["id"]) != source.registry_id:
        yield _differ("registry.id", registry["id"], source.registry_id)
    if registry.get("registered") is False and source.registered:
        yield _differ("registry.registered", False, f"true ({source.label})")
    if source.status == "retired" and fields.get("status") == "active":
        yield _differ("status", "active", f"archived ({source.label})")
    yield from _contacts(account, record, personal)


def _contacts(account: Account, record: Record, personal: bool) -> Iterable[Evidence]:
    """Both sides must name someone: a blank is not a disagreement, only a gap."""
    owners = {
        str(person["email"]).lower()
        for person in (account.fields.get("owner"), account.fields.get("backup_owner"))
        if isinstance(person, Mapping) and person.get("email")
    }
    contacts = set(record.source.contacts)
    if not owners or not contacts or owners == contacts:
        return
    show = (lambda e: e) if personal else mask_email
    yield _differ(
        "contacts",
        sorted(show(e) for e in owners),
        "[" + ", ".join(sorted(show(e) for e in contacts)) + "]",
    )


def _differ(path: str, actual: Any, expected: Any) -> Evidence:
    return Evidence(path, actual, str(expected), Status.FAIL)


# --- RECONCILE-UNKNOWN -----------------------------------------------------------------------


def _unknown(record: Record, claimed: bool, registry: Registry) -> _Outcome:
    source = record.source
    account_id = f"registry:{source.registry_id or record.key}"
    address = record.parsed.url or record.parsed.handle
    where = source.label
    if source.registry_status == "archived":
        message = f"not applicable: {where} is archived in the registry"
        return _record_outcome(record, account_id, Status.NOT_APPLICABLE, message, ())
    if claimed:
        message = f"{address} ({where}) is in the inventory"
        return _record_outcome(record, account_id, Status.PASS, message, ())
    message = f"{address} ({where}) is in the registry but not in the inventory"
    expected = "an inventory account with the same platform and handle, or this registry id"
    evidence = Evidence("registry", address, expected, Status.FAIL)
    return _record_outcome(record, account_id, Status.FAIL, message, (evidence,))


def _record_outcome(
    record: Record,
    account_id: str,
    status: Status,
    message: str,
    evidence: tuple[Evidence, ...],
) -> _Outcome:
    finding = Finding(
        UNKNOWN_ID,
        account_id,
        record.platform,
        status,
        UNKNOWN.severity,
        message,
        evidence,
        record.source.location,
        0,
    )
    return _Outcome(UNKNOWN, status, UNKNOWN.severity, finding)


# --- shared ----------------------------------------------------------------------------------


def _outcome(
    control: Control,
    account: Account,
    status: Status,
    severity: Severity,
    message: str,
    evidence: tuple[Evidence, ...],
) -> _Outcome:
    field = account.place(("registry",)) if "registry" in account.fields else 0
    finding = Finding(
        control.id,
        account.id,
        account.platform,
        status,
        severity,
        message,
        evidence,
        account.location,
        field,
    )
    return _Outcome(control, status, severity, finding)


def _registry(account: Account) -> Mapping[str, Any]:
    registry = account.fields.get("registry")
    return registry if isinstance(registry, Mapping) else {}


def _keys(account: Account) -> tuple[AccountKey, ...]:
    fields = account.fields
    return account_keys(account.platform, fields.get("handle"), fields.get("url"))


def _report(
    inventory: Inventory,
    controls: tuple[Control, ...],
    outcomes: Sequence[_Outcome],
    registry: Registry,
    as_of: dt.date,
    options: Options,
) -> Report:
    counts: Counter[Status] = Counter(o.status for o in outcomes)
    by_control: dict[str, Counter[Status]] = {c.id: Counter() for c in controls}
    by_severity: dict[Severity, Counter[Status]] = {s: Counter() for s in Severity}
    for outcome in outcomes:
        by_control[outcome.control.id][outcome.status] += 1
        by_severity[outcome.severity][outcome.status] += 1
    listed = [
        o.finding
        for o in outcomes
        if options.include_passed or o.status in (Status.FAIL, Status.ERROR)
    ]
    listed.sort(key=sort_key)
    run = RunInfo(
        id=options.run_id or str(uuid.uuid4()),
        as_of=as_of,
        started_at=options.started_at or dt.datetime.now(dt.UTC),
        profile="reconcile",
        catalogue_version=options.catalogue_version,
        parameters={"registry_file": registry.file, "registry_shape": registry.shape},
    )
    return Report(
        run,
        inventory,
        controls,
        tuple(listed),
        dict(counts),
        {k: dict(v) for k, v in by_control.items()},
        {k: dict(v) for k, v in by_severity.items()},
        options.include_passed,
    )
