"""Write a people import as a roster file: an inventory document with `people` only, read
together with the accounts' inventory, with comments that say what to fill in next."""

from __future__ import annotations

from collections.abc import Iterator

from smaudit.inventory.importers.people import GoogleAccount, PeopleResult, PersonRecord
from smaudit.inventory.provenance import source_entry
from smaudit.inventory.writer import SCHEMA_LINE, count, scalar, source_lines
from smaudit.safety.terminal import display_path, escape_inline

PEOPLE_HEADER = """\
# Accounts name these people by id (`owner: jane.doe`): give this file to `smaudit check`
# with the inventory (smaudit check inventory.yaml people.yaml); an account import given
# `--people` and this file writes owners and holders as these ids. An id is the e-mail
# address's local part (docs/importing.md, "People"): keep it once accounts use it.
# Keep the roster current: a departure shows on every account the person touches.
"""
PERSON_FIELDS = (
    "name",
    "email",
    "employment",
    "status",
    "separated_on",
    "position_changed_on",
    "training_completed_on",
    "rules_of_behavior_signed_on",
)
PERSON_TO_FILL = ("employment", "status", "training_completed_on", "rules_of_behavior_signed_on")


def render_people(result: PeopleResult, command: str) -> str:
    """The roster file for `result`, as written by `command`: an inventory document with
    `people` only, to be read together with the accounts' inventory."""
    return "".join(_people_lines(result, command))


def _people_lines(result: PeopleResult, command: str) -> Iterator[str]:
    skipped = len(result.skipped)
    source = escape_inline(display_path(result.source))
    yield SCHEMA_LINE
    yield f"# Staff roster written by `{command}` from {source}\n"
    yield f"# ({result.shape}): {count(len(result.people), 'person', 'people')}"
    yield f", {count(skipped, 'record')} skipped (listed when it ran).\n" if skipped else ".\n"
    yield PEOPLE_HEADER
    yield "smaudit: 1\n"
    entry = source_entry(result)
    yield from source_lines(entry, "person")
    yield "people:\n"
    for person in result.people:
        yield from _person(person, entry["id"])


def _person(person: PersonRecord, source: str) -> Iterator[str]:
    yield f"  - id: {scalar(person.id or '')}\n"
    written = []
    for key in PERSON_FIELDS:
        value = getattr(person, key)
        if value is not None:
            text = value.isoformat() if hasattr(value, "isoformat") else str(value)
            yield f"    {key}: {scalar(text)}\n"
            written.append(key)
    if person.google_account is not None:
        yield from _google_account(person.google_account)
        written.append("google_account")
    if written:  # what this source vouches for: not what is filled in by hand later
        yield f"    evidence:\n      - source: {scalar(source)}\n"
        yield f"        fields: [{', '.join(written)}]\n"
    missing = [key for key in PERSON_TO_FILL if getattr(person, key) is None]
    if missing:
        yield f"    # to fill in: {', '.join(missing)}\n"


def _google_account(account: GoogleAccount) -> Iterator[str]:
    """`google_account:` with its `mfa` and `recovery`, each in flow style, the known parts."""
    mfa: dict[str, bool | str | None] = {
        "enabled": account.mfa_enabled,
        "enforced": account.mfa_enforced,
    }
    recovery = {"email_domain": account.recovery_email_domain, "phone": account.recovery_phone}
    blocks = {"mfa": mfa, "recovery": recovery}
    yield "    google_account:\n"
    for name, block in blocks.items():
        parts = [f"{key}: {_flow(value)}" for key, value in block.items() if value is not None]
        if parts:
            yield f"      {name}: {{{', '.join(parts)}}}\n"


def _flow(value: bool | str) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else scalar(value)
