"""Field paths (`mfa.enabled`, `$.credentials.last_rotated`, `@`) and reading them from a record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from smaudit.reading.document import format_path

PATH_PATTERN = r"^(@|(\$\.)?[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*)$"
_PATH = re.compile(PATH_PATTERN)


class _Missing:
    """A field that is absent or null: a check that needs it cannot be assessed."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True, slots=True)
class FieldPath:
    """A parsed path: from the account root (`$.` prefix) or from the current list item."""

    text: str
    keys: tuple[str, ...]
    from_root: bool

    @classmethod
    def parse(cls, text: str) -> FieldPath:
        if not _PATH.match(text):
            raise ValueError(
                f"invalid path {text!r}: expected dotted field names like mfa.enabled, "
                "'$.' to start from the account, or '@' for the current list item"
            )
        if text == "@":
            return cls(text, (), False)
        from_root = text.startswith("$.")
        body = text[2:] if from_root else text
        return cls(text, tuple(body.split(".")), from_root)

    def read(self, item: Any, root: Any) -> Any:
        value = root if self.from_root else item
        for key in self.keys:
            if not isinstance(value, dict):
                return MISSING
            value = value.get(key, MISSING)
            if value is None:
                return MISSING
        return value

    def absolute(self, prefix: tuple[str | int, ...]) -> tuple[str | int, ...]:
        """The path from the account, given the path of the current list item."""
        return self.keys if self.from_root else (*prefix, *self.keys)

    def display(self, prefix: tuple[str | int, ...]) -> str:
        """The path as a user reads it in evidence, e.g. credentials.holders[1].removed_on."""
        return format_path(self.absolute(prefix))
