"""A run over part of the inventory: some accounts (`--account`), some offices (`--office`).

People reviewing one team's accounts, or fixing one account, want the same verdicts on fewer
accounts; the accounts left out are not evaluated at all (the summary counts only those run).
A name that matches nothing is an error, not an empty, clean run.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from smaudit.catalogue.selection import suggest
from smaudit.errors import InputError
from smaudit.model import Account, Inventory


def narrow(inventory: Inventory, accounts: Sequence[str], offices: Sequence[str]) -> Inventory:
    """The inventory with only the accounts named by id (exactly) or by office (any case)."""
    if not accounts and not offices:
        return inventory
    ids = {a.id for a in inventory.accounts}
    unknown = [name for name in accounts if name not in ids]
    if unknown:
        said = [f"no account {name!r} in the inventory{suggest(name, ids)}" for name in unknown]
        raise InputError.at("--account", 0, 0, "; ".join(said))
    known = {office for a in inventory.accounts if (office := _office(a)) is not None}
    folded = {o.casefold() for o in offices}
    missing = [o for o in offices if o.casefold() not in {k.casefold() for k in known}]
    if missing:
        said = [f"no account of office {o!r}{_near_office(o, known)}" for o in missing]
        raise InputError.at("--office", 0, 0, "; ".join(said))
    chosen = tuple(
        a
        for a in inventory.accounts
        if a.id in accounts or ((office := _office(a)) is not None and office.casefold() in folded)
    )
    return dataclasses.replace(inventory, accounts=chosen)


def _office(account: Account) -> str | None:
    office = account.fields.get("office")
    return office if isinstance(office, str) else None


def _near_office(name: str, known: set[str]) -> str:
    """Offices are long names typed short ("Public Affairs" for "Office of Public Affairs"):
    one that contains the name is the suggestion, else the nearest spelling."""
    containing = sorted(k for k in known if name.casefold() in k.casefold())
    if containing:
        return f" (did you mean {' or '.join(repr(k) for k in containing[:3])}?)"
    return suggest(name, known)
