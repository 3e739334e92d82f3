"""Keep staff personal data out of outputs: emails and names are masked unless asked otherwise."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

PERSONAL_KEYS = frozenset({"email", "name"})


def mask_email(address: str) -> str:
    """`jane.doe@example.gov` -> `j***@example.gov`: the domain stays, since controls judge it."""
    local, at, domain = address.rpartition("@")
    if not at:
        return "***"
    return f"{local[:1]}***@{domain}"


def mask_name(name: str) -> str:
    """`Jane Doe` -> `J. D.`"""
    return " ".join(f"{part[:1]}." for part in name.split()) or "***"


def present(value: Any, key: str, show_personal_data: bool) -> Any:
    """A value as evidence shows it: JSON-ready, a person as their id, personal data masked."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        if "id" in value or "name" in value or "email" in value:
            return _person(value, show_personal_data)
        return "{...}"
    if isinstance(value, list):
        if all(isinstance(v, (str, int, float, bool)) for v in value):
            return list(value)
        return f"[{len(value)} items]"
    if isinstance(value, str) and key in PERSONAL_KEYS and not show_personal_data:
        return mask_email(value) if key == "email" else mask_name(value)
    return value


def _person(person: Mapping[str, Any], show_personal_data: bool) -> str:
    if person.get("id"):
        return str(person["id"])
    label = person.get("email") or person.get("name") or "unnamed person"
    if show_personal_data:
        return str(label)
    return mask_email(label) if "@" in label else mask_name(label)
