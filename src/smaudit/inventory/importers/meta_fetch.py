"""Fetch a business portfolio's Graph API responses with a token the user supplies, and save
them as `import meta` reads them: the same files a user would save by hand, so the import is
one code path and the saved files are the evidence an assessor can keep.

Only when asked (`import meta --fetch BUSINESS_ID`), and only from Meta's Graph host over
HTTPS. The token is read from an environment variable (never a command-line argument, which
other users of the machine can read), sent in the Authorization header (never in an address),
taken out of every answer before it is saved or followed (Meta writes it into paging
addresses, and may echo it anywhere), and never printed: an error names the call and Meta's
error code, not its message, which may quote the request. Every address followed must be the
Graph base's own (scheme, host, port and path).

The calls (docs/importing.md): the business; every page of its business users; the Pages and
Instagram accounts it owns (`owned_pages`, `owned_instagram_assets`), each with its assigned
users as a field, and every further page of those users.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from smaudit.errors import InputError

GRAPH_HOST = "graph.facebook.com"
GRAPH_VERSION = "v24.0"
TOKEN_VARIABLE = "SMAUDIT_META_TOKEN"
MAX_PAGES = 1000
"""Pages followed per listing: a paging loop (Meta's or a proxy's) must end."""
MAX_CALLS = 5000
"""Calls in all: a listing may name any number of Pages, each one more call."""
USER_FIELDS = "id,name,first_name,last_name,email,role,two_fac_status"
ASSET_USERS = "assigned_users.business({business}){{id,name,user_type,tasks}}"
_ID = re.compile(r"[0-9]{1,32}")

Get = Callable[[str], bytes]
"""Fetch an address and return the response body; raises InputError on a failed call."""


@dataclass(frozen=True)
class Fetched:
    files: tuple[Path, ...]
    """The saved responses, in the order they were fetched."""
    calls: int


def check_business_id(business: str) -> str:
    """A business portfolio's id is digits: anything else would be sent into an address."""
    if not _ID.fullmatch(business):
        raise InputError.at("--fetch", 0, 0, f"a business id is digits only, not {business!r}")
    return business


def fetch_business(business: str, folder: Path, get: Get, base: str, secret: str) -> Fetched:
    """Every response `import meta` reads for `business`, saved in `folder` (created).
    `secret` (the token) is scrubbed from everything saved or said, wherever Meta echoes it."""
    folder.mkdir(parents=True, exist_ok=True)
    saver = _Saver(folder, get, base, secret)
    saver.one("business", f"{business}?fields=id,name,two_factor_type")
    saver.listing("business-users", f"{business}/business_users?fields={USER_FIELDS}&limit=100")
    users = ASSET_USERS.format(business=business)
    for edge, kind, fields in (
        ("owned_pages", "page", f"id,name,username,link,{users}"),
        ("owned_instagram_assets", "instagram", f"id,ig_user_id,ig_username,{users}"),
    ):
        for asset in list(saver.ids(f"{business}/{edge}?fields=id&limit=100")):
            saver.asset(f"{kind}-{asset}", f"{asset}?fields={fields}")
    return Fetched(tuple(saver.files), saver.calls)


class _Saver:
    def __init__(self, folder: Path, get: Get, base: str, secret: str) -> None:
        self.folder, self.get, self.secret = folder, get, secret
        self.base = base.rstrip("/")
        self.origin = _origin(self.base)
        self.files: list[Path] = []
        self.calls = 0

    def _call(self, address: str) -> dict[str, Any]:
        url = address if "://" in address else f"{self.base}/{address}"
        shown = scrub(shown_call(url), self.secret)
        if self.secret in url or not self._inside(url):
            raise InputError.at(shown, 0, 0, f"an address outside {self.base}: not followed")
        if self.calls == MAX_CALLS:
            raise InputError.at(shown, 0, 0, f"over {MAX_CALLS} calls: stopped")
        self.calls += 1
        try:
            data = json.loads(self.get(url))
        except RecursionError:
            raise InputError.at(shown, 0, 0, "Meta's answer is nested too deeply") from None
        except ValueError:
            raise InputError.at(shown, 0, 0, "Meta's answer is not JSON") from None
        if not isinstance(data, dict):
            raise InputError.at(shown, 0, 0, "Meta's answer is not a JSON object")
        cleaned: dict[str, Any] = _without_tokens(data, self.secret)
        return cleaned

    def _inside(self, url: str) -> bool:
        """Whether `url` is one of the Graph address's own: same scheme, host and port, and a
        path below the base's (`https://graph.facebook.com.evil.example/` is not)."""
        return _origin(url) == self.origin and f"{urlsplit(url).path}/".startswith(
            f"{urlsplit(self.base).path}/"
        )

    def _save(self, name: str, data: Mapping[str, Any]) -> None:
        path = self.folder / f"{name}.json"
        # ASCII, so a lone surrogate Meta sends is written escaped instead of failing midway
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="ascii")
        self.files.append(path)

    def one(self, name: str, address: str) -> dict[str, Any]:
        data = self._call(address)
        self._save(name, data)
        return data

    def listing(self, name: str, address: str) -> None:
        """Every page of a listing, each saved as its own file (`name-1`, `name-2`, ...)."""
        for number, data in enumerate(self._pages(address), 1):
            self._save(f"{name}-{number}", data)

    def ids(self, address: str) -> Iterator[str]:
        """The ids a listing names (owned Pages, owned Instagram accounts): not saved."""
        for data in self._pages(address):
            for item in data.get("data") or ():
                if isinstance(item, Mapping) and _ID.fullmatch(str(item.get("id", ""))):
                    yield str(item["id"])

    def asset(self, name: str, address: str) -> None:
        """A Page or Instagram account with its assigned users, and their further pages."""
        data = self.one(name, address)
        users = data.get("assigned_users")
        following = _next(users) if isinstance(users, Mapping) else None
        if following:
            self.listing(f"{name}-users", following)

    def _pages(self, address: str) -> Iterator[dict[str, Any]]:
        following: str | None = address
        pages = 0
        while following is not None:
            if pages == MAX_PAGES:
                raise InputError.at(shown_call(address), 0, 0, f"over {MAX_PAGES} pages: stopped")
            data = self._call(following)  # refuses an address outside the Graph's
            pages += 1
            yield data
            following = _next(data)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: no origin we would send a token to
        return ("", "", None)
    return (parts.scheme.lower(), (parts.hostname or "").lower(), port)


def scrub(text: str, secret: str) -> str:
    """`text` with the token taken out, wherever it appears (Meta may echo it anywhere)."""
    return text.replace(secret, "[token]") if secret else text


def _next(data: Mapping[str, Any]) -> str | None:
    paging = data.get("paging")
    following = paging.get("next") if isinstance(paging, Mapping) else None
    return following if isinstance(following, str) and following else None


def _without_tokens(value: Any, secret: str) -> Any:
    """`value` with every `access_token` parameter taken out of its addresses (Meta writes the
    caller's token into `paging.next`) and the token itself out of every text: a saved file
    must not hold a live credential."""
    if isinstance(value, dict):
        return {key: _without_tokens(sub, secret) for key, sub in value.items()}
    if isinstance(value, list):
        return [_without_tokens(sub, secret) for sub in value]
    if isinstance(value, str):
        if "access_token=" in value and "://" in value:
            value = strip_token(value)
        return scrub(value, secret)
    return value


def strip_token(url: str) -> str:
    parts = urlsplit(url)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "access_token"
    ]
    return urlunsplit(parts._replace(query=urlencode(query, safe="(){},.")))


def shown_call(url: str) -> str:
    """The call as an error names it: its path only (no query, so no token or cursor)."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}"
