"""Which holder of an account's list a source's holder is: the same person, by roster id, by
e-mail address (any case; a roster id's entry's address too), or by name when neither side
gives an address. What a matched holder lacks is filled; the others are the officer's call."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def match_holder(
    kept: Sequence[Any],
    offered: Any,
    roster: Mapping[str, Mapping[str, Any]],
    taken: set[int],
) -> int | None:
    """The position in `kept` of the holder who is `offered`'s person, not yet in `taken`."""
    wanted = _identity(_person(offered), roster)
    if wanted == (None, None):
        return None
    for position, holder in enumerate(kept):
        if position not in taken and _same(_identity(_person(holder), roster), wanted):
            return position
    return None


def _person(holder: Any) -> Any:
    return holder.get("person") if isinstance(holder, Mapping) else None


def _identity(
    person: Any, roster: Mapping[str, Mapping[str, Any]]
) -> tuple[str | None, str | None]:
    """(e-mail address, name) of a person, each casefolded; a roster id reads its entry."""
    if isinstance(person, str):
        person = roster.get(person, {"id": person})
    if not isinstance(person, Mapping):
        return None, None
    email, name = person.get("email"), person.get("name") or person.get("id")
    return (
        email.strip().casefold() if isinstance(email, str) else None,
        " ".join(name.split()).casefold() if isinstance(name, str) else None,
    )


def _same(one: tuple[str | None, str | None], two: tuple[str | None, str | None]) -> bool:
    if one[0] and two[0]:
        return one[0] == two[0]
    return bool(one[1]) and one[1] == two[1] and not (one[0] or two[0])
