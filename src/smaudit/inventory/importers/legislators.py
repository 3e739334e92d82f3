"""The congress-legislators project's social media file: one account per member and platform.

`legislators-social-media.yaml` (unitedstates/congress-legislators, CC0) lists, per member,
`id.bioguide` and `social: {twitter, facebook, youtube, youtube_id, instagram, mastodon, ...}`.
Each handle becomes an account `<bioguide>-<platform>` with the bioguide id as its office (the
file carries no names; join with `legislators-current.yaml` for them). A YouTube channel id is
preferred to a YouTube user name: it is the stable one. Numeric ids (`twitter_id`,
`instagram_id`) are not imported; the handles name the same accounts.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from smaudit.inventory.importers.assemble import Naming, assemble, normalise
from smaudit.inventory.importers.records import ImportResult, Remark, SourceRecord
from smaudit.inventory.importers.registry import text
from smaudit.model import Location
from smaudit.reading.document import Document
from smaudit.reading.files import load_file

CONGRESS = "United States Congress"
# platform -> the keys that may hold its handle, preferred first
SOCIAL_KEYS = {
    "x": ("twitter",),
    "facebook": ("facebook",),
    "youtube": ("youtube_id", "youtube"),
    "instagram": ("instagram",),
    "mastodon": ("mastodon",),
}


def import_legislators(path: Path, naming: Naming | None = None) -> ImportResult:
    doc = load_file(path)
    entries = doc.data if isinstance(doc.data, list) else []
    items: list[SourceRecord | Remark] = []
    for index, entry in enumerate(entries):
        items += _member(doc, index, entry)
    chosen = naming or Naming(agency=CONGRESS)
    shape = "congress-legislators social media"
    return assemble(normalise(items), doc.file, shape, chosen, system="congress-legislators")


def _member(doc: Document, index: int, entry: Any) -> list[SourceRecord | Remark]:
    where = Location(doc.file, *doc.where((index,)))
    ids = entry.get("id") if isinstance(entry, Mapping) else None
    bioguide = text(ids.get("bioguide")) if isinstance(ids, Mapping) else None
    social = entry.get("social") if isinstance(entry, Mapping) else None
    if bioguide is None or not isinstance(social, Mapping):
        return [Remark(f"entry #{index + 1}", where, "no id.bioguide or no social", "shape")]
    records: list[SourceRecord | Remark] = []
    for platform, keys in SOCIAL_KEYS.items():
        key = next((k for k in keys if text(social.get(k))), None)
        if key is None:
            continue
        records.append(
            SourceRecord(
                label=f"{bioguide} {key}",
                location=Location(doc.file, *doc.where((index, "social", key))),
                service=platform,
                handle=text(social[key]),
                account_id=f"{bioguide.lower()}-{platform}",
                office=bioguide,
            )
        )
    return records
