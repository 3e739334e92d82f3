"""Keep personal data and secrets out of outputs and messages: one place decides what is shown.

People are masked by what they are, not by the name of the field that holds them: a person
referred to from an account (an owner, a holder) is shown by a stable pseudonym, since a
person id is often a username, an e-mail address or a full name; e-mail addresses and phone
numbers are masked wherever they appear in text; names and approvers are cut to initials.
`--show-personal-data` lifts all of it for a trusted audience. The pseudonym is an unkeyed
hash of the id: stable across runs (so diffs and history line up), but someone who can guess
an id can test the guess; it hides identities from a log's readers, not from the agency.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from smaudit.safety.secrets import looks_like

# fields whose text is a person's name (or an address, or either)
PERSONAL_KEYS = frozenset({"email", "name", "approved_by"})

_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# North American numbers with separators ((202) 555-0100, 202.555.0100) and international ones
# written with a leading +: not bare digit runs, which are ids and dates far more often
_PHONE = re.compile(
    r"(?:\+\d{1,3}[\s.-]?)?\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|\+\d{1,3}(?:[\s.-]?\d){7,12}\b"
)


def pseudonym(person_id: str) -> str:
    """`tbrooks` -> `person-1a2b3c4d`: the same for the same id in every run and format."""
    digest = hashlib.blake2b(person_id.encode("utf-8", "surrogatepass"), digest_size=4)
    return f"person-{digest.hexdigest()}"


def mask_email(address: str) -> str:
    """`jane.doe@example.gov` -> `j***@example.gov`: the domain stays, since controls judge it."""
    local, at, domain = address.rpartition("@")
    if not at:
        return "***"
    return f"{local[:1]}***@{domain}"


def mask_name(name: str) -> str:
    """`Jane Doe` -> `J. D.`"""
    return " ".join(f"{part[:1]}." for part in name.split()) or "***"


def mask_text(text: str) -> str:
    """Free text with every e-mail address and phone number in it masked."""
    if "@" in text:
        text = _EMAIL.sub(lambda m: mask_email(m.group()), text)
    return _PHONE.sub("(phone number)", text)


def mask_person(label: str) -> str:
    """A name or an address, masked as what it is."""
    return mask_email(label) if "@" in label else mask_name(label)


def present(value: Any, key: str, show_personal_data: bool) -> Any:
    """A value as evidence shows it: JSON-ready, a person as their pseudonym (or id), personal
    data masked."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        if "id" in value or "name" in value or "email" in value:
            return person_shown(value, show_personal_data)
        return "{...}"
    if isinstance(value, list):
        if all(isinstance(v, (str, int, float, bool)) for v in value):
            return [present(v, key, show_personal_data) for v in value]
        return f"[{len(value)} items]"
    if isinstance(value, str) and not show_personal_data:
        if key == "id":  # evidence reads `id` only through a person (`backup_owner.id`)
            return pseudonym(value)
        return mask_person(value) if key in PERSONAL_KEYS else mask_text(value)
    return value


def person_label(person_id: str, show_personal_data: bool) -> str:
    """How a message names a person of the roster."""
    return person_id if show_personal_data else pseudonym(person_id)


def person_shown(person: Mapping[str, Any], show_personal_data: bool) -> str:
    """How outputs name a person record: by roster id, else its masked address or name."""
    if person.get("id"):
        return person_label(str(person["id"]), show_personal_data)
    label = person.get("email") or person.get("name") or "unnamed person"
    if show_personal_data:
        return str(label)
    return mask_person(str(label))


CREDENTIAL = "(a value that looks like a credential; not shown)"


def quote(value: Any, limit: int = 60) -> str:
    """A value from an input file as an error message may show it: as written (JSON), cut
    short so one bad line stays one line, never a credential, e-mail or phone number."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    if looks_like(text) is not None:
        return CREDENTIAL
    text = mask_text(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def quote_key(key: str) -> str:
    """A mapping key (or a tag) as a message names it, `'colour'`: never one shaped like a
    credential (a token used as a key)."""
    return CREDENTIAL if looks_like(key) is not None else repr(mask_text(key))
