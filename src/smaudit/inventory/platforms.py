"""Each platform's own name for an account, read from its URLs and handles: X, Facebook,
YouTube and LinkedIn here, each with several forms; the rest in other_platforms.py (normalize.py
says what each key is)."""

from __future__ import annotations

import re
from collections.abc import Callable

from smaudit.inventory import other_platforms
from smaudit.inventory.addresses import WORD, AccountKey, Parsed, Url, first_segment, query_value

_YOUTUBE_CHANNEL = re.compile(r"UC[A-Za-z0-9_-]{22}")


# --- X ---------------------------------------------------------------------------------------

_X_RESERVED = frozenset(
    {"home", "search", "hashtag", "i", "intent", "share", "settings", "explore", "login"}
)


def _x_url(parts: Url) -> Parsed | None:
    head = first_segment(parts).lower()
    if head == "intent":
        return _x_handle(query_value(parts, "screen_name"))
    if head == "i" and parts.segments[1:2] == ("user",) and len(parts.segments) > 2:
        user_id = parts.segments[2]
        if user_id.isdigit():
            return Parsed(
                AccountKey("x", f"id:{user_id}"), user_id, f"https://x.com/i/user/{user_id}"
            )
        return None
    if head in _X_RESERVED:
        return None
    return _x_handle(first_segment(parts))


def _x_handle(text: str) -> Parsed | None:
    name = text.strip().lstrip("@")
    if not WORD.fullmatch(name) or len(name) > 50:
        return None
    return Parsed(AccountKey("x", name.lower()), name, f"https://x.com/{name}")


# --- Facebook --------------------------------------------------------------------------------

# `login.php`, `recover`, `checkpoint` and Business Suite's `latest` are where a password
# manager's saved login points: a sign-in page, not a page named so
_FB_RESERVED = frozenset(
    {"home.php", "sharer", "sharer.php", "watch", "events", "hashtag", "login", "help", "public"}
    | {"login.php", "recover", "checkpoint", "settings", "latest", "business"}
)
_FB_SLUG_ID = re.compile(r".+-(\d{5,})")


def _facebook_url(parts: Url) -> Parsed | None:
    head = first_segment(parts).lower()
    rest = parts.segments[1:]
    if head == "profile.php":
        page_id = query_value(parts, "id")
        return _facebook_id(page_id) if page_id.isdigit() else None
    if head in ("pages", "people", "p"):
        return _facebook_numbered(rest)
    if head == "pg" and rest:
        return _facebook_handle(rest[0])
    if head == "groups" and rest:
        group = rest[0]
        url = f"https://www.facebook.com/groups/{group}"
        return Parsed(AccountKey("facebook", f"groups/{group.lower()}"), group, url)
    if not head or head in _FB_RESERVED:
        return None
    return _facebook_handle(parts.segments[0])


def _facebook_numbered(segments: tuple[str, ...]) -> Parsed | None:
    """`/pages/Category/Name/NNN`, `/people/Name/NNN`, `/p/Name-NNN`: the last number wins."""
    for segment in reversed(segments):
        if segment.isdigit():
            return _facebook_id(segment)
        slug = _FB_SLUG_ID.fullmatch(segment)
        if slug:
            return _facebook_id(slug.group(1))
    return None


def _facebook_handle(text: str) -> Parsed | None:
    name = text.strip().lstrip("@")
    if name.isdigit():
        return _facebook_id(name)
    slug = _FB_SLUG_ID.fullmatch(name)
    if slug:
        return _facebook_id(slug.group(1))
    if not re.fullmatch(r"[\w.-]+", name):
        return None
    ident = name.lower().replace(".", "")
    return Parsed(AccountKey("facebook", ident), name, f"https://www.facebook.com/{name}")


def _facebook_id(page_id: str) -> Parsed:
    return Parsed(AccountKey("facebook", page_id), page_id, f"https://www.facebook.com/{page_id}")


# --- YouTube ---------------------------------------------------------------------------------

_YT_RESERVED = frozenset(
    {"watch", "playlist", "results", "feed", "embed", "shorts", "redirect", "live", "t", "v"}
)


def _youtube_url(parts: Url) -> Parsed | None:
    head = first_segment(parts)
    rest = parts.segments[1:]
    if head == "channel" and rest:
        return _youtube_channel(rest[0])
    if head in ("user", "c") and rest:
        return _youtube_name(rest[0], f"{head}/")
    if head.startswith("@"):
        return _youtube_name(head[1:], "@")
    if not head or head.lower() in _YT_RESERVED:
        return None
    return _youtube_name(head, "")


def _youtube_handle(text: str) -> Parsed | None:
    if _YOUTUBE_CHANNEL.fullmatch(text):
        return _youtube_channel(text)
    if text.startswith("@"):
        return _youtube_name(text[1:], "@")
    return _youtube_name(text, "user/")


def _youtube_channel(channel: str) -> Parsed | None:
    if not re.fullmatch(r"[A-Za-z0-9_-]+", channel):
        return None
    url = f"https://www.youtube.com/channel/{channel}"
    return Parsed(AccountKey("youtube", channel), channel, url)


def _youtube_name(name: str, form: str) -> Parsed | None:
    if not re.fullmatch(r"[\w.-]+", name):
        return None
    url = f"https://www.youtube.com/{form}{name}"
    return Parsed(AccountKey("youtube", name.lower()), name, url)


# --- LinkedIn --------------------------------------------------------------------------------

_LI_ORGS = ("company", "showcase", "school", "company-beta")


def _linkedin_url(parts: Url) -> Parsed | None:
    head = first_segment(parts).lower()
    rest = parts.segments[1:]
    if head in _LI_ORGS and rest:
        kind = "company" if head == "company-beta" else head
        url = f"https://www.linkedin.com/{kind}/{rest[0]}"
        return Parsed(AccountKey("linkedin", rest[0].lower()), rest[0], url)
    if head == "groups":
        group = rest[0] if rest else query_value(parts, "gid")
        match = re.fullmatch(r"(?:.*-)?(\d+)", group)
        ident = match.group(1) if match else group.lower()
        url = f"https://www.linkedin.com/groups/{ident}"
        return Parsed(AccountKey("linkedin", f"groups/{ident}"), group, url) if group else None
    if head == "in" and rest:
        url = f"https://www.linkedin.com/in/{rest[0]}"
        return Parsed(AccountKey("linkedin", f"in/{rest[0].lower()}"), rest[0], url)
    return None


def _linkedin_handle(text: str) -> Parsed | None:
    head, slash, rest = text.strip("/").partition("/")
    if slash:
        return _linkedin_url(Url("linkedin.com", (head, *rest.split("/")), {}))
    return _linkedin_url(Url("linkedin.com", ("company", head), {}))


URL_PARSERS: dict[str, Callable[[Url], Parsed | None]] = {
    "x": _x_url,
    "facebook": _facebook_url,
    "youtube": _youtube_url,
    "linkedin": _linkedin_url,
    **other_platforms.URL_PARSERS,
}
HANDLE_PARSERS: dict[str, Callable[[str], Parsed | None]] = {
    "x": _x_handle,
    "facebook": _facebook_handle,
    "youtube": _youtube_handle,
    "linkedin": _linkedin_handle,
    **other_platforms.HANDLE_PARSERS,
}
