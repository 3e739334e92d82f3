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

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

PLATFORMS = (
    "facebook",
    "x",
    "instagram",
    "youtube",
    "linkedin",
    "flickr",
    "threads",
    "tiktok",
    "mastodon",
    "bluesky",
    "github",
    "other",
)

_HOSTS = {
    "twitter.com": "x",
    "x.com": "x",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "instagram.com": "instagram",
    "instagr.am": "instagram",
    "youtube.com": "youtube",
    "linkedin.com": "linkedin",
    "flickr.com": "flickr",
    "threads.net": "threads",
    "threads.com": "threads",
    "tiktok.com": "tiktok",
    "bsky.app": "bluesky",
    "github.com": "github",
    "mastodon.social": "mastodon",
    "mastodon.online": "mastodon",
    "mas.to": "mastodon",
    "mstdn.social": "mastodon",
    "fosstodon.org": "mastodon",
    "infosec.exchange": "mastodon",
}
_HOST_PREFIXES = ("www.", "m.", "mobile.", "web.")
_NAMES = {p: p for p in PLATFORMS} | {"twitter": "x", "fb": "facebook", "bsky": "bluesky"}
_WORD = re.compile(r"[A-Za-z0-9_]+")
_SPACE = re.compile(r"\s")
_YOUTUBE_CHANNEL = re.compile(r"UC[A-Za-z0-9_-]{22}")


@dataclass(frozen=True, slots=True, order=True)
class AccountKey:
    """What makes two records the same account: compare these, never raw URLs."""

    platform: str
    ident: str

    def __str__(self) -> str:
        return f"{self.platform}:{self.ident}"


@dataclass(frozen=True, slots=True)
class Parsed:
    """One account as normalised: its key, its handle as written, and a canonical https URL."""

    key: AccountKey
    handle: str
    url: str | None

    @property
    def platform(self) -> str:
        return self.key.platform


@dataclass(frozen=True, slots=True)
class _Url:
    host: str
    """Lower-cased, without `www.`, `m.` or `mobile.`."""
    segments: tuple[str, ...]
    query: dict[str, list[str]]


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
    parts = _split(url)
    return None if parts is None else _host_platform(parts.host) or "other"


def parse_url(url: str, platform: str | None = None) -> Parsed | None:
    """Normalise an account URL. The host decides the platform; `platform` is used only when the
    host does not say (a Mastodon server, say). None when it is not an account address."""
    parts = _split(url)
    if parts is None:
        return None
    # Only Mastodon lives on servers of every name; for the others an unknown host is `other`.
    chosen = _host_platform(parts.host) or ("mastodon" if platform == "mastodon" else None)
    if chosen is None:
        return _other_url(parts)
    return _URL_PARSERS[chosen](parts)


def parse_handle(platform: str, handle: str) -> Parsed | None:
    """Normalise a handle written without a URL (`@NOAA`, `usnistgov`, `@user@host`). A handle
    that is really a URL is parsed as one."""
    text = handle.strip()
    if not text:
        return None
    if "://" in text or _host_platform(text.split("/")[0].lower()):
        return parse_url(text, platform)
    parser = _HANDLE_PARSERS.get(platform)
    if parser is None:
        return _other_handle(text)
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


def _split(url: str) -> _Url | None:
    text = html.unescape(url).strip()
    if not text or _SPACE.search(text):
        return None
    if text.startswith("//"):
        text = "https:" + text
    elif not re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", text):
        if "." not in text.split("/")[0] or text.startswith("@"):
            return None
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    path = parts.path
    if parts.fragment.startswith("!/"):  # old AJAX links: twitter.com/#!/NAME
        path = parts.fragment[1:]
    segments = tuple(unquote(s) for s in path.split("/") if s)
    return _Url(_strip_host(host.rstrip(".")), segments, parse_qs(parts.query))


def _strip_host(host: str) -> str:
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            return host[len(prefix) :]
    return host


def _host_platform(host: str) -> str | None:
    """`uk.linkedin.com` and `business.facebook.com` belong to their parent domain."""
    labels = _strip_host(host).split(".")
    for start in range(len(labels) - 1):
        platform = _HOSTS.get(".".join(labels[start:]))
        if platform:
            return platform
    return None


def _head(parts: _Url) -> str:
    return parts.segments[0] if parts.segments else ""


def _query(parts: _Url, name: str) -> str:
    values = parts.query.get(name) or [""]
    return values[0].strip()


# --- X ---------------------------------------------------------------------------------------

_X_RESERVED = frozenset(
    {"home", "search", "hashtag", "i", "intent", "share", "settings", "explore", "login"}
)


def _x_url(parts: _Url) -> Parsed | None:
    head = _head(parts).lower()
    if head == "intent":
        return _x_handle(_query(parts, "screen_name"))
    if head == "i" and parts.segments[1:2] == ("user",) and len(parts.segments) > 2:
        user_id = parts.segments[2]
        if user_id.isdigit():
            return Parsed(
                AccountKey("x", f"id:{user_id}"), user_id, f"https://x.com/i/user/{user_id}"
            )
        return None
    if head in _X_RESERVED:
        return None
    return _x_handle(_head(parts))


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


def _facebook_url(parts: _Url) -> Parsed | None:
    head = _head(parts).lower()
    rest = parts.segments[1:]
    if head == "profile.php":
        page_id = _query(parts, "id")
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


def _youtube_url(parts: _Url) -> Parsed | None:
    head = _head(parts)
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


def _linkedin_url(parts: _Url) -> Parsed | None:
    head = _head(parts).lower()
    rest = parts.segments[1:]
    if head in _LI_ORGS and rest:
        kind = "company" if head == "company-beta" else head
        url = f"https://www.linkedin.com/{kind}/{rest[0]}"
        return Parsed(AccountKey("linkedin", rest[0].lower()), rest[0], url)
    if head == "groups":
        group = rest[0] if rest else _query(parts, "gid")
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
        return _linkedin_url(_Url("linkedin.com", (head, *rest.split("/")), {}))
    return _linkedin_url(_Url("linkedin.com", ("company", head), {}))


# --- the simple ones: one name in a fixed place ------------------------------------------------


def _named(platform: str, name: str, url: str, pattern: str = r"[\w.-]+") -> Parsed | None:
    if not re.fullmatch(pattern, name):
        return None
    return Parsed(AccountKey(platform, name.lower()), name, url)


def _instagram_url(parts: _Url) -> Parsed | None:
    head = _head(parts).lower()
    if head == "stories" and len(parts.segments) > 1:
        return _instagram_handle(parts.segments[1])
    if head in ("p", "reel", "reels", "explore", "accounts", "tv", "direct", ""):
        return None
    return _instagram_handle(parts.segments[0])


def _instagram_handle(text: str) -> Parsed | None:
    name = text.lstrip("@")
    return _named("instagram", name, f"https://www.instagram.com/{name}")


def _flickr_url(parts: _Url) -> Parsed | None:
    head = _head(parts).lower()
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


def _github_url(parts: _Url) -> Parsed | None:
    segments = parts.segments
    if segments[:1] in (("orgs",), ("users",)):
        segments = segments[1:]
    return _github_handle(segments[0]) if segments else None


def _github_handle(text: str) -> Parsed | None:
    name = text.lstrip("@")
    return _named("github", name, f"https://github.com/{name}", r"[A-Za-z0-9-]+")


def _at_name_url(handle: Callable[[str], Parsed | None]) -> Callable[[_Url], Parsed | None]:
    """TikTok and Threads: `/@name`."""

    def parse(parts: _Url) -> Parsed | None:
        head = _head(parts)
        return handle(head) if head.startswith("@") else None

    return parse


def _tiktok_handle(text: str) -> Parsed | None:
    name = text.lstrip("@")
    return _named("tiktok", name, f"https://www.tiktok.com/@{name}")


def _threads_handle(text: str) -> Parsed | None:
    name = text.lstrip("@")
    return _named("threads", name, f"https://www.threads.com/@{name}")


def _bluesky_url(parts: _Url) -> Parsed | None:
    if _head(parts) != "profile" or len(parts.segments) < 2:
        return None
    return _bluesky_handle(parts.segments[1])


def _bluesky_handle(text: str) -> Parsed | None:
    name = text.lstrip("@")
    url = f"https://bsky.app/profile/{name}"
    return _named("bluesky", name, url, r"(?:did:[a-z]+:[A-Za-z0-9._:-]+|[A-Za-z0-9.-]+)")


def _mastodon_url(parts: _Url) -> Parsed | None:
    head = _head(parts)
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


def _other_url(parts: _Url) -> Parsed:
    path = "/".join(parts.segments)
    ident = f"{parts.host}/{path}".rstrip("/").lower()
    handle = next((s.lstrip("@") for s in parts.segments if s.lower() not in _GENERIC), parts.host)
    url = f"https://{parts.host}/{path}".rstrip("/")
    return Parsed(AccountKey("other", ident), handle, url)


_GENERIC = frozenset(
    {"u", "0", "b", "user", "users", "channel", "c", "profile", "people", "posts", "videos"}
)


def _other_handle(text: str) -> Parsed:
    return Parsed(AccountKey("other", text.lower()), text, None)


_URL_PARSERS: dict[str, Callable[[_Url], Parsed | None]] = {
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
_HANDLE_PARSERS: dict[str, Callable[[str], Parsed | None]] = {
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
