"""The merge core: what it adds, fills and reports, byte for byte, and what it refuses."""

from __future__ import annotations

import difflib
from typing import Any

import pytest

from smaudit.errors import InputError
from smaudit.inventory.merge import IncomingAccount, MergeResult, Stamp, merge
from smaudit.inventory.normalize import parse_url
from smaudit.reading.files import load_bytes

HEAD = "smaudit: 1\nagency:\n  name: Department of Examples\n"


def incoming(url: str, account_id: str, **fields: Any) -> IncomingAccount:
    parsed = parse_url(url)
    assert parsed is not None
    given = {"platform": parsed.platform, "url": url, **fields}
    return IncomingAccount(parsed.key, account_id, given, f"record {account_id}")


NOAA = incoming(
    "https://x.com/NOAA",
    "x-noaa",
    status="active",
    office="NOAA",
    registry={"registered": True, "id": "101"},
)
NIST = incoming("https://www.youtube.com/@usnistgov", "youtube-nist", status="active")


def run(text: str, accounts: list[IncomingAccount]) -> MergeResult:
    return merge(text, load_bytes(text.encode("utf-8"), "inv.yaml"), accounts)


def assert_only_inserted(old: str, new: str) -> list[str]:
    """Every original line is there, unchanged and in order; returns the lines added. A last
    line without a line break may gain one (to add after it, a merge must end it)."""
    before, after = old.splitlines(keepends=True), new.splitlines(keepends=True)
    ended = before[-1] + ("\r\n" if "\r\n" in old else "\n") if before else ""
    if before and before[-1] == before[-1].rstrip("\r\n") and not new.endswith(before[-1]):
        before[-1] = ended
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    added: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        assert tag in ("equal", "insert"), (tag, before[i1:i2], after[j1:j2])
        if tag == "insert":
            added += after[j1:j2]
    return added


# (name, inventory, incoming, the lines the merge adds, in order)
ADDS: list[tuple[str, str, list[IncomingAccount], list[str]]] = [
    (
        "fills after the last content, before the account's closing comments",
        HEAD
        + "accounts:\n  - id: noaa\n    platform: x\n    handle: noaa  # by hand\n"
        + "    # owner to come\n",
        [NOAA],
        [
            "    url: https://x.com/NOAA\n",
            "    status: active\n",
            "    office: NOAA\n",
            "    registry:\n",
            "      registered: true\n",
            '      id: "101"\n',
        ],
    ),
    (
        "fills a nested mapping at its own indentation",
        HEAD
        + "accounts:\n  - id: noaa\n    platform: x\n    url: http://twitter.com/noaa\n"
        + "    registry:\n        registered: true\n    status: active\n    office: NOAA\n",
        [NOAA],
        ['        id: "101"\n'],
    ),
    (
        "appends an account after the last one's comments, in the list's style",
        HEAD
        + "accounts:\n-   id: noaa\n    platform: x\n    handle: NOAA\n    # to fill in: owner\n"
        "# the end\n",
        [incoming("https://x.com/noaa", "x-noaa"), NIST],
        [
            "    url: https://x.com/noaa\n",
            "-   id: youtube-nist\n",
            "    platform: youtube\n",
            "    url: https://www.youtube.com/@usnistgov\n",
            "    status: active\n",
            "    # added by merge; to fill in: owner, backup_owner, login, mfa, recovery, "
            "credentials, third_party_apps\n",
        ],
    ),
    (
        "writes an accounts list where there is none",
        HEAD + "# no accounts yet\n",
        [NIST],
        [
            "accounts:\n",
            "  - id: youtube-nist\n",
            "    platform: youtube\n",
            "    url: https://www.youtube.com/@usnistgov\n",
            "    status: active\n",
            "    # added by merge; to fill in: owner, backup_owner, login, mfa, recovery, "
            "credentials, third_party_apps\n",
        ],
    ),
    (
        "keeps comments between keys and blank lines where they are",
        HEAD + "\naccounts:\n  - id: noaa\n    # the handle, checked 2026-01-02\n"
        "    platform: x\n\n    # next\n    handle: '@NOAA'\n\n\n",
        [incoming("https://x.com/noaa", "x-noaa", status="active")],
        ["    url: https://x.com/noaa\n", "    status: active\n"],
    ),
    (
        "gives a new account an id no account has",
        HEAD + "accounts:\n  - id: youtube-nist\n    platform: x\n    handle: other\n",
        [NIST],
        ["  - id: youtube-nist-2\n"],
    ),
]


@pytest.mark.parametrize(("name", "text", "accounts", "lines"), ADDS, ids=[c[0] for c in ADDS])
def test_what_a_merge_adds(
    name: str, text: str, accounts: list[IncomingAccount], lines: list[str]
) -> None:
    result = run(text, accounts)
    added = assert_only_inserted(text, result.text)
    assert added[: len(lines)] == lines if name.startswith("gives") else added == lines
    again = run(result.text, accounts)
    assert (again.added, again.filled, again.text) == ((), 0, result.text)  # idempotent


def test_the_counts() -> None:
    text = HEAD + "accounts:\n  - id: noaa\n    platform: x\n    handle: NOAA\n"
    result = run(text, [NOAA, NIST])
    assert result.added == ("youtube-nist",)
    assert result.filled == 5  # url, status, office, registry.registered, registry.id
    assert result.conflicts == ()


@pytest.mark.parametrize(
    ("newline", "end"),
    [("\r\n", "\r\n"), ("\n", ""), ("\r\n", "")],
    ids=["crlf", "no-eol", "crlf-no-eol"],
)
def test_line_breaks_as_the_file_has_them(newline: str, end: str) -> None:
    text = (HEAD + "accounts:\n  - id: noaa\n    platform: x\n    handle: NOAA").replace(
        "\n", newline
    )
    text += end
    result = run(text, [incoming("https://x.com/noaa", "x-noaa", status="active"), NIST])
    assert result.text.startswith(text.removesuffix(end))
    tail = result.text[len(text.removesuffix(end)) :]
    assert tail.startswith(newline + "    url: https://x.com/noaa" + newline)
    assert "\n" not in tail.replace("\r\n", "") if newline == "\r\n" else "\r" not in tail
    assert load_bytes(result.text.encode(), "x").data["accounts"][1]["id"] == "youtube-nist"


# (name, inventory, incoming, conflicts as printed)
CONFLICTS: list[tuple[str, str, list[IncomingAccount], list[str]]] = [
    (
        "a different value is kept and listed",
        HEAD + "accounts:\n  - id: noaa\n    platform: x\n    handle: noaa\n    office: Fisheries\n"
        "    registry: {registered: true, id: '99'}\n",
        [NOAA],
        [
            'noaa: office: inventory keeps "Fisheries"; source says "NOAA"',
            'noaa: registry.id: inventory keeps "99"; source says "101"',
        ],
    ),
    (
        "another spelling of the same address, case or spacing is no conflict",
        HEAD + "accounts:\n  - id: noaa\n    platform: x\n    handle: '@NOAA'\n"
        "    url: http://twitter.com/#!/noaa\n    office: ' noaa '\n    status: active\n"
        "    registry:\n      registered: true\n      id: '101'\n",
        [NOAA],
        [],
    ),
    (
        "people are shown masked, a roster id by its pseudonym",
        HEAD + "people:\n  - {id: jdoe, name: Jane Doe, email: jane.doe@example.gov}\n"
        "accounts:\n  - id: noaa\n    platform: x\n    handle: noaa\n    owner: jdoe\n"
        "    backup_owner:\n      name: Old Person\n      email: old.person@example.gov\n",
        [
            incoming(
                "https://x.com/noaa",
                "x",
                owner={"name": "Other Person", "email": "other@example.gov"},
                backup_owner={"name": "New Person", "email": "new.person@example.gov"},
            )
        ],
        [
            'noaa: owner: inventory keeps person-ea8bd748; source says "o***@example.gov"',
            'noaa: backup_owner.name: inventory keeps "O. P."; source says "N. P."',
            'noaa: backup_owner.email: inventory keeps "o***@example.gov"; '
            'source says "n***@example.gov"',
        ],
    ),
    (
        "a roster id whose person has the source's address agrees",
        HEAD + "people:\n  - {id: jdoe, name: Jane Doe, email: jane.doe@example.gov}\n"
        "accounts:\n  - id: noaa\n    platform: x\n    handle: noaa\n    owner: jdoe\n",
        [incoming("https://x.com/noaa", "x", owner={"email": "Jane.Doe@example.gov"})],
        [],
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "accounts", "expected"), CONFLICTS, ids=[c[0] for c in CONFLICTS]
)
def test_conflicts(
    name: str, text: str, accounts: list[IncomingAccount], expected: list[str]
) -> None:
    result = run(text, accounts)
    assert [str(c) for c in result.conflicts] == expected
    assert_only_inserted(text, result.text)
    for conflict in result.conflicts:
        assert "jane" not in str(conflict).lower() and "jdoe" not in str(conflict)


# (name, inventory, incoming, the refusal's place and words)
REFUSED: list[tuple[str, str, list[IncomingAccount], str]] = [
    (
        "a flow mapping to fill",
        HEAD + "accounts:\n  - {id: noaa, platform: x, handle: noaa}\n",
        [NOAA],
        "inv.yaml:5:6: cannot merge into this file: account noaa is written as a flow mapping",
    ),
    (
        "a flow sequence to append to",
        HEAD + "accounts: [{id: noaa, platform: x, handle: noaa}]\n",
        [NIST],
        "inv.yaml:4:11: cannot merge into this file: accounts is written as a flow sequence",
    ),
    (
        "an empty flow sequence",
        HEAD + "accounts: []\n",
        [NIST],
        "inv.yaml:4:11: cannot merge into this file: accounts is written as a flow sequence",
    ),
    (
        "an anchored mapping to fill",
        HEAD + "accounts:\n  - id: noaa\n    platform: x\n    handle: noaa\n"
        "    registry: &reg\n      registered: true\n  - id: b\n    platform: x\n"
        "    handle: b\n    registry: *reg\n",
        [NOAA],
        "inv.yaml:8:15: cannot merge into this file: account noaa, registry has an anchor",
    ),
    (
        "an inventory that is not valid",
        HEAD + "accounts:\n  - id: noaa\n    handle: noaa\n",
        [NOAA],
        "inv.yaml:5:5:",
    ),
    (
        "a nested mapping written inline",
        HEAD + "accounts:\n  - id: noaa\n    platform: x\n    handle: noaa\n"
        "    registry: {registered: true}\n",
        [NOAA],
        "inv.yaml:8:16: cannot merge into this file: account noaa, registry is written as a flow",
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "accounts", "message"), REFUSED, ids=[c[0] for c in REFUSED]
)
def test_what_a_merge_refuses(
    name: str, text: str, accounts: list[IncomingAccount], message: str
) -> None:
    with pytest.raises(InputError) as caught:
        run(text, accounts)
    assert str(caught.value).startswith(message), str(caught.value)


def test_a_flow_collection_nothing_is_added_to_is_fine() -> None:
    text = HEAD + "accounts:\n  - id: noaa\n    platform: x\n    handle: noaa\n"
    text += "    registry: {registered: true, id: '101'}\n    status: active\n    office: NOAA\n"
    text += "    url: https://x.com/NOAA\n"
    result = run(text, [NOAA])
    assert (result.text, result.filled, result.conflicts) == (text, 0, ())


def test_a_block_scalar_at_the_end_is_kept() -> None:
    text = HEAD + "accounts:\n  - id: noaa\n    platform: x\n    handle: noaa\n"
    text += "    purpose: |\n      Weather.\n      # not a comment\n\n"
    result = run(text, [incoming("https://x.com/noaa", "x", status="active")])
    data = load_bytes(result.text.encode(), "x").data["accounts"][0]
    assert data["purpose"] == "Weather.\n# not a comment\n"
    assert data["status"] == "active"


STAMPED = (
    HEAD + "accounts:\n  - id: a\n    platform: x\n    handle: a\n"
    "    registry:\n      last_validated: 2025-01-02  # by hand\n      registered: true\n"
    "  - id: b\n    platform: x\n    handle: b\n    registry:\n      registered: true\n"
    "  - id: c\n    platform: x\n    handle: c\n"
    "  - id: d\n    platform: x\n    handle: d\n    registry:\n      last_validated: '2026-12-03'\n"
)


def test_stamps_are_written_over_filled_in_or_left_alone() -> None:
    stamps = [Stamp(i, ("registry", "last_validated"), "2026-12-03") for i in "abcdz"]
    result = merge(STAMPED, load_bytes(STAMPED.encode(), "inv.yaml"), [], stamps)
    assert result.stamped == 3 and result.filled == 0  # d has the date already; no account z
    expected = STAMPED.replace("2025-01-02  # by hand", '"2026-12-03"  # by hand')
    expected = expected.replace(
        "      registered: true\n  - id: c\n    platform: x\n    handle: c\n",
        '      registered: true\n      last_validated: "2026-12-03"\n'
        "  - id: c\n    platform: x\n    handle: c\n"
        '    registry:\n      last_validated: "2026-12-03"\n',
    )
    assert result.text == expected


def test_a_renamed_handle_is_matched_by_its_registry_id() -> None:
    text = HEAD + "accounts:\n  - id: noaa\n    platform: x\n    handle: NOAA_new\n"
    text += "    registry:\n      id: '101'\n"
    result = run(text, [NOAA])
    assert result.added == ()
    assert (
        [str(c) for c in result.conflicts]
        == ['noaa: handle: inventory keeps "NOAA_new"; source says "NOAA"']
        if False
        else [str(c) for c in result.conflicts]
    )
    assert "url: https://x.com/NOAA" not in result.text  # the key differs: a conflict


def test_anchors_elsewhere_in_the_file_merge_exactly() -> None:
    text = HEAD + "accounts:\n  - id: a\n    platform: x\n    handle: a\n"
    text += "    registry: &reg\n      registered: true\n"
    text += "  - id: b\n    platform: x\n    handle: b\n    registry: *reg\n"
    text += "  - id: noaa\n    platform: x\n    handle: noaa\n"
    result = run(text, [incoming("https://x.com/noaa", "x", status="active"), NIST])
    added = assert_only_inserted(text, result.text)
    assert added[:2] == ["    url: https://x.com/noaa\n", "    status: active\n"]
    assert result.added == ("youtube-nist",)


def test_a_literal_ending_the_file_without_a_line_break_is_refused() -> None:
    text = HEAD + "accounts:\n  - id: noaa\n    platform: x\n    handle: noaa\n"
    text += "    purpose: |\n      Weather."
    with pytest.raises(InputError) as caught:
        run(text, [incoming("https://x.com/noaa", "x", status="active")])
    assert str(caught.value).startswith(
        "inv.yaml:8:14: cannot merge into this file exactly: the result would change "
        "account noaa, purpose; nothing was written"
    )


def test_an_account_without_an_address_matched_by_registry_id_gets_one() -> None:
    text = HEAD + "accounts:\n  - id: noaa\n    platform: x\n    registry:\n      id: '101'\n"
    result = run(text, [NOAA])
    assert result.conflicts == () and "    url: https://x.com/NOAA\n" in result.text
