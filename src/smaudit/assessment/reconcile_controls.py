"""The two controls reconcile defines in code, RECONCILE-MISMATCH and RECONCILE-UNKNOWN, and
their checks of one matched pair or one registry record (reconcile.py says why in code)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from smaudit.assessment.wording import show_value
from smaudit.inventory.addresses import AccountKey
from smaudit.inventory.importers.records import Record
from smaudit.model import (
    Account,
    AppliesTo,
    Control,
    Evidence,
    Finding,
    Location,
    Reference,
    Severity,
    Status,
    Strength,
)
from smaudit.reading.marks import EMPTY
from smaudit.safety.redact import mask_email

REGISTERED_ID = "SM-GOV-06"
UNKNOWN_ID = "RECONCILE-UNKNOWN"
MISMATCH_ID = "RECONCILE-MISMATCH"
# where the two controls are defined: every Control names its source, these a module's
_HERE = Location("smaudit/assessment/reconcile_controls.py", 1, 1)


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
class Outcome:
    control: Control
    status: Status
    severity: Severity
    finding: Finding


def outcome(
    control: Control,
    account: Account,
    status: Status,
    severity: Severity,
    message: str,
    evidence: tuple[Evidence, ...],
) -> Outcome:
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
    return Outcome(control, status, severity, finding)


def mismatch(
    account: Account,
    keys: tuple[AccountKey, ...],
    record: Record,
    how: str,
    personal: bool,
) -> Outcome:
    severity = MISMATCH.severity_for(account.fields.get("tier"))
    evidence = tuple(_differences(account, keys, record, how, personal))
    where = record.source.label
    if not evidence:
        return outcome(MISMATCH, account, Status.PASS, severity, f"agrees with {where}", ())
    said = "; ".join(
        f"{e.path} is {show_value(e.actual)}, registry: {e.expected}" for e in evidence
    )
    return outcome(MISMATCH, account, Status.FAIL, severity, f"{said} ({where})", evidence)


def _differences(
    account: Account, keys: tuple[AccountKey, ...], record: Record, how: str, personal: bool
) -> Iterable[Evidence]:
    fields = account.fields
    source = record.source
    if account.platform != record.platform:
        yield _differ("platform", account.platform, record.platform)
    if how == "id" and keys and record.key not in keys:
        yield _differ("handle", fields.get("handle") or fields.get("url"), record.parsed.handle)
    registry = registry_of(account)
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


def unknown(record: Record, claimed: bool) -> Outcome:
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
) -> Outcome:
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
    return Outcome(UNKNOWN, status, UNKNOWN.severity, finding)


def registry_of(account: Account) -> Mapping[str, Any]:
    registry = account.fields.get("registry")
    return registry if isinstance(registry, Mapping) else {}
