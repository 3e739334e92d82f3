"""What people type to name controls, read as they mean it: ids in any case, families, profiles,
NIST SP 800-53 ids in NIST's own notation; near misses answered with a suggestion.

A control id names that one control, and `--select` may add it to a run beyond its profile (to
try a control out). A family (`IA`) or a profile (`gsa-2015`) names a group, and selects the
members of the group that the run's profile has: a group never turns on a control the profile
leaves out on purpose (calendar rotation, say).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from smaudit.errors import InputError
from smaudit.model import Control

_ID_NUMBER = re.compile(r"^(SM-[A-Z]+-)0*(\d+)$")
_NIST = re.compile(r"^([a-z]{2})-0*(\d+)(?:\s*[.(]\s*0*(\d+)\s*\)?)?$")


@dataclass(frozen=True)
class Selection:
    """What --select or --skip named, resolved against a catalogue."""

    ids: frozenset[str]
    """Controls named one by one."""
    grouped: frozenset[str]
    """Controls named through a family or a profile."""

    @property
    def all(self) -> frozenset[str]:
        return self.ids | self.grouped


def resolve(
    words: Sequence[str],
    controls: Iterable[Control],
    profiles: Mapping[str, Sequence[str]],
    option: str,
) -> Selection:
    """Resolve each word: a control id, a family or a profile name, case-insensitively. An
    unknown word is an InputError naming `option`, with the nearest spellings."""
    by_id = {c.id: c for c in controls}
    families: dict[str, set[str]] = {}
    for control in by_id.values():
        families.setdefault(control.family.upper(), set()).add(control.id)
    ids: set[str] = set()
    grouped: set[str] = set()
    unknown = []
    for word in words:
        key = word.strip()
        if key.upper() in by_id:
            ids.add(key.upper())
        elif key.upper() in families:
            grouped |= families[key.upper()]
        elif key.lower() in profiles:
            grouped |= set(profiles[key.lower()])
        else:
            unknown.append(key)
    if unknown:
        known = [*by_id, *families, *profiles]
        described = "; ".join(f"{w!r}{suggest(w, known, id_alias(w, by_id))}" for w in unknown)
        raise InputError.at(option, 0, 0, f"not a control id, family or profile: {described}")
    return Selection(frozenset(ids), frozenset(grouped))


def id_alias(word: str, ids: Iterable[str]) -> str | None:
    """The id a word means when it only differs by its zeros (`SM-IA-1` for `SM-IA-01`)."""
    match = _ID_NUMBER.match(word.strip().upper())
    if match is None:
        return None
    wanted = match.group(1) + match.group(2)
    found = [i for i in ids if (m := _ID_NUMBER.match(i)) and m.group(1) + m.group(2) == wanted]
    return found[0] if len(found) == 1 else None


def suggest(word: str, choices: Iterable[str], first: str | None = None) -> str:
    """` (did you mean X?)` for the nearest of `choices`, compared case-insensitively; empty
    when none is near. `first`, when given, is the suggestion whatever the spelling."""
    if first is not None:
        return f" (did you mean {first}?)"
    folded = {c.casefold(): c for c in choices}
    near = difflib.get_close_matches(word.strip().casefold(), folded, n=3, cutoff=0.8)
    if not near:
        return ""
    return f" (did you mean {' or '.join(folded[n] for n in near)}?)"


def nist_id(text: str) -> str | None:
    """A NIST SP 800-53 id as the catalogue writes it (`ia-2.1`), from NIST's notation
    (`IA-2(1)`, `IA-02 (01)`) or the catalogue's own; None if it is neither."""
    match = _NIST.match(text.strip().lower())
    if match is None:
        return None
    family, number, enhancement = match.groups()
    return f"{family}-{int(number)}" + (f".{int(enhancement)}" if enhancement else "")


def cites(control: Control, wanted: str) -> bool:
    """Whether a control cites NIST id `wanted` (canonical), or an enhancement of it when
    `wanted` is a base control: `ia-2` finds controls mapped to `ia-2.1`."""
    return any(
        cited == wanted or ("." not in wanted and cited.startswith(wanted + "."))
        for cited in control.nist_800_53
    )
