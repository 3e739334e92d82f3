"""A password manager's export as the vault facts of the accounts its logins are for.

The shapes (told apart from the content, or named with `--shape`) are read by their own
modules: Bitwarden's vault export and `bw list items` (vault_bitwarden.py), 1Password's `op
item list/get` JSON (vault_onepassword.py) and 1PUX archive (vault_1pux.py). Each item's URLs
go through the same normalisation as every import, so `https://twitter.com/DCRnews` and
`x.com/dcrnews` are one account; an item whose URLs name no account of a platform smaudit knows
(a bank, the intranet, `https://www.facebook.com/` itself) is counted, never named.

Each matched account gets `credentials.stored_in: password_manager`, `credentials.last_rotated`
where the export says when the password changed, `login.email` where the username is an
address, `mfa.methods: [totp]` where a TOTP seed is kept with the login, and holders where a
1Password vault's member list is given. Secrets never get past the readers (vault_model.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from smaudit.errors import InputError
from smaudit.inventory.addresses import AccountKey
from smaudit.inventory.importers.assemble import DEFAULT_NAMING, Naming, assemble, normalise
from smaudit.inventory.importers.jsonrecords import decoding, read_json_text, top_values
from smaudit.inventory.importers.records import (
    ImportResult,
    Normalised,
    Record,
    Remark,
    SourceRecord,
)
from smaudit.inventory.importers.vault_1pux import SHAPE as PUX
from smaudit.inventory.importers.vault_1pux import is_zip, read_1pux
from smaudit.inventory.importers.vault_bitwarden import CLI, EXPORT, read_bitwarden
from smaudit.inventory.importers.vault_members import Members, read_members
from smaudit.inventory.importers.vault_model import ONEPASSWORD, VaultExport, VaultItem
from smaudit.inventory.importers.vault_onepassword import SHAPE as OP
from smaudit.inventory.importers.vault_onepassword import is_op_item, read_op_items
from smaudit.model import Location
from smaudit.safety.terminal import display_path

T = TypeVar("T")
READERS: dict[str, Callable[[Path], VaultExport]] = {
    EXPORT: lambda path: read_bitwarden(path, EXPORT),
    CLI: lambda path: read_bitwarden(path, CLI),
    OP: read_op_items,
    PUX: read_1pux,
}
NOT_AN_EXPORT = (
    "not a password-manager export: expected a Bitwarden JSON export "
    '({"encrypted": false, "items": [...]}), `bw list items` JSON, 1Password `op item list` or '
    "`op item get` JSON, or a 1Password .1pux archive"
)
_PASSED_OVER = {
    "not-login": "not logins (cards, notes, identities, ...)",
    "deleted": "in the trash or archived",
    "no-url": "logins with no URL",
    "not-social": "logins naming no social media account (a bank, the intranet, a sign-in page)",
}


def import_vault(
    path: Path, shape: str = "auto", members: Path | None = None, naming: Naming = DEFAULT_NAMING
) -> ImportResult:
    """An inventory skeleton of the accounts whose logins the export at `path` holds, with the
    vault facts; `members` is the member list of the (one) 1Password vault exported."""
    export = _without_context(lambda: read_export(path, shape))
    team = _without_context(lambda: read_members(members)) if members else None
    if team is not None:
        _check_members(export, team)
    records, passed, notes = _matched(export, team)
    name = display_path(path)
    result = assemble(Normalised(tuple(records), (), tuple(notes)), name, export.shape, naming)
    counts = {**export.passed_over, **passed}
    summary = [_passed_over(name, counts)] if counts else []
    if not records:  # said here, with the counts: the CLI's "no accounts found" could not
        message = "no login item names a social media account"
        raise InputError.at(name, 1, 1, f"{message}: {_counts(counts)}" if counts else message)
    return dataclasses.replace(
        result,
        notes=(*summary, *_holders_note(name, export, team), *_in_order(export, result)),
        system=export.system,
        exported_on=export.exported_on,
    )


def _in_order(export: VaultExport, result: ImportResult) -> list[Remark]:
    return sorted(
        (*export.notes, *result.notes), key=lambda r: (r.location.line, r.location.column)
    )


def read_export(path: Path, shape: str = "auto") -> VaultExport:
    if not path.is_file():
        raise InputError.at(display_path(path), 0, 0, "no such file")
    return READERS[detect_shape(path) if shape == "auto" else shape](path)


def detect_shape(path: Path) -> str:
    if is_zip(path):
        return PUX
    name = display_path(path)
    text = read_json_text(path)
    with decoding(name):
        values = [value for value, _, _ in top_values(text)]
    del text
    first = values[0] if len(values) == 1 else None
    if isinstance(first, Mapping) and ("encrypted" in first or "items" in first):
        return EXPORT
    # any, not all: an odd element among the items is counted as not a login, not a refusal
    if any(is_op_item(v) for v in values):
        return OP
    if any(isinstance(v, Mapping) and ("login" in v or "type" in v) for v in values):
        return CLI
    raise InputError.at(name, 1, 1, NOT_AN_EXPORT)


def _without_context(read: Callable[[], T]) -> T:
    """`read()`, its InputError raised anew: json's error, which would be its context, keeps the
    whole document (every password in it) in its `doc`, and a traceback shows the context."""
    try:
        return read()
    except InputError as exc:
        problems = exc.problems
    raise InputError(problems)


def _check_members(export: VaultExport, team: Members) -> None:
    if export.system != ONEPASSWORD:
        message = (
            "a member list is 1Password's `op vault user list`; this export is not 1Password's"
        )
        raise InputError.at(team.file, 1, 1, message)
    if len({item.vault for item in export.items}) > 1:
        message = (
            "the export holds logins of several vaults, and a member list is one vault's: "
            "export that vault alone (op item list --vault NAME, or a 1PUX of that vault) and "
            "import it with its list"
        )
        raise InputError.at(team.file, 1, 1, message)


def _matched(
    export: VaultExport, team: Members | None
) -> tuple[list[Record], dict[str, int], list[Remark]]:
    """One record per account each item names; the kinds of items naming none, counted."""
    records: list[Record] = []
    passed: dict[str, int] = {}
    notes: list[Remark] = []
    for item in export.items:
        found = _accounts(item, _facts(item, team))
        if not found:
            kind = "not-social" if item.uris else "no-url"
            passed[kind] = passed.get(kind, 0) + 1
            continue
        if len(found) > 1:
            named = ", ".join(r.parsed.url or r.key.ident for r in found)
            message = f"names {len(found)} accounts ({named}): its vault facts are given to each"
            notes.append(Remark(item.label, item.location, message, "several"))
        records += found
    return records, passed, notes


def _accounts(item: VaultItem, facts: Mapping[str, Any]) -> list[Record]:
    """The accounts of platforms smaudit knows among the item's URLs, each once. A URL it files
    as `other` is any website at all: in a vault, nearly always not a social media account."""
    sources = [
        SourceRecord(item.label, item.location, url=_clean(uri), fields=facts) for uri in item.uris
    ]
    by_key: dict[AccountKey, Record] = {}
    for record in normalise(sources).records:  # what is skipped would name the URL: dropped
        if record.platform != "other":
            by_key.setdefault(record.key, record)
    return list(by_key.values())


def _clean(uri: str) -> str:
    """The URL without what only a login needs and an account address never has: a user and
    password before the host, a query (but Facebook's `profile.php?id=`), a fragment (but old
    Twitter's `#!/name`)."""
    try:
        parts = urlsplit(uri.strip())
    except ValueError:
        return ""
    host = parts.netloc.rpartition("@")[2]
    query = parts.query if parts.path.endswith("profile.php") else ""
    fragment = parts.fragment if parts.fragment.startswith("!") else ""
    return urlunsplit((parts.scheme, host, parts.path, query, fragment))


def _facts(item: VaultItem, team: Members | None) -> dict[str, Any]:
    credentials: dict[str, Any] = {"stored_in": "password_manager"}
    if item.last_rotated is not None:
        credentials["last_rotated"] = item.last_rotated.isoformat()
    if team is not None and team.holders:
        credentials["holders"] = [dict(holder) for holder in team.holders]
    facts: dict[str, Any] = {"credentials": credentials}
    if item.login_email:
        facts["login"] = {"email": item.login_email}
    if item.totp:
        facts["mfa"] = {"methods": ["totp"]}
    return facts


def _passed_over(name: str, counts: Mapping[str, int]) -> Remark:
    message = (
        f"{sum(counts.values())} items not imported, and not named here (an item's title can "
        f"name a person): {_counts(counts)}"
    )
    return Remark("export", Location(name, 1, 1), message, "passed-over")


def _counts(counts: Mapping[str, int]) -> str:
    return "; ".join(f"{_PASSED_OVER[k]}: {counts[k]}" for k in _PASSED_OVER if counts.get(k))


def _holders_note(name: str, export: VaultExport, team: Members | None) -> list[Remark]:
    where = Location(name, 1, 1)
    if team is not None:
        left = f"; {team.left_out} left out (suspended, or not allowed to view items)"
        message = (
            f"the {len(team.holders)} members of {team.file} who can reach the vault's "
            f"items{left if team.left_out else ''}"
        )
    elif export.system == ONEPASSWORD:
        message = (
            "left absent: save `op vault user list VAULT --format json` to a file and "
            "give it as MEMBERS to record who can reach the vault"
        )
    else:
        message = "left absent: a Bitwarden export does not say who can reach an item"
    return [Remark("holders", where, message, "holders")]
