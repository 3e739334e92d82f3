"""The one network call smaudit makes, and only for `import meta --fetch`: an HTTPS GET to
Meta's Graph API with the user's token in the Authorization header.

Nothing else in smaudit imports this module. An error says which call failed and Meta's error
code with what it usually means; Meta's own message is not shown, as it can quote the request.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from http.client import HTTPException
from typing import Any
from urllib.parse import urlsplit

from smaudit.errors import InputError
from smaudit.inventory.importers.meta_fetch import (
    GRAPH_HOST,
    GRAPH_VERSION,
    TOKEN_VARIABLE,
    Get,
    scrub,
    shown_call,
)

BASE_VARIABLE = "SMAUDIT_META_GRAPH_URL"
"""Another Graph address (a test server on the loopback, a proxy): HTTPS, or HTTP on the
loopback only, so a token is never sent in the clear across a network."""
TIMEOUT = 60.0
"""Seconds any one read may wait."""
CALL_DEADLINE = 180.0
"""Seconds one call may take in all."""
MAX_RESPONSE = 64 * 1024 * 1024
_CODES = {
    190: "the token is invalid or has expired: make a new one",
    102: "the session behind the token has ended: make a new token",
    10: "the token lacks a permission: business_management (and pages_read_engagement, "
    "instagram_basic for the assets) on an admin's token",
    200: "the token lacks a permission: business_management on an admin's token",
    100: "Meta refused a parameter: is the business id right?",
    4: "Meta's rate limit: wait an hour and try again",
    17: "Meta's rate limit for this user: wait and try again",
    32: "Meta's rate limit for this Page: wait and try again",
    613: "Meta's rate limit: wait and try again",
}


def graph_base(environ: dict[str, str] | None = None) -> str:
    """Where the calls go: `https://graph.facebook.com/v24.0`, unless `SMAUDIT_META_GRAPH_URL`
    names another address that keeps the token off the network."""
    environ = dict(os.environ) if environ is None else environ
    base = environ.get(BASE_VARIABLE) or f"https://{GRAPH_HOST}/{GRAPH_VERSION}"
    parts = urlsplit(base)
    try:
        parts.port  # noqa: B018 (read for its check: a port that is not a number raises)
    except ValueError:
        raise InputError.at(BASE_VARIABLE, 0, 0, "the Graph address has no valid port") from None
    if parts.scheme != "https" and not (parts.scheme == "http" and _loopback(base)):
        raise InputError.at(
            BASE_VARIABLE, 0, 0, "the Graph address must be https:// (or http:// on the loopback)"
        )
    if not parts.hostname:
        raise InputError.at(BASE_VARIABLE, 0, 0, "the Graph address names no host")
    return base.rstrip("/")


def _loopback(url: str) -> bool:
    return urlsplit(url).hostname in ("127.0.0.1", "localhost", "::1")


def token_from(environ: dict[str, str] | None = None) -> str:
    environ = dict(os.environ) if environ is None else environ
    token = (environ.get(TOKEN_VARIABLE) or "").strip()
    if not token:
        raise InputError.at(
            TOKEN_VARIABLE,
            0,
            0,
            f"--fetch needs a Graph API access token in the environment variable {TOKEN_VARIABLE} "
            "(never on the command line, where other users of the machine can read it)",
        )
    return token


def https_get(token: str, base: str) -> Get:
    """A `Get` that sends `token` in the Authorization header, refuses redirects (one could
    carry the header to another host), gives each call at most CALL_DEADLINE seconds in all,
    and never sends a loopback call through a proxy (the token would cross the network in the
    clear; an HTTPS call through a proxy stays encrypted end to end)."""
    handlers: list[urllib.request.BaseHandler] = [_NoRedirect()]
    if _loopback(base):
        handlers.append(urllib.request.ProxyHandler({}))
    opener = urllib.request.build_opener(*handlers)

    def get(url: str) -> bytes:
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
        shown = scrub(shown_call(url), token)
        try:
            with opener.open(request, timeout=TIMEOUT) as response:
                return _read(response, shown)
        except urllib.error.HTTPError as exc:
            raise InputError.at(shown, 0, 0, _refusal(exc)) from None
        except (urllib.error.URLError, OSError, HTTPException, ValueError) as exc:
            reason = scrub(str(getattr(exc, "reason", None) or type(exc).__name__), token)
            raise InputError.at(shown, 0, 0, f"could not reach Meta: {reason}") from None

    return get


def _read(response: Any, shown: str) -> bytes:
    """The body, in pieces, within CALL_DEADLINE and MAX_RESPONSE: a server that sends a byte
    now and then would otherwise hold the fetch for ever, each read within the socket's time."""
    deadline = time.monotonic() + CALL_DEADLINE
    body = bytearray()
    while piece := response.read1(1 << 16):
        body += piece
        if len(body) > MAX_RESPONSE:
            raise InputError.at(shown, 0, 0, f"an answer larger than {MAX_RESPONSE} bytes")
        if time.monotonic() > deadline:
            raise InputError.at(shown, 0, 0, f"no full answer in {CALL_DEADLINE:.0f} s")
    return bytes(body)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _refusal(exc: urllib.error.HTTPError) -> str:
    try:
        error = json.loads(exc.read(1 << 20)).get("error", {})
        code = int(error.get("code"))
    except (ValueError, TypeError, AttributeError, OverflowError, RecursionError, OSError):
        return f"Meta answered HTTP {exc.code}"
    meaning = _CODES.get(code, "see Meta's Graph API error codes")
    return f"Meta answered HTTP {exc.code}, error code {code}: {meaning}"
