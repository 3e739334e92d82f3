"""What every platform's account addresses share: the platforms known by name, the key two
spellings of one account share, and a URL taken apart into host, path and query (normalize.py
says what each platform's key is)."""

from __future__ import annotations

import html
import re
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

_SPACE = re.compile(r"\s")
WORD = re.compile(r"[A-Za-z0-9_]+")
"""A name of letters, digits and underscores: an X handle, a Mastodon user."""


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
class Url:
    host: str
    """Lower-cased, without `www.`, `m.` or `mobile.`."""
    segments: tuple[str, ...]
    query: dict[str, list[str]]


def split_url(url: str) -> Url | None:
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
    return Url(_strip_host(host.rstrip(".")), segments, parse_qs(parts.query))


def _strip_host(host: str) -> str:
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            return host[len(prefix) :]
    return host


def host_platform(host: str) -> str | None:
    """`uk.linkedin.com` and `business.facebook.com` belong to their parent domain."""
    labels = _strip_host(host).split(".")
    for start in range(len(labels) - 1):
        platform = _HOSTS.get(".".join(labels[start:]))
        if platform:
            return platform
    return None


def first_segment(parts: Url) -> str:
    return parts.segments[0] if parts.segments else ""


def query_value(parts: Url, name: str) -> str:
    values = parts.query.get(name) or [""]
    return values[0].strip()
