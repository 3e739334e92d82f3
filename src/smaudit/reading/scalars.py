"""YAML 1.2 core-schema scalars: which tags a value may carry, and the plain data it becomes."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from yaml.resolver import BaseResolver

from smaudit.errors import InputError
from smaudit.reading.limits import Limits
from smaudit.reading.marks import unpack

_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
SEQ, MAP = _TAG + "seq", _TAG + "map"
ALLOWED_TAGS = {STR, INT, FLOAT, BOOL, NULL, SEQ, MAP}


class Resolver(BaseResolver):
    """The YAML 1.2 core schema: only true/false are booleans, dates stay strings."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}  # type: ignore[misc]


for _tag, _regexp, _first in (
    (BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        FLOAT,
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
):
    Resolver.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))


# The implicit resolvers by first character ('' for the empty scalar). BaseResolver.resolve
# gives an untagged plain scalar the tag of the first of its first character's resolvers that
# matches, else str; it would also consult wildcard (None) and path resolvers, but Resolver has
# neither (a test checks). So a scalar that is quoted, or plain with a first character not in
# this table, is a str without asking resolve: most scalars, decided by one lookup.
IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = Resolver.yaml_implicit_resolvers
FIRST_CHARACTERS = "".join(IMPLICIT)  # for the C reader: "" adds nothing


def plain_tag(value: str) -> str:
    """What Resolver's resolve gives an untagged plain scalar (tests check the two agree)."""
    for tag, regexp in IMPLICIT.get(value[:1], ()):
        if regexp.match(value):
            return tag
    return STR


KEY_TAGS = (STR, INT, BOOL)  # the scalars a mapping key may be, kept as written


# The value is not quoted: the file is checked for secrets only once it is read, and an explicit
# tag on a secret (`x-password: !!float hunter2`) must not bring it into a message first.
_TAGGED = "a value tagged {} must be {} (the value is not shown)"


def convert(tag: str, value: str, mark: tuple[int, int], name: str, limits: Limits) -> Any:
    """A resolved scalar as plain data, the same whichever way the document was read."""
    if len(value) > limits.max_scalar_length:
        raise InputError.at(name, *mark, f"value longer than {limits.max_scalar_length} characters")
    if tag == STR:
        return value
    if tag == NULL:
        return None
    if tag == BOOL:
        if value.lower() not in ("true", "false"):
            raise InputError.at(name, *mark, _TAGGED.format("!!bool", "true or false"))
        return value.lower() == "true"
    if tag == INT:
        try:
            return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
        except ValueError:
            raise InputError.at(name, *mark, _TAGGED.format("!!int", "a whole number")) from None
    low = value.lower()
    if low.lstrip("+-") in (".inf", ".nan"):
        return float(low.replace(".", ""))
    try:
        return float(value)
    except ValueError:
        raise InputError.at(name, *mark, _TAGGED.format("!!float", "a number")) from None


_PLAIN_KEPT = 4096  # how many plain scalars' readings one file keeps (see Plain)


class Plain:
    """Reads untagged plain scalars within the length limit whose first character has implicit
    resolvers, as events._EventReader._node would; both readers of the event stream call it."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.name, self.limits = name, limits
        self.known: dict[str, Any] = {}

    def read(self, value: str, mark: int) -> Any:
        """A few such texts recur (true, false, small numbers), so their readings are kept, up
        to _PLAIN_KEPT of them. None, bools and ints are immutable and compare by value, so
        sharing one changes nothing; floats are not kept (a shared nan would compare equal to
        itself inside a list, a fresh one does not); a text that stays a string is returned as
        itself, the parser's object, as convert does."""
        known = self.known
        if value in known:
            data = known[value]
        else:
            data = convert(plain_tag(value), value, unpack(mark), self.name, self.limits)
            if len(known) < _PLAIN_KEPT and type(data) is not float:
                known[value] = data
        return value if type(data) is str else data


def plain_key(key: str) -> bool:
    """Whether an untagged plain key that may resolve is a string key all the same (see
    events._EventReader._mapping)."""
    return plain_tag(key) in KEY_TAGS
