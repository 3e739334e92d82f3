"""Write an import as inventory v1 YAML, with comments that say what to fill in next.

The text is built line by line (PyYAML cannot write comments) and is deterministic: the same
import gives the same bytes. Scalars go through `yaml.safe_dump`; anything a YAML 1.2 reader
could take for a number, boolean or null (`208719`, `1e3`, `null`) is double-quoted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

import yaml

from smaudit.inventory.importers.records import ImportedAccount, ImportResult
from smaudit.inventory.provenance import EVIDENCE, evidence_item, fact_paths, source_entry
from smaudit.safety.terminal import display_path, escape_inline
from smaudit.schemas import SCHEMA_BASE

TO_FILL = (
    "status",
    "owner",
    "backup_owner",
    "login",
    "mfa",
    "recovery",
    "credentials",
    "third_party_apps",
)
_RISKY_START = frozenset("-+.0123456789~!&*%@`'\"#|>?:,[]{}")
_RISKY_WORDS = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n"})
# Starts with a letter; a colon only inside a word (`https://`), never before a space or at the end.
_PLAIN = re.compile(r"[A-Za-z][\w.,/()@&+'-]*(?:[ :][\w.,/()@&+'-]+)*")
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# Editors with a YAML language server (VS Code's YAML extension, and others) read the schema
# from this line: completion, hover text and errors as the user fills the skeleton in.
SCHEMA_LINE = f"# yaml-language-server: $schema={SCHEMA_BASE}inventory.schema.json\n"
SECURITY = ("login", "mfa", "recovery", "credentials")
# What the header asks for next: each line is written while some account still lacks a field
# of its group, so a sheet that brought MFA and credentials is not asked for them again.
_INDENT = "\n#" + " " * 34
_NEXT = (
    (
        ("status", "account_type", "tier"),
        "#   status, account_type, tier     active | dormant | retired; official | personal;"
        f"{_INDENT}high-impact | standard (a published registry record is"
        f"{_INDENT}imported as active: mark the dormant ones)\n",
    ),
    (
        ("owner", "backup_owner"),
        "#   owner, backup_owner            who answers for the account: person ids from "
        "`people`\n",
    ),
    (
        ("login", "mfa", "recovery"),
        "#   login, mfa, recovery           the sign-in address, second factors, recovery "
        "options\n",
    ),
    (
        ("credentials", "third_party_apps"),
        "#   credentials, third_party_apps  who holds access, and which tools can post\n",
    ),
)
HEADER_START = (
    "# Next, for each account (the inventory format: `smaudit schema inventory`; "
    "docs/importing.md):\n"
)
HEADER_END = (
    '# Until then `smaudit check` reports those controls as "not assessed" (error), '
    "never as passed.\n"
)
PEOPLE_HINT = """\
# people:                          # the staff roster; accounts name people by id
#   - {id: jdoe, name: Jane Doe, email: jane.doe@example.gov, employment: federal, status: active}
"""


def render(result: ImportResult, command: str) -> str:
    """The whole inventory file for `result`, as written by `command` (for the header)."""
    return "".join(_lines(result, command))


def _lines(result: ImportResult, command: str) -> Iterator[str]:
    skipped = len(result.skipped)
    # the file name is the user's: a newline in it would end the comment and write YAML
    source = escape_inline(display_path(result.source))
    yield SCHEMA_LINE
    yield f"# Inventory skeleton written by `{command}` from {source}\n"
    yield f"# ({result.shape}): {count(len(result.accounts), 'account')}"
    yield f", {count(skipped, 'record')} skipped (listed when it ran).\n" if skipped else ".\n"
    yield from _header(result)
    yield "smaudit: 1\n"
    yield from _agency(result)
    yield _people_hint(result.roster)
    if not result.accounts:
        yield "accounts: []\n"
        return
    entry = source_entry(result)
    yield from source_lines(entry, "account")
    yield "accounts:\n"
    for account in result.accounts:
        yield from _account(account, entry["id"])


def source_lines(entry: Mapping[str, Any], record: str) -> Iterator[str]:
    """The import's `sources` entry: what each `record`'s (account's, person's) `evidence`
    names."""
    yield f"# Where the facts below came from; each {record}'s `evidence` names it (SM-AU-02).\n"
    yield "sources:\n"
    lines = [line for key, value in entry.items() for line in _value(key, value, 4)]
    yield f"  - {lines[0][4:]}"
    yield from lines[1:]
    if "recorded_on" not in entry:
        yield (
            "    # recorded_on: YYYY-MM-DD  # the day the export was made: until it is given,\n"
            "    #                            SM-AU-02 cannot say how old these facts are\n"
        )


def _header(result: ImportResult) -> Iterator[str]:
    secured = any(key in a.record.source.fields for a in result.accounts for key in SECURITY)
    if secured:
        yield "# It records which accounts exist, and the security facts the source gave.\n"
    else:
        yield "# It records which accounts exist, not how they are secured.\n"
    lacking = {field for account in result.accounts for field in _missing(account)}
    yield HEADER_START
    for group, text in _NEXT:
        if not result.accounts or lacking.intersection(group):
            yield text
    yield HEADER_END


def _people_hint(roster: str | None) -> str:
    if roster is None:
        return PEOPLE_HINT
    # the ids below are the roster's: checked alone, this file names people it does not define
    name = escape_inline(display_path(roster))
    return (
        f"# people: in {name}; owners and holders found there are named by its ids:\n"
        f"#   check the two files together (smaudit check THIS-FILE {name})\n"
    )


def _agency(result: ImportResult) -> Iterator[str]:
    yield "agency:\n"
    check = "  # the agency most records name: check it" if result.agency_guessed else ""
    yield f"  name: {scalar(result.agency)}{check}\n"
    if result.abbreviation:
        yield f"  abbreviation: {scalar(result.abbreviation)}\n"
    else:
        yield "  # abbreviation: ABC\n"
    if result.email_domains:
        domains = ", ".join(result.email_domains[:8])
        yield f"  # email_domains: [{domains}]  # seen in the registry's contacts; keep your own\n"
    else:
        yield "  # email_domains: [example.gov]  # logins and owners are judged against these\n"


def _account(account: ImportedAccount, source_id: str) -> Iterator[str]:
    record = account.record
    source = record.source
    yield f"  - id: {scalar(account.id)}\n"
    written: dict[str, object] = {}
    fields: dict[str, object] = {
        "platform": record.platform,
        "handle": record.parsed.handle,
        "url": record.parsed.url,
        "status": source.status,
        "account_type": source.fields.get("account_type"),
        "tier": source.fields.get("tier"),
        "office": account.office,
        "purpose": source.purpose,
    }
    for key, value in fields.items():
        if value:
            written[key] = value
            yield f"    {key}: {scalar(str(value))}\n"
    for key, value in source.fields.items():
        if key not in fields:
            written[key] = value
            yield from _value(key, value, 4)
    if source.registered is not None or source.registry_id:
        registry: dict[str, object] = {"registered": bool(source.registered)}
        if source.registry_id:
            registry["id"] = source.registry_id
        written["registry"] = registry
        yield from _value("registry", registry, 4)
    if record.service:
        yield f"    x-service: {scalar(record.service)}\n"
    yield from _value(EVIDENCE, [evidence_item(source_id, fact_paths(written))], 4)
    if source.contacts:
        yield f"    # registry contacts: {', '.join(source.contacts)}\n"
    missing = _missing(account)
    if missing:
        yield f"    # to fill in: {', '.join(missing)}\n"


def _missing(account: ImportedAccount) -> list[str]:
    """The fields of TO_FILL the import left out: what the account's comment asks for."""
    source = account.record.source
    given = {"status": source.status, **source.fields}
    return [key for key in TO_FILL if not given.get(key)]


def _value(key: str, value: object, indent: int) -> Iterator[str]:
    """`key: value` at `indent`, a nested mapping or list of mappings below it (a holder's
    person and role); a list of plain values in one line (`methods: [totp, sms]`)."""
    pad = " " * indent
    if isinstance(value, Mapping):
        yield f"{pad}{key}:\n"
        for name, sub in value.items():
            yield from _value(str(name), sub, indent + 2)
    elif isinstance(value, (list, tuple)) and all(isinstance(v, Mapping) for v in value):
        yield f"{pad}{key}:\n"
        for item in value:
            # the item's keys two columns past its dash; the first key behind the dash
            lines = [line for name, sub in item.items() for line in _value(name, sub, indent + 4)]
            yield f"{pad}  - {lines[0][indent + 4 :]}"
            yield from lines[1:]
    elif isinstance(value, (list, tuple)):
        yield f"{pad}{key}: [{', '.join(_text(v) for v in value)}]\n"
    else:
        yield f"{pad}{key}: {_text(value)}\n"


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return scalar(str(value))


def scalar(value: str) -> str:
    """One line of YAML for a string that reads back as that same string. Text with a
    direction control in it is written escaped (`\u202e`): shown raw, it would make the file
    read differently in review than it does to smaudit."""
    text = " ".join(value.split())
    if _BIDI.search(text):
        return json.dumps(text)
    if not text or text[0] in _RISKY_START or text.lower() in _RISKY_WORDS:
        return json.dumps(text, ensure_ascii=False)
    if _PLAIN.fullmatch(text):  # most handles, URLs and names: no need to ask PyYAML (slow)
        return text
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1 << 30)
    return str(dumped).removesuffix("\n").removesuffix("\n...")


def count(number: int, noun: str, plural: str | None = None) -> str:
    """`1 account`, `3 accounts`, `2 people`."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
