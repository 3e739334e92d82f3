"""The congress-legislators social media file: one account per member and platform."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from smaudit.inventory import load_inventory
from smaudit.inventory.importers.legislators import import_legislators
from smaudit.inventory.writer import render
from tests.conftest import needs_shared

SAMPLE = """\
- id:
    bioguide: R000600
    govtrack: 412664
  social:
    twitter: RepAmata
    facebook: '8037068318'
    youtube: RepAmata
    youtube_id: UCGdrLQbt1PYDTPsampx4t1A
    twitter_id: 3026622545
    mastodon: '@RepAmata@Mastodon.social'
- id:
    govtrack: 1
  social:
    twitter: NoBioguide
"""


def test_one_account_per_handle_with_stable_ids(tmp_path: Path) -> None:
    path = tmp_path / "social.yaml"
    path.write_text(SAMPLE, encoding="utf-8")
    result = import_legislators(path)
    assert result.agency == "United States Congress"
    out = tmp_path / "out.yaml"
    out.write_text(render(result, "smaudit import legislators"), encoding="utf-8")
    accounts = {a.id: a.fields for a in load_inventory([out]).accounts}
    assert list(accounts) == [
        "r000600-x",
        "r000600-facebook",
        "r000600-youtube",
        "r000600-mastodon",
    ]
    assert accounts["r000600-facebook"]["url"] == "https://www.facebook.com/8037068318"
    assert accounts["r000600-youtube"]["handle"] == "UCGdrLQbt1PYDTPsampx4t1A"  # id over name
    assert accounts["r000600-mastodon"]["url"] == "https://mastodon.social/@RepAmata"
    assert accounts["r000600-x"]["office"] == "R000600"
    assert [s.kind for s in result.skipped] == ["shape"]


def test_the_real_file_imports_and_validates(tmp_path: Path) -> None:
    path = needs_shared("realdata/congress-legislators/legislators-social-media.yaml")
    result = import_legislators(path)
    out = tmp_path / "out.yaml"
    out.write_text(render(result, "smaudit import legislators"), encoding="utf-8")
    inventory = load_inventory([out])
    assert len(inventory.accounts) == len(result.accounts) > 1500
    platforms = Counter(a.platform for a in inventory.accounts)
    assert set(platforms) == {"x", "facebook", "youtube", "instagram", "mastodon"}
    # two members list the same Facebook page: reported, not imported twice
    assert all(s.kind == "duplicate" for s in result.skipped)
