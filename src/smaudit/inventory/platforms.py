"""Each platform's own name for an account, read from its URLs and handles (see normalize.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

from smaudit.inventory.addresses import AccountKey, Parsed, Url, first_segment, query_value

_WORD = re.compile(r"[A-Za-z0-9_]+")
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
    if not _WORD.fullmatch(name) or len(name) > 50:
        return None
    return Parsed(AccountKey("x", name.lower()), name, f"https://x.com/{name}")


# --- Facebook --------------------------------------------------------------------------------

_FB_RESERVED = frozenset(
    {"home.php", "sharer", "sharer.php", "watch", "events", "hashtag", "login", "help", "public"}
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


def _github_url(parts: Url) -> Parsed | None:
    segments = parts.segments
    if segments[:1] in (("orgs",), ("users",)):
        segments = segments[1:]
    return _github_handle(segments[0]) if segments else None


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
    if not _WORD.fullmatch(user) or not re.fullmatch(r"[A-Za-z0-9.-]+\.[A-Za-z]+", host):
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
    "x": _x_url,
    "facebook": _facebook_url,
    "youtube": _youtube_url,
    "linkedin": _linkedin_url,
    "instagram": _instagram_url,
    "flickr": _flickr_url,
    "github": _github_url,
    "tiktok": _at_name_url(_tiktok_handle),
    "threads": _at_name_url(_threads_handle),
    "bluesky": _bluesky_url,
    "mastodon": _mastodon_url,
}
HANDLE_PARSERS: dict[str, Callable[[str], Parsed | None]] = {
    "x": _x_handle,
    "facebook": _facebook_handle,
    "youtube": _youtube_handle,
    "linkedin": _linkedin_handle,
    "instagram": _instagram_handle,
    "flickr": _flickr_handle,
    "github": _github_handle,
    "tiktok": _tiktok_handle,
    "threads": _threads_handle,
    "bluesky": _bluesky_handle,
    "mastodon": _mastodon_handle,
}
