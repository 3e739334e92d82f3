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

The two RECONCILE controls are defined in code (reconcile_controls.py), not in `controls/`: they
compare two sources instead of testing a field, which the condition language does not express;
they belong to this command, not to profiles or `check` runs; and they change with the matching
code, not apart from it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from smaudit.assessment.engine import Options, sort_key
from smaudit.assessment.reconcile_controls import (
    MISMATCH,
    UNKNOWN,
    Outcome,
    mismatch,
    outcome,
    registry_of,
    unknown,
)
from smaudit.inventory.addresses import AccountKey
from smaudit.inventory.importers.records import Record
from smaudit.inventory.normalize import account_keys
from smaudit.model import (
    Account,
    AppliesTo,
    Control,
    Evidence,
    Inventory,
    Report,
    RunInfo,
    Severity,
    Status,
)

_DEFAULT_OPTIONS = Options(profile="reconcile")


@dataclass(frozen=True)
class Registry:
    """The registry side: every usable record, duplicates included."""

    file: str
    shape: str
    records: tuple[Record, ...]
    selected: tuple[Record, ...] | None = None
    """The records of the agencies being reconciled (None: all of them). Only these can be
    RECONCILE-UNKNOWN; an account is registered when any record, of any agency, lists it."""


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
        registry_id = registry_of(account).get("id")
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
    outcomes: list[Outcome] = []
    for account in inventory.accounts:
        keys = _keys(account)
        record, how = index.match(account, keys)
        outcomes.append(_registered(registered, account, keys, record, registry))
        if record is not None:
            outcomes.append(mismatch(account, keys, record, how, options.show_personal_data))
    compared = registry.records if registry.selected is None else registry.selected
    for record in compared:
        outcomes.append(unknown(record, id(record) in index.claimed))
    controls = (registered, UNKNOWN, MISMATCH)
    return _report(inventory, controls, outcomes, registry, as_of, options)


@dataclass(frozen=True)
class Pairing:
    """What `reconcile --append` and `--stamp-validated` act on, judged as the report judges."""

    clean: tuple[str, ...]
    """The ids of the accounts a record lists with nothing against it (RECONCILE-MISMATCH
    passes)."""
    unknown: tuple[Record, ...]
    """The compared records no account matches (RECONCILE-UNKNOWN fails: archived ones are
    not applicable)."""


def pairing(inventory: Inventory, registry: Registry) -> Pairing:
    """Which accounts the registry matches cleanly, and which of its records none matches."""
    index = _Index(registry.records)
    clean: list[str] = []
    for account in inventory.accounts:
        keys = _keys(account)
        record, how = index.match(account, keys)
        if record is not None and mismatch(account, keys, record, how, False).status is Status.PASS:
            clean.append(account.id)
    compared = registry.records if registry.selected is None else registry.selected
    unknown_records = tuple(
        r for r in compared if unknown(r, id(r) in index.claimed).status is Status.FAIL
    )
    return Pairing(tuple(clean), unknown_records)


# --- SM-GOV-06 -------------------------------------------------------------------------------


def _registered(
    control: Control,
    account: Account,
    keys: tuple[AccountKey, ...],
    record: Record | None,
    registry: Registry,
) -> Outcome:
    severity = control.severity_for(account.fields.get("tier"))
    out_of_scope = _out_of_scope(control.applies_to, account)
    if out_of_scope:
        return outcome(control, account, Status.NOT_APPLICABLE, severity, out_of_scope, ())
    if record is not None:
        message = f"{control.title}: {record.source.label} in {registry.file}"
        return outcome(control, account, Status.PASS, severity, message, ())
    named = ", ".join(map(str, keys)) or "no usable url or handle"
    message = f"not in {registry.file}: no record with this account's registry id or key ({named})"
    evidence = Evidence("registry", None, f"a record in {registry.file}", Status.FAIL)
    return outcome(control, account, Status.FAIL, severity, message, (evidence,))


def _out_of_scope(scope: AppliesTo, account: Account) -> str:
    for allowed, key in ((scope.statuses, "status"), (scope.account_types, "account_type")):
        value = account.fields.get(key)
        if allowed and value is not None and value not in allowed:
            return f"not applicable: {key} {value} is outside this control's scope"
    return ""


def _keys(account: Account) -> tuple[AccountKey, ...]:
    fields = account.fields
    return account_keys(account.platform, fields.get("handle"), fields.get("url"))


def _report(
    inventory: Inventory,
    controls: tuple[Control, ...],
    outcomes: Sequence[Outcome],
    registry: Registry,
    as_of: dt.date,
    options: Options,
) -> Report:
    counts: Counter[Status] = Counter(o.status for o in outcomes)
    by_control: dict[str, Counter[Status]] = {c.id: Counter() for c in controls}
    by_severity: dict[Severity, Counter[Status]] = {s: Counter() for s in Severity}
    for each in outcomes:
        by_control[each.control.id][each.status] += 1
        by_severity[each.severity][each.status] += 1
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
