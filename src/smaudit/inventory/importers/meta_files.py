"""Graph API responses saved from Meta's Business Manager, each file told apart by its shape:

- a business: `GET /{business-id}?fields=id,name,two_factor_type` (it may carry
  `business_users` too, as a field);
- a page of business users: `GET /{business-id}/business_users?fields=id,name,email,role,
  two_fac_status`, `{"data": [...], "paging": {...}}`;
- a Facebook Page: `GET /{page-id}?fields=id,name,username,link,assigned_users.business(
  {business-id}){id,name,user_type,tasks}`;
- an Instagram account: `GET /{instagram-business-asset-id}?fields=id,ig_user_id,ig_username,
  assigned_users.business({business-id}){id,name,user_type,tasks}`;
- a further page of an asset's assigned users (from the `paging.next` address), which says
  whose users they are in its own paging addresses.

Anything else is refused with its place and what was expected: reading some other API's JSON
as "no holders" would let an empty list pass for a complete one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from smaudit.errors import InputError
from smaudit.inventory.importers.jsonrecords import Located, read_located
from smaudit.inventory.importers.records import Remark
from smaudit.model import Location
from smaudit.safety.terminal import display_path

BUSINESS_USERS = "business_users"
ASSIGNED_USERS = "assigned_users"
EMPTY = "empty"
"""An empty page that does not say which listing it ends: nothing to read."""
EXPECTED = (
    "expected a Graph API response saved from Business Manager: a business "
    '({"id", "two_factor_type"}), business users ({"data": [{"id", "two_fac_status", ...}]}), '
    'a Page ({"id", "link", "assigned_users"}), an Instagram account ({"id", "ig_username", '
    '"assigned_users"}) or a page of assigned users ({"data": [{"id", "tasks"}]}); '
    "docs/importing.md lists the calls to save"
)
_USER_KEYS = frozenset({"two_fac_status", "role", "email", "pending_email", "first_name"})
_TASK_KEYS = frozenset({"tasks", "permitted_tasks"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One user object of a listing, and where it starts."""

    value: Mapping[str, Any]
    where: Location


@dataclass(frozen=True, slots=True)
class Listing:
    """One page of a Graph listing: business users, or one asset's assigned users."""

    kind: str
    entries: tuple[Entry, ...]
    skipped: tuple[Remark, ...]
    where: Location
    more: bool
    """`paging.next` is there: Meta has more of this listing than this page holds."""
    total: int | None = None
    """`summary.total_count`, when the call asked for it."""
    owner: str | None = None
    """The node whose listing this is, as its paging addresses name it."""
    token: bool = False
    """A paging address carries an access token: the saved file holds a live credential."""


@dataclass(frozen=True, slots=True)
class Business:
    id: str | None
    name: str | None
    two_factor_type: object
    where: Location
    users: Listing | None


@dataclass(frozen=True, slots=True)
class Asset:
    """A Facebook Page or an Instagram account, with the users assigned to it."""

    platform: str
    id: str | None
    link: str | None
    username: str | None
    users: Listing | None
    where: Location


MetaFile = Business | Asset | Listing


def read_meta_file(path: Path) -> MetaFile:
    """What the saved response at `path` is; InputError when it is none of them."""
    name = display_path(path)
    doc = read_located(path)
    top = doc.value
    if not isinstance(top, Mapping):
        raise InputError.at(name, 1, 1, f"not a Graph API object; {EXPECTED}")
    if isinstance(top.get("error"), Mapping):
        code = top["error"].get("code")
        raise InputError.at(name, *doc.where(("error",)), _error_message(code))
    if "ig_username" in top or "ig_user_id" in top:
        return _asset(doc, name, "instagram", text(top.get("ig_username")))
    if "two_factor_type" in top or BUSINESS_USERS in top:
        users = _listing(doc, name, (BUSINESS_USERS,), BUSINESS_USERS)
        return Business(
            text(top.get("id")),
            text(top.get("name")),
            top.get("two_factor_type"),
            Location(name, 1, 1),
            users,
        )
    if ASSIGNED_USERS in top or "link" in top:
        return _asset(doc, name, "facebook", text(top.get("username")))
    if isinstance(top.get("data"), list):
        kind = _listing_kind(top["data"]) or _kind_from_paging(top.get("paging"))
        if kind is None and not top["data"]:
            kind = EMPTY  # Graph can end a listing with an empty page
        if kind is not None:
            listing = _listing(doc, name, (), kind)
            assert listing is not None
            return listing
    raise InputError.at(name, 1, 1, f"not a Business Manager export; {EXPECTED}")


def _error_message(code: object) -> str:
    # Meta's message can quote the request, and with it the token: the code is enough
    shown = f" (code {code})" if isinstance(code, (int, str)) and str(code).isdigit() else ""
    return f"the file is a Graph API error response{shown}, not data: save the call again"


def _asset(doc: Located, name: str, platform: str, username: str | None) -> Asset:
    top = doc.value
    users = _listing(doc, name, (ASSIGNED_USERS,), ASSIGNED_USERS)
    return Asset(
        platform, text(top.get("id")), text(top.get("link")), username, users, Location(name, 1, 1)
    )


def _listing_kind(data: list[Any]) -> str | None:
    users = [item for item in data if isinstance(item, Mapping)]
    if any(_TASK_KEYS & item.keys() for item in users):
        return ASSIGNED_USERS
    if any(_USER_KEYS & item.keys() for item in users):
        return BUSINESS_USERS
    return None


def _listing(doc: Located, name: str, at: tuple[str, ...], kind: str) -> Listing | None:
    """The listing at `at` in the document (the document itself when `at` is empty)."""
    value: Any = doc.value
    for key in at:
        value = value.get(key) if isinstance(value, Mapping) else None
    if value is None:
        return None
    here = Location(name, *doc.where(at))
    if not isinstance(value, Mapping) or not isinstance(value.get("data"), list):
        raise InputError.at(name, here.line, here.column, f'{kind}: expected {{"data": [...]}}')
    entries: list[Entry] = []
    skipped: list[Remark] = []
    for number, item in enumerate(value["data"]):
        where = Location(name, *doc.where((*at, "data", number)))
        if isinstance(item, Mapping):
            entries.append(Entry(item, where))
        else:
            skipped.append(Remark(f"{kind} #{number + 1}", where, "not a user object", "shape"))
    paging = _mapping(value.get("paging"))
    links = [str(link) for link in (paging.get("next"), paging.get("previous")) if text(link)]
    total = _mapping(value.get("summary")).get("total_count")
    return Listing(
        kind,
        tuple(entries),
        tuple(skipped),
        here,
        more=bool(text(paging.get("next"))),
        total=total if isinstance(total, int) and not isinstance(total, bool) else None,
        owner=next((o for o in map(_owner, links) if o), None),
        token=any("access_token=" in str(link) for link in links),
    )


def _kind_from_paging(paging: object) -> str | None:
    """The edge a page's paging addresses name: an empty last page has no users to tell by."""
    links = [_mapping(paging).get(key) for key in ("next", "previous")]
    return next(
        (edge for _, edge in (_edge(str(link)) for link in links if text(link)) if edge), None
    )


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _owner(link: str) -> str | None:
    """`123` of `https://graph.facebook.com/v21.0/123/assigned_users?...`."""
    return _edge(link)[0]


def _edge(link: str) -> tuple[str | None, str | None]:
    """The node and the edge a paging address names, when it names one of the two listings."""
    segments = [s for s in urlsplit(link).path.split("/") if s]
    if len(segments) >= 2 and segments[-1] in (ASSIGNED_USERS, BUSINESS_USERS):
        return segments[-2], segments[-1]
    return None, None


def text(value: object) -> str | None:
    """A Graph string (or numeric id) with its spacing tidied; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return " ".join(str(value).split()) or None
