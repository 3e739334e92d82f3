"""What a credential looks like: keys named like secrets, and values shaped like one.

An inventory records *where* secrets are kept (`credentials.stored_in: password_manager`), never
the secrets themselves, and no control, profile or waiver has any reason to hold one. A key named
like a secret that holds a value, or a key or value shaped like a credential, makes the file
invalid (reading/credentials.py); redact.py keeps the same shapes out of every message.

The shapes are detect-secrets' (Yelp's scanner, used in pre-commit hooks): the regular
expressions of its pattern plugins (detected.py reads them), run here on RE2 so that no text
can make them backtrack (its lookarounds, which RE2 lacks, are dropped: they only narrow a
match). It makes no network call and is consulted only for its patterns. `_OURS` adds what it
does not cover (detect-secrets 1.5): shapes common in the notes of social media teams (TOTP
seeds, backup codes, webhooks, Authorization headers) and tokens of the platforms smaudit
audits.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import re2  # type: ignore[import-untyped]

from smaudit.safety import detected

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


def secret_key(key: str) -> bool:
    """Whether a mapping key names a secret (its value is then refused, if it has one)."""
    if key.startswith("x-"):
        return _LOCAL_SECRET.search(key[2:]) is not None
    return _SECRET_KEY.match(key) is not None


# (what it is, RE2 pattern): shapes detect-secrets 1.5 lacks, or that matter to this domain
_OURS = (
    ("a GitHub fine-grained token", r"github_pat_[A-Za-z0-9_]{22,}"),
    ("a GitHub token", r"\bgh[pousr]_[A-Za-z0-9]{30,}"),
    ("an AWS secret access key", r"(?i:aws).{0,24}(?i:secret|key)\W{0,24}[A-Za-z0-9/+]{40}"),
    ("a Slack app token", r"\bxapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+"),
    ("a Slack token", r"\bxox[abprse]-[A-Za-z0-9-]{10,}"),
    (
        "a Discord webhook",
        r"(?i:https?://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d+/[\w-]+)",
    ),
    ("a private key", r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----"),
    ("a TOTP seed URI", r"(?i:otpauth://)"),
    ("a TOTP seed", r"(?i:[?&]secret=[A-Z2-7]{8,})"),
    ("a bcrypt hash", r"\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}"),
    (
        "an Authorization header",
        r"(?i:authorization)\s*[:=]\s*(?i:bearer|basic|token|digest|negotiate)\s+\S{8,}",
    ),
    ("a bearer token", r"(?i:bearer)\s+[A-Za-z0-9._~+/-]{20,}=*"),
    ("backup codes", r"(?:\b\d{4}[ -]?\d{4}\b[\s,;]+){3,}\d{4}[ -]?\d{4}\b"),
    ("backup codes", r"(?:\b[0-9a-f]{5}-[0-9a-f]{5}\b[\s,;]+){3,}[0-9a-f]{5}-[0-9a-f]{5}\b"),
    # a code after the words: letters and at least one digit, so that prose about backup codes
    # ("backup-code custody") is not taken for one
    (
        "backup codes",
        r"(?i:(?:backup|recovery)[ _-]?codes?)\W{1,4}[A-Za-z]{0,12}[0-9][0-9A-Za-z]{4,}",
    ),
    ("a Google API key", r"\bAIza[0-9A-Za-z_-]{35}"),
    ("a Google OAuth secret", r"\bGOCSPX-[0-9A-Za-z_-]{20,}"),
    ("a Google OAuth token", r"\bya29\.[0-9A-Za-z_-]{20,}"),
    ("a Meta access token", r"\bEAA[A-Za-z0-9]{30,}"),
    ("an X (Twitter) bearer token", r"\bAAAAAAAAAAAAAAAAAAAAA[A-Za-z0-9%]{20,}"),
    ("a Hugging Face token", r"\bhf_[A-Za-z0-9]{34,}"),
    ("an Anthropic API key", r"\bsk-ant-[A-Za-z0-9_-]{20,}"),
)
_OPTIONS = re2.Options()
_OPTIONS.log_errors = False
_OPTIONS.max_mem = 64 << 20  # the union of every shape is one automaton


# TOTP seeds, bare and in fours as apps show them: confirmed by _base32_seed, since words too
# are made of these letters
_SEEDS = (r"\b[A-Z2-7]{16,128}=*(?:[^A-Za-z0-9=]|$)", r"\b(?:[A-Za-z2-7]{4} ){3,}[A-Za-z2-7]{4}\b")


def _base32_seed(found: str) -> bool:
    """Whether an all-capitals run of base32 letters is a TOTP seed rather than a word: seeds
    are random, so they hold digits (2-7) as well as letters."""
    core = found.rstrip("=").strip().upper()
    return sum(c in "234567" for c in core) >= 2 and sum(c.isalpha() for c in core) >= 8


@cache
def _patterns() -> tuple[tuple[str, str], ...]:
    return (*_OURS, *(("a TOTP seed", seed) for seed in _SEEDS), *detected.shapes())


@cache
def _shapes() -> tuple[tuple[str, Any], ...]:
    """Each shape compiled alone: needed only to say which one a hit is, which is rare."""
    return tuple((what, re2.compile(pattern, _OPTIONS)) for what, pattern in _patterns())


@cache
def any_shape(kind: type) -> Any:
    union = "|".join(f"(?:{pattern})" for _, pattern in _patterns())
    return re2.compile(union.encode() if kind is bytes else union, _OPTIONS)


def looks_like(text: str) -> str | None:
    """What kind of credential `text` holds (e.g. "a GitHub token"), or None."""
    if not any_shape(str).search(text):
        return None
    for what, shape in _shapes():
        if shape.pattern not in _SEEDS:
            if shape.search(text):
                return what
        elif any(_base32_seed(match.group()) for match in shape.finditer(text)):
            return what
    return None
