"""Platforms whose account is one name in a fixed place (Instagram, Flickr, GitHub, TikTok,
Threads, Bluesky), Mastodon's user@host, and any other site (see normalize.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

from smaudit.inventory.addresses import WORD, AccountKey, Parsed, Url, first_segment

# --- the simple ones: one name in a fixed place ------------------------------------------------


def _named(platform: str, name: str, url: str, pattern: str = r"[\w.-]+") -> Parsed | None:
    if not re.fullmatch(pattern, name):
        return None
    return Parsed(AccountKey(platform, name.lower()), name, url)


def _instagram_url(parts: Url) -> Parsed | None:
    head = first_segment(parts).lower()
    if head == "stories" and len(parts.segments) > 1:
        return _instagram_handle(parts.segments[1])
    if head in ("p", "reel", "reels", "explore", "accounts", "tv", "direct", ""):
        return None
    return _instagram_handle(parts.segments[0])


def _instagram_handle(text: str) -> Parsed | None:
    name = text.lstrip("@")
    return _named("instagram", name, f"https://www.instagram.com/{name}")


def _flickr_url(parts: Url) -> Parsed | None:
    head = first_segment(parts).lower()
    if head in ("photos", "people") and len(parts.segments) > 1:
        return _flickr_handle(parts.segments[1])
    if head == "groups" and len(parts.segments) > 1:
        group = parts.segments[1]
        url = f"https://www.flickr.com/groups/{group}"
        return Parsed(AccountKey("flickr", f"groups/{group.lower()}"), group, url)
    return None


def _flickr_handle(text: str) -> Parsed | None:
    name = text.lstrip("@")
    return _named("flickr", name, f"https://www.flickr.com/photos/{name}", r"[\w.@-]+")


# sign-in and settings pages, which a password manager saves as a login's address
_GITHUB_RESERVED = frozenset({"login", "session", "sessions", "join", "signup", "settings"})


def _github_url(parts: Url) -> Parsed | None:
    segments = parts.segments
    if segments[:1] in (("orgs",), ("users",), ("organizations",)):
        segments = segments[1:]
    if not segments or segments[0].lower() in _GITHUB_RESERVED:
        return None
    return _github_handle(segments[0])


def _github_handle(text: str) -> Parsed | None:
    name = text.lstrip("@")
    return _named("github", name, f"https://github.com/{name}", r"[A-Za-z0-9-]+")


def _at_name_url(handle: Callable[[str], Parsed | None]) -> Callable[[Url], Parsed | None]:
    """TikTok and Threads: `/@name`."""

    def parse(parts: Url) -> Parsed | None:
        head = first_segment(parts)
        return handle(head) if head.startswith("@") else None

    return parse


def _tiktok_handle(text: str) -> Parsed | None:
    name = text.lstrip("@")
    return _named("tiktok", name, f"https://www.tiktok.com/@{name}")


def _threads_handle(text: str) -> Parsed | None:
    name = text.lstrip("@")
    return _named("threads", name, f"https://www.threads.com/@{name}")


def _bluesky_url(parts: Url) -> Parsed | None:
    if first_segment(parts) != "profile" or len(parts.segments) < 2:
        return None
    return _bluesky_handle(parts.segments[1])


def _bluesky_handle(text: str) -> Parsed | None:
    name = text.lstrip("@")
    url = f"https://bsky.app/profile/{name}"
    return _named("bluesky", name, url, r"(?:did:[a-z]+:[A-Za-z0-9._:-]+|[A-Za-z0-9.-]+)")


def _mastodon_url(parts: Url) -> Parsed | None:
    head = first_segment(parts)
    if head.startswith("@"):
        user = head[1:]
    elif head == "users" and len(parts.segments) > 1:
        user = parts.segments[1]
    else:
        return None
    return _mastodon_account(user.partition("@")[0], user.partition("@")[2] or parts.host)


def _mastodon_handle(text: str) -> Parsed | None:
    user, at, host = text.lstrip("@").partition("@")
    return _mastodon_account(user, host) if at else None


def _mastodon_account(user: str, host: str) -> Parsed | None:
    if not WORD.fullmatch(user) or not re.fullmatch(r"[A-Za-z0-9.-]+\.[A-Za-z]+", host):
        return None
    handle = f"{user}@{host}"
    return Parsed(AccountKey("mastodon", handle.lower()), handle, f"https://{host.lower()}/@{user}")


# --- anything else ---------------------------------------------------------------------------


def other_url(parts: Url) -> Parsed:
    path = "/".join(parts.segments)
    ident = f"{parts.host}/{path}".rstrip("/").lower()
    handle = next((s.lstrip("@") for s in parts.segments if s.lower() not in _GENERIC), parts.host)
    url = f"https://{parts.host}/{path}".rstrip("/")
    return Parsed(AccountKey("other", ident), handle, url)


_GENERIC = frozenset(
    {"u", "0", "b", "user", "users", "channel", "c", "profile", "people", "posts", "videos"}
)


def other_handle(text: str) -> Parsed:
    return Parsed(AccountKey("other", text.lower()), text, None)


URL_PARSERS: dict[str, Callable[[Url], Parsed | None]] = {
    "instagram": _instagram_url,
    "flickr": _flickr_url,
    "github": _github_url,
    "tiktok": _at_name_url(_tiktok_handle),
    "threads": _at_name_url(_threads_handle),
    "bluesky": _bluesky_url,
    "mastodon": _mastodon_url,
}
HANDLE_PARSERS: dict[str, Callable[[str], Parsed | None]] = {
    "instagram": _instagram_handle,
    "flickr": _flickr_handle,
    "github": _github_handle,
    "tiktok": _tiktok_handle,
    "threads": _threads_handle,
    "bluesky": _bluesky_handle,
    "mastodon": _mastodon_handle,
}
