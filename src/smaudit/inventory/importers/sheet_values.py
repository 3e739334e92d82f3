"""A tracker's free-form cells read as inventory values: yes/no, MFA methods, where a password
is kept, dates in the formats spreadsheets write, people.

Each reader returns the value, or an `Unmapped` saying what was expected; a cell that says the
fact is not recorded ("N/A", "-", "unknown", "TBD", blank) is `None`, so the field stays absent
and `smaudit check` reports it as not assessed rather than passed or failed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from smaudit.inventory.importers.sheet_words import FUTURE, GENERAL, HEDGES, SYNONYMS
from smaudit.inventory.importers.tabular import column_name

# compared after column_name(): "N/A" -> "n_a"; punctuation alone ("-", "?", "--") -> ""
_NOT_RECORDED = frozenset(
    {"", "n_a", "na", "n_a_n_a", "unknown", "unk", "tbd", "tbc", "not_known", "not_recorded"}
)
_TRUE = frozenset(
    {"yes", "y", "true", "t", "x", "1", "on", "enabled", "enable", "required", "enforced"}
    | {"active", "enrolled", "configured", "set_up", "turned_on"}
)
_FALSE = frozenset(
    {"no", "n", "false", "f", "0", "off", "disabled", "disable", "not_enabled", "not_required"}
    | {"none", "not_set_up", "not_configured", "turned_off"}
)
_TICKS = {"✓": True, "✔": True, "☑": True, "✅": True, "✗": False, "✘": False, "❌": False}

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\s*(?:[AaPp][Mm])?)?"
_ISO = re.compile(rf"(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}")
_US = re.compile(rf"(\d{{1,2}})[/-](\d{{1,2}})[/-](\d{{4}}|\d{{2}}){_TIME}")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[ -]([A-Za-z]{3,9})\.?,?[ -](\d{4}|\d{2})")
_MONTH_DAY = re.compile(r"([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})")
_EMAIL = re.compile(r"[^@\s<>()]+@[^@\s<>()]+\.[^@\s<>()]+")
_NAMED = re.compile(r"(?P<name>[^<>()]*?)\s*[<(]\s*(?P<email>[^<>()]+?)\s*[>)]")
_ROLE = re.compile(r"\s*[(\[]\s*([A-Za-z][A-Za-z -]*)\s*[)\]]\s*$")
_LIST_SEPARATORS = re.compile(r"\s*[;|\n]\s*")


@dataclass(frozen=True)
class Unmapped:
    """A value that could not be read, and what the field takes instead."""

    expected: str
    """How the note ends: `is not an MFA method (expected one of ...)`."""


def not_recorded(value: str) -> bool:
    """Whether a cell says the fact is unknown: the field is then left absent."""
    return column_name(value) in _NOT_RECORDED and value.strip() not in _TICKS


def boolean(value: str) -> bool | Unmapped:
    """Yes, Y, TRUE, x, enabled, a tick -> True; No, N, FALSE, disabled -> False."""
    if value.strip() in _TICKS:
        return _TICKS[value.strip()]
    name = column_name(value)
    first = name.split("_", 1)[0]
    for words, answer in ((_TRUE, True), (_FALSE, False)):
        if name in words or (first in {"yes", "no", "true", "false"} and first in words):
            if answer and FUTURE.intersection(name.split("_")):
                return Unmapped("says yes, but for later: write what holds today")
            return answer
    return Unmapped("is not a yes or a no (expected yes, no, true, false, y, n, x, enabled...)")


def choice(value: str, allowed: Sequence[str], what: str) -> str | Unmapped:
    """One of the schema's `allowed` values, named as such or by a tracker's word for it; a
    cell that names two values, or says not, planned or was, is not read."""
    found = _choices(value, allowed)
    if isinstance(found, Unmapped):
        return found
    if len(found) == 1:
        return found[0]
    if found:
        return Unmapped(f"names more than one of {', '.join(found)}: write the one that holds")
    return Unmapped(f"is not {what} (expected one of {', '.join(allowed)})")


def choices(value: str, allowed: Sequence[str]) -> tuple[list[str], list[str]]:
    """`SMS / Authenticator app` -> (["sms", "totp"], []); the parts not understood, second:
    a part that names two values or says not, planned or was ("SMS (no app yet)") among them."""
    found: list[str] = []
    unread: list[str] = []
    for part in re.split(r"\s*(?:[,;/|+&\n]|\band\b|\bor\b)\s*", value.strip()):
        if not_recorded(part):
            continue
        chosen = _choices(part, allowed)
        if isinstance(chosen, list) and len(chosen) == 1:
            found += [c for c in chosen if c not in found]
        else:
            unread.append(part)
    return found, unread


def _choices(value: str, allowed: Sequence[str]) -> list[str] | Unmapped:
    """The distinct values a cell names (the specific words' where there are any), or why it
    is not read."""
    name = column_name(value)
    exact = [a for a in allowed if column_name(a) == name]
    if exact:
        return exact
    words = f"_{name}_"
    named = [(word, target) for word, target in SYNONYMS if target in allowed]
    matched = [(word, target) for word, target in named if f"_{word}_" in words]
    # the words a synonym spells are not hedges: "not stored" is the value `none`
    spelled = {part for word, _ in matched for part in word.split("_")}
    hedges = [word for word in name.split("_") if word in HEDGES and word not in spelled]
    if hedges:
        return Unmapped(f"says {hedges[0]!r}, so it is not read as a value: write what holds today")
    specific = [(word, target) for word, target in matched if word not in GENERAL]
    return list(dict.fromkeys(target for _, target in specific or matched))


def date(value: str) -> str | Unmapped:
    """2026-03-01, 3/1/2026 (month first, as US federal trackers write it), 1 Mar 2026,
    1-Mar-26 (Excel's default), March 1, 2026 -> `2026-03-01`."""
    text = value.strip()
    for pattern, order in ((_ISO, "ymd"), (_US, "mdy"), (_DAY_MONTH, "dmy"), (_MONTH_DAY, "mdy")):
        match = pattern.fullmatch(text)
        if match:
            parts = dict(zip(order, match.groups(), strict=True))
            return _real_date(parts["y"], parts["m"], parts["d"])
    return Unmapped(_NOT_A_DATE)


_NOT_A_DATE = (
    "is not a date (expected 2026-03-01, 3/1/2026 (month first), 1 Mar 2026 or March 1, 2026)"
)


def _real_date(year: str, month: str, day: str) -> str | Unmapped:
    number = _MONTHS.get(month.lower()) if month.isalpha() else int(month)
    full_year = int(year) + 2000 if len(year) == 2 else int(year)
    try:
        return dt.date(full_year, number or 0, int(day)).isoformat()
    except ValueError:
        return Unmapped(_NOT_A_DATE)


def integer(value: str) -> int | Unmapped:
    digits = value.strip().replace(",", "")
    if digits.isdigit():
        return int(digits)
    return Unmapped("is not a whole number")


def email(value: str) -> str | Unmapped:
    text = value.strip()
    if _EMAIL.fullmatch(text):
        return text
    return Unmapped("is not an email address (expected name@agency.gov)")


def person(value: str) -> dict[str, str] | Unmapped:
    """`Jane Doe <jane.doe@x.gov>` -> name and email; an address -> email; else a name."""
    text = " ".join(value.split())
    named = _NAMED.fullmatch(text)
    if named and _EMAIL.fullmatch(named["email"]):
        found = {"name": named["name"].strip(" ,"), "email": named["email"]}
        return {k: v for k, v in found.items() if v}
    if "@" not in text:
        return {"name": text}
    if _EMAIL.fullmatch(text):
        return {"email": text}
    return Unmapped("looks like an email address but is not one")


def people(value: str) -> list[tuple[str, str | None]]:
    """`jdoe; Jane Doe <jane@x.gov> (admin)` -> [("jdoe", None), ("Jane Doe <...>", "admin")]:
    each person with the role written after them, if any. Separated by `;`, `|` or new
    lines (commas only between e-mail addresses: `Doe, Jane` is one person)."""
    found: list[tuple[str, str | None]] = []
    parts = _LIST_SEPARATORS.split(value.strip())
    if len(parts) == 1 and all("@" in piece for piece in parts[0].split(",")):
        parts = parts[0].split(",")
    for part in parts:
        role = _ROLE.search(part)
        if role and "@" not in role.group(1):
            found.append((part[: role.start()].strip(), role.group(1).strip()))
        elif part.strip() and not not_recorded(part):
            found.append((part.strip(), None))
    return [(who, role) for who, role in found if who]
