"""Refuse a file that holds a credential, naming the place and never the value.

A file people write (an inventory, a control, a profile, waivers) is refused where a key named
like a secret holds a value, or a key or value is shaped like a credential (safety/secrets.py
says which shapes). A cheap look at the raw bytes comes first, so nearly every file costs one
pass of RE2 over its bytes, a look at its distinct keys, and no walk over its values.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from smaudit.errors import InputError, Problem
from smaudit.reading.document import Document, JsonPath, format_path
from smaudit.safety.secrets import any_shape, looks_like, secret_key


def might_hold_secrets(doc: Document, raw: bytes) -> tuple[bool, bool]:
    """Whether any key, and whether any value, of the file could be a secret: (False, False)
    for nearly every file, which then costs one pass of RE2 over its bytes and no walk. The
    keys are the file's distinct mapping keys, which the reader already holds (a few dozen,
    however many accounts repeat them), so a key named like a secret is found however it was
    written: quoted, escaped, explicit (`? key`) or through an alias."""
    if b"\\" in raw or any_shape(bytes).search(raw):
        return True, True  # an escape could spell what the raw bytes do not show: read it all
    return any(secret_key(key) for key in doc.marks.key_names()), False


def check_no_secrets(doc: Document, raw: bytes | None = None) -> None:
    """Raise InputError at every key or value of `doc` that looks like a credential."""
    keys, values = might_hold_secrets(doc, raw) if raw is not None else (True, True)
    if not keys:
        return
    problems = [
        Problem(doc.file, *doc.where(path, key=by_key), f"{shown}: {why}")
        for path, shown, why, by_key in _findings(doc.data, (), values)
    ]
    if problems:
        raise InputError(problems)


_KEY_HOLDS = (
    "looks like a credential (password, TOTP seed, backup codes or token); files must never "
    "hold secrets: remove it and change that credential (its value is not shown)"
)


def _findings(
    value: Any, path: JsonPath, values: bool
) -> Iterator[tuple[JsonPath, str, str, bool]]:
    """(path, how a message names it, why, whether it is a key) for each secret found; the
    values are looked at only with `values` (the raw text showed nothing a value could be)."""
    if isinstance(value, dict):
        for key, sub in value.items():
            here = (*path, key)
            # true or false says whether something is offered (`totp: true`), never what it is
            if secret_key(key) and sub not in (None, "", [], {}) and not isinstance(sub, bool):
                yield here, format_path(here), _KEY_HOLDS, True
            elif values and (what := looks_like(key)) is not None:  # named by its parent
                named = f"{format_path(path)}: a key" if path else "a key"
                yield here, named, _holds(f"a key that looks like {what}"), True
            else:
                yield from _findings(sub, here, values)
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _findings(sub, (*path, index), values)
    elif values and isinstance(value, str) and (what := looks_like(value)) is not None:
        yield path, format_path(path), _holds(f"what looks like {what}"), False


def _holds(what: str) -> str:
    return (
        f"holds {what}; files must never hold secrets: remove it and revoke that credential "
        "(its value is not shown)"
    )
