"""Refuse inventories that hold credentials, without ever repeating the credential.

An inventory records *where* secrets are kept (`credentials.stored_in: password_manager`), never
the secrets themselves. A key named like a secret that holds a value, or a value shaped like a
well-known token, makes the file invalid; the error names the place, not the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import re2  # type: ignore[import-untyped]

from smaudit.errors import InputError, Problem
from smaudit.rules.paths import format_path
from smaudit.yamlio import Document, JsonPath

_SECRET_KEY = re.compile(
    r"^(x-)?(pass(word|wd|phrase)?|pwd|secret|\w+_secret|secret_\w+|totp(_\w+)?|otp(_\w+)?"
    r"|(mfa_)?seed|backup_codes?|recovery_codes?|api_?key|(access|refresh|bearer|auth)_?token"
    r"|token|private_?key|credential_value)$",
    re.IGNORECASE,
)
# Local `x-` keys are free-form, so they are searched for secret-like words anywhere;
# schema keys are a closed set, and an unknown one is refused without its value anyway.
_LOCAL_SECRET = re.compile(
    r"pass(word|wd|code|phrase)|secret|token|api.?key|private.?key|totp|(^|[-_])otp|seed"
    r"|backup.?codes?|recovery.?codes?|(^|[-_])pin($|[-_])",
    re.IGNORECASE,
)


def _secret_key(key: str) -> bool:
    if key.startswith("x-"):
        return _LOCAL_SECRET.search(key[2:]) is not None
    return _SECRET_KEY.match(key) is not None


_TOKEN_SHAPES = (
    ("an AWS access key", re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a GitHub token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}")),
    ("a Slack token", re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}")),
    ("a JSON Web Token", re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.")),
    ("a private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    ("a TOTP seed URI", re.compile(r"otpauth://", re.IGNORECASE)),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("a Meta access token", re.compile(r"\bEAA[A-Za-z0-9]{30,}")),
    ("an X (Twitter) bearer token", re.compile(r"\bAAAAAAAAAAAAAAAAAAAAA[A-Za-z0-9%]{20,}")),
    ("a Stripe-style secret key", re.compile(r"\b[sr]k_live_[0-9A-Za-z]{20,}")),
)


# one pass over each string; the named shapes are consulted only to word the rare hit
_ANY_TOKEN = re.compile(
    "|".join(f"(?:{shape.pattern})" for _, shape in _TOKEN_SHAPES), re.IGNORECASE
)


# A cheap look at the raw text first: the walk below is exact but costs a pass over every value,
# and nearly every inventory has nothing that could be a secret. Only a word containing one of
# these stems and followed by a colon can be a secret-like key.
_SCAN = re2.Options()
_SCAN.case_sensitive = False
_SCAN.log_errors = False
# RE2 scans the whole file in linear time; Python's re takes seconds on these alternations
_STEM = re2.compile(
    rb"pass|pwd|secret|token|otp|seed|backup.?code|recovery.?code|api.?key|private.?key|pin"
    rb"|credential_value",
    _SCAN,
)
_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
_ANY_TOKEN_BYTES = re2.compile(
    b"|".join(b"(?:" + shape.pattern.encode() + b")" for _, shape in _TOKEN_SHAPES), _SCAN
)


def might_hold_secrets(raw: bytes) -> bool:
    """False only when no key and no value in the file could be a secret."""
    if b"\\" in raw or _ANY_TOKEN_BYTES.search(raw):
        return True  # an escape could spell a key the raw bytes do not show: read it all
    checked: set[bytes] = set()
    for match in _STEM.finditer(raw):
        start, end = match.start(), match.end()
        while start and raw[start - 1] in _WORD:
            start -= 1
        while end < len(raw) and raw[end] in _WORD:
            end += 1
        word = raw[start:end]
        if word in checked:
            continue
        checked.add(word)
        rest = raw[end : end + 4].lstrip(b"\"' \t")
        if rest.startswith(b":") and _secret_key(word.decode("utf-8", "replace")):
            return True
    return False


def check_no_secrets(doc: Document, raw: bytes | None = None) -> None:
    if raw is not None and not might_hold_secrets(raw):
        return
    problems = [
        Problem(doc.file, *doc.where(path, key=by_key), f"{format_path(path)}: {why}")
        for path, why, by_key in _findings(doc.data, ())
    ]
    if problems:
        raise InputError(problems)


def _findings(value: Any, path: JsonPath) -> Iterator[tuple[JsonPath, str, bool]]:
    if isinstance(value, dict):
        for key, sub in value.items():
            if _secret_key(key) and sub not in (None, "", [], {}):
                yield (
                    (*path, key),
                    "looks like a credential (password, TOTP seed, backup "
                    "codes or token); inventories must never hold secrets: remove it and "
                    "change that credential (its value is not shown)",
                    True,
                )
            else:
                yield from _findings(sub, (*path, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _findings(sub, (*path, index))
    elif isinstance(value, str) and _ANY_TOKEN.search(value):
        for what, shape in _TOKEN_SHAPES:
            if shape.search(value):
                yield (
                    path,
                    f"holds what looks like {what}; inventories must never hold "
                    "secrets: remove it and revoke that credential (its value is not "
                    "shown)",
                    False,
                )
                break
