"""Per-platform URL and handle normalisation: every spelling of one account gets one key.

A key is (platform, ident). The ident is what the platform itself treats as the account's name:

- **x**: the handle, lower-cased; `twitter.com`, `x.com`, `mobile.`, `/#!/name`, `/@name` and
  `intent/user?screen_name=` all lead to it.
- **facebook**: the username, lower-cased and without periods (Facebook ignores both, so
  `eda.commerce` is `EdaCommerce`); or the numeric page id from `/NNN`, `profile.php?id=NNN`,
  `/pages/Name/NNN`, `/people/Name/NNN` and the `/Page-Name-NNN` form.
- **youtube**: a channel id (`UC...`, case kept: channel ids are case-sensitive), or a name,
  lower-cased, from `/user/NAME`, `/c/NAME`, `/@handle` or the legacy `/NAME`. The three name
  forms share one key: for an agency they name the same channel, and treating them apart would
  report one channel as two.
- **linkedin**: the organisation's name from `/company/`, `/showcase/` or `/school/` (one
  namespace); `groups/NNN` and `in/name` for groups and people.
- **instagram**, **github**, **flickr** (`/photos/NAME`, `/people/NAME`), **tiktok** (`/@name`),
  **threads** (`/@name`), **bluesky** (`bsky.app/profile/HANDLE`): the name, lower-cased.
- **mastodon**: `user@host`, lower-cased, from `https://host/@user` or `@user@host`.
- **other**: the host (without `www.`) and path, lower-cased.

Everywhere: `http` and `https`, `www.`/`m.`/`mobile.` prefixes, trailing slashes, surrounding
spaces, a leading `@`, query strings and fragments make no difference.
"""

from __future__ import annotations

import re

from smaudit.inventory.addresses import PLATFORMS, AccountKey, Parsed, host_platform, split_url
from smaudit.inventory.other_platforms import other_handle, other_url
from smaudit.inventory.platforms import HANDLE_PARSERS, URL_PARSERS

_NAMES = {p: p for p in PLATFORMS} | {"twitter": "x", "fb": "facebook", "bsky": "bluesky"}


def platform_from_name(name: str | None) -> str | None:
    """A service name as registries and spreadsheets write it (`Twitter`, `youtube `, `X`) mapped
    to the inventory's platform; names we do not know are `other`, a blank is None."""
    squashed = re.sub(r"[^a-z0-9]", "", (name or "").lower())
    if not squashed:
        return None
    if "twitter" in squashed:
        return "x"
    return _NAMES.get(squashed, "other")


def platform_from_url(url: str) -> str | None:
    """The platform a URL belongs to, `other` for a site we do not know, None if not a URL."""
    parts = split_url(url)
    return None if parts is None else host_platform(parts.host) or "other"


def parse_url(url: str, platform: str | None = None) -> Parsed | None:
    """Normalise an account URL. The host decides the platform; `platform` is used only when the
    host does not say (a Mastodon server, say). None when it is not an account address."""
    parts = split_url(url)
    if parts is None:
        return None
    # Only Mastodon lives on servers of every name; for the others an unknown host is `other`.
    chosen = host_platform(parts.host) or ("mastodon" if platform == "mastodon" else None)
    if chosen is None:
        return other_url(parts)
    return URL_PARSERS[chosen](parts)


def parse_handle(platform: str, handle: str) -> Parsed | None:
    """Normalise a handle written without a URL (`@NOAA`, `usnistgov`, `@user@host`). A handle
    that is really a URL is parsed as one."""
    text = handle.strip()
    if not text:
        return None
    if "://" in text or host_platform(text.split("/")[0].lower()):
        return parse_url(text, platform)
    parser = HANDLE_PARSERS.get(platform)
    if parser is None:
        return other_handle(text)
    return parser(text)


def account_keys(platform: str, handle: str | None, url: str | None) -> tuple[AccountKey, ...]:
    """Every key an account's URL and handle give (usually one, two if they disagree)."""
    found = []
    if url:
        parsed = parse_url(url, platform)
        if parsed is not None:
            found.append(parsed.key)
    if handle:
        parsed = parse_handle(platform, handle)
        if parsed is not None:
            found.append(parsed.key)
    return tuple(dict.fromkeys(found))
