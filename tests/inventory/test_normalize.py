"""URL and handle normalisation: every spelling of one account gives one key, and no more."""

from __future__ import annotations

import pytest

from smaudit.inventory.addresses import AccountKey, Parsed
from smaudit.inventory.normalize import (
    account_keys,
    parse_handle,
    parse_url,
    platform_from_name,
    platform_from_url,
)

# (expected key, spellings of that one account: URLs, or (platform, handle) pairs)
SAME: list[tuple[str, list[str | tuple[str, str]]]] = [
    (
        "x:noaa",
        [
            "https://twitter.com/NOAA",
            "http://twitter.com/noaa/",
            "https://x.com/NOAA",
            "https://www.x.com/NOAA",
            "https://mobile.twitter.com/NOAA",
            "twitter.com/NOAA",
            " https://twitter.com/NOAA?lang=en ",
            "https://twitter.com/#!/NOAA",
            "http://twitter.com/@NOAA",
            "https://twitter.com/NOAA/status/123#frag",
            "https://twitter.com/intent/user?screen_name=NOAA",
            ("x", "@NOAA"),
            ("x", "noaa"),
        ],
    ),
    (
        "facebook:edacommerce",
        [
            "https://www.facebook.com/eda.commerce/",
            "http://facebook.com/EdaCommerce",
            "https://m.facebook.com/eda.commerce?ref=pb",
            "https://fb.com/eda.commerce",
            "https://www.facebook.com/pg/eda.commerce/posts/",
            ("facebook", "eda.commerce"),
        ],
    ),
    (
        "facebook:283247568457138",
        [
            "https://www.facebook.com/NOAA-Ship-Ronald-H-Brown-283247568457138/",
            "https://www.facebook.com/profile.php?id=283247568457138",
            "http://facebook.com/pages/NOAA-Ship-Ronald-H-Brown/283247568457138?sk=wall",
            "http://facebook.com/pages/Seattle-WA/NOAA-Ship-Ronald-H-Brown/283247568457138",
            "https://www.facebook.com/people/NOAA-Ship/283247568457138/",
            "https://www.facebook.com/283247568457138",
            ("facebook", "283247568457138"),
        ],
    ),
    (
        "youtube:usnistgov",
        [
            "https://www.youtube.com/user/usnistgov",
            "http://youtube.com/usnistgov",
            "https://www.youtube.com/c/USNISTGOV/videos",
            "https://m.youtube.com/@usnistgov",
            ("youtube", "usnistgov"),
            ("youtube", "@USNISTGOV"),
        ],
    ),
    (
        "youtube:UCSwf8bGblNsD288wY0w4Rzw",
        [
            "https://www.youtube.com/channel/UCSwf8bGblNsD288wY0w4Rzw",
            "http://youtube.com/channel/UCSwf8bGblNsD288wY0w4Rzw/featured?view=0",
            ("youtube", "UCSwf8bGblNsD288wY0w4Rzw"),
        ],
    ),
    (
        "linkedin:nist",
        [
            "https://www.linkedin.com/company/nist",
            "http://linkedin.com/company/NIST/about/",
            "https://uk.linkedin.com/company/nist",
            "https://www.linkedin.com/showcase/nist",
            ("linkedin", "nist"),
            ("linkedin", "company/nist"),
        ],
    ),
    (
        "linkedin:groups/4215296",
        [
            "https://www.linkedin.com/groups/4215296/profile",
            "https://www.linkedin.com/groups/NIST-Group-4215296",
            "https://www.linkedin.com/groups?gid=4215296",
        ],
    ),
    (
        "instagram:noaa.education",
        [
            "https://www.instagram.com/noaa.education/",
            "http://instagram.com/NOAA.education",
            "https://www.instagram.com/stories/noaa.education/",
            ("instagram", "@noaa.education"),
        ],
    ),
    (
        "flickr:usnistgov",
        [
            "http://flickr.com/photos/usnistgov",
            "https://www.flickr.com/photos/USNISTGOV/albums/",
            "https://www.flickr.com/people/usnistgov/",
            ("flickr", "usnistgov"),
        ],
    ),
    (
        "mastodon:repthompson@mastodon.social",
        [
            "https://mastodon.social/@repthompson",
            "https://Mastodon.Social/@RepThompson/",
            "https://mastodon.social/users/repthompson",
            ("mastodon", "@repthompson@mastodon.social"),
            ("mastodon", "RepThompson@Mastodon.social"),
        ],
    ),
    (
        "bluesky:nasa.gov",
        [
            "https://bsky.app/profile/nasa.gov",
            "https://bsky.app/profile/NASA.gov/post/3k",
            ("bluesky", "@nasa.gov"),
        ],
    ),
    (
        "github:usnistgov",
        [
            "http://github.com/usnistgov",
            "https://github.com/orgs/USNISTGOV/",
            "https://github.com/organizations/usnistgov/settings/profile",
        ],
    ),
    ("tiktok:usarmy", ["https://www.tiktok.com/@USArmy", "https://m.tiktok.com/@usarmy?lang=en"]),
    (
        "threads:whitehouse",
        [
            "https://www.threads.net/@whitehouse",
            "https://threads.com/@WhiteHouse/",
            ("threads", "@whitehouse"),
        ],
    ),
    (
        "other:pinterest.com/noaaeducation",
        ["https://www.pinterest.com/noaaeducation/", "http://pinterest.com/NOAAeducation"],
    ),
]


def _parsed(spelling: str | tuple[str, str]) -> Parsed | None:
    return parse_handle(*spelling) if isinstance(spelling, tuple) else parse_url(spelling)


def _parse(spelling: str | tuple[str, str]) -> AccountKey | None:
    parsed = _parsed(spelling)
    return parsed.key if parsed else None


@pytest.mark.parametrize(
    ("expected", "spelling"),
    [(expected, s) for expected, spellings in SAME for s in spellings],
    ids=lambda value: str(value),
)
def test_every_spelling_gives_the_one_key(expected: str, spelling: str | tuple[str, str]) -> None:
    assert str(_parse(spelling)) == expected


@pytest.mark.parametrize(
    "spelling", [s for _, spellings in SAME for s in spellings], ids=lambda value: str(value)
)
def test_the_canonical_url_is_https_and_gives_the_same_key(spelling: str | tuple[str, str]) -> None:
    parsed = _parsed(spelling)
    assert parsed is not None and parsed.url is not None
    assert parsed.url.startswith("https://")
    again = parse_url(parsed.url, parsed.platform)
    assert again is not None and again.key == parsed.key


DIFFERENT = [
    # channel ids are case-sensitive
    (
        "https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv",
        "https://www.youtube.com/channel/UCABCDEFGHIJKLMNOPQRSTUV",
    ),
    ("https://twitter.com/noaa", "https://www.facebook.com/noaa"),
    ("https://www.facebook.com/noaa", "https://www.facebook.com/groups/noaa"),
    ("https://www.linkedin.com/company/nist", "https://www.linkedin.com/in/nist"),
    ("https://twitter.com/noaa", "https://twitter.com/noaa_fisheries"),
    ("https://mastodon.social/@noaa", "https://mas.to/@noaa"),
]


@pytest.mark.parametrize(("first", "second"), DIFFERENT)
def test_different_accounts_keep_different_keys(first: str, second: str) -> None:
    assert _parse(first) is not None and _parse(second) is not None
    assert _parse(first) != _parse(second)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "not a url",
        "ftp://twitter.com/noaa",
        "https://twitter.com/",
        "https://twitter.com/search?q=noaa",
        "https://twitter.com/home",
        "https://twitter.com/has space",
        "https://www.youtube.com/watch?v=abc",
        "https://www.facebook.com/sharer.php?u=x",
        "https://www.facebook.com/profile.php",
        "https://www.instagram.com/p/Cx1/",
        "https://bsky.app/search",
        "https://www.linkedin.com/feed/",
        "http://[::1",
        # sign-in pages, as a password manager saves a login's address
        "https://www.facebook.com/login.php",
        "https://business.facebook.com/latest/home?asset_id=1",
        "https://github.com/login",
        "https://github.com/settings/profile",
    ],
)
def test_addresses_that_name_no_account_give_none(url: str) -> None:
    assert parse_url(url) is None


@pytest.mark.parametrize(
    ("url", "platform"),
    [
        ("https://twitter.com/NOAA", "x"),
        ("x.com/NOAA", "x"),
        ("https://business.facebook.com/noaa", "facebook"),
        ("https://www.youtube.com/@noaa", "youtube"),
        ("https://mastodon.social/@noaa", "mastodon"),
        ("https://bsky.app/profile/nasa.gov", "bluesky"),
        ("https://www.threads.net/@nasa", "threads"),
        ("https://noaasanctuaries.tumblr.com/", "other"),
        ("https://medium.com/@usnistgov", "other"),
        ("not a url", None),
    ],
)
def test_platform_from_url(url: str, platform: str | None) -> None:
    assert platform_from_url(url) == platform


@pytest.mark.parametrize(
    ("name", "platform"),
    [
        ("twitter", "x"),
        ("Twitter", "x"),
        ("X (formerly Twitter)", "x"),
        ("X", "x"),
        ("Youtube", "youtube"),
        ("youtube ", "youtube"),
        ("YouTube", "youtube"),
        ("LinkedIn", "linkedin"),
        ("google_plus", "other"),
        ("Pinterest", "other"),
        ("", None),
        (None, None),
    ],
)
def test_platform_from_name(name: str | None, platform: str | None) -> None:
    assert platform_from_name(name) == platform


def test_a_mastodon_account_on_any_server_when_the_platform_says_so() -> None:
    parsed = parse_url("https://social.example.gov/@press", "mastodon")
    assert parsed is not None and str(parsed.key) == "mastodon:press@social.example.gov"
    assert str(_parse("https://social.example.gov/@press")) == "other:social.example.gov/@press"
    # a known host decides, whatever the hint says
    hinted = parse_url("https://twitter.com/noaa", "facebook")
    assert hinted is not None and hinted.platform == "x"


def test_handles_without_a_server_or_with_bad_characters_are_refused() -> None:
    assert parse_handle("mastodon", "repthompson") is None
    assert parse_handle("x", "NOAA Fisheries") is None
    assert parse_handle("x", "") is None


def test_a_handle_that_is_really_a_url_is_parsed_as_one() -> None:
    parsed = parse_handle("x", "https://twitter.com/NOAA")
    assert parsed is not None and str(parsed.key) == "x:noaa"


def test_account_keys_gives_both_keys_when_url_and_handle_disagree() -> None:
    keys = account_keys("facebook", "4nist", "https://www.facebook.com/usnistgov/")
    assert [str(k) for k in keys] == ["facebook:usnistgov", "facebook:4nist"]
    assert [str(k) for k in account_keys("x", "NOAA", "https://x.com/noaa")] == ["x:noaa"]


def test_the_handle_keeps_its_case_for_display() -> None:
    parsed = parse_url("http://twitter.com/TrustedIDsNIST")
    assert parsed is not None
    assert (parsed.handle, parsed.url) == ("TrustedIDsNIST", "https://x.com/TrustedIDsNIST")
