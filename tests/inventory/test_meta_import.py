"""Business Manager's saved responses as accounts: holders, their roles and two-factor, and
a note, by place and id, for everything that could not be read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from smaudit.errors import InputError
from smaudit.inventory.importers.meta import SYSTEM, import_meta
from smaudit.inventory.importers.people_join import join_people, roster_of
from smaudit.inventory.importers.records import ImportResult

DATA = Path(__file__).parents[1] / "data" / "meta"
ALL = [
    "business.json",
    "business_users_1.json",
    "business_users_2.json",
    "page.json",
    "page_users_2.json",
    "instagram.json",
]
AVERY = {"name": "Avery Quinn", "email": "avery.quinn@example.gov"}
BLAKE = {"name": "Blake Moreno", "email": "blake.moreno@example.gov"}
CASEY = {"name": "Casey Ibarra", "email": "casey.ibarra@example.gov"}
# every name and address in the files: none may reach a note
IDENTITIES = ["Avery", "Blake", "Casey", "Drew", "Emery", "Scheduler", "example.gov"]


def _import(*names: str) -> ImportResult:
    return import_meta([DATA / name for name in names])


def _holders(result: ImportResult) -> dict[str, list[dict[str, Any]]]:
    return {a.id: a.record.source.fields["credentials"].get("holders", []) for a in result.accounts}


def _notes(result: ImportResult) -> list[str]:
    return [
        f"{r.location.file.rsplit('/', 1)[-1]}:{r.location.line} {r.message}" for r in result.notes
    ]


def test_each_page_and_account_gets_its_holders_roles_and_two_factor() -> None:
    result = _import(*ALL)
    assert [a.id for a in result.accounts] == ["facebook-examplegov", "instagram-examplegov"]
    assert {a.id: a.record.source.fields["credentials"]["type"] for a in result.accounts} == {
        "facebook-examplegov": "delegated_roles",
        "instagram-examplegov": "delegated_roles",
    }
    assert _holders(result) == {
        "facebook-examplegov": [
            {"person": AVERY, "role": "admin", "mfa": {"enabled": True}},
            {"person": BLAKE, "role": "editor", "mfa": {"enabled": False}},
            {"person": CASEY},  # permitted_tasks only; two_fac_status 'pending_setup'
            {"person": {"name": "Emery Outside"}, "role": "editor"},  # not a business user
            {"person": {"name": "Drew Park"}, "role": "analyst"},  # from the second page
        ],
        "instagram-examplegov": [{"person": AVERY, "role": "editor", "mfa": {"enabled": True}}],
    }
    assert (result.agency, result.system, result.exported_on) == (
        "Department of Examples",
        SYSTEM,
        None,  # a Graph response does not say when it was fetched
    )


def test_what_was_not_read_is_noted_by_place_and_id_never_by_name() -> None:
    result = _import(*ALL)
    notes = _notes(result)
    assert notes == [
        "business_users_2.json:3 two_fac_status 'pending_setup' is not one of enabled, "
        "disabled; mfa.enabled left absent",
        "business_users_1.json:1 1 business user carries no two_fac_status: ask for it "
        "(fields=id,name,email,role,two_fac_status); mfa.enabled left absent",
        "page.json:20 no tasks (permitted_tasks are what may be assigned, not what this user "
        "holds): role left absent",
        "page.json:26 not in the business users given: its two-factor status is unknown",
        "page.json:26 tasks PROFILE_PLUS_REVENUE not known to smaudit: not read as a role",
        "page.json:31 a system user (a token an app acts with, not a person): not a holder; "
        "record the app under third_party_apps",
        "business.json:1 the business asks everyone to use two-factor (all_required); Meta "
        "does not document it as enforced on each person's own sign-in, so it is not taken as "
        "their status: 3 holders without a status left absent, 1 that Meta reports without "
        "two-factor recorded as off",
        "business_users_1.json:1 a paging address in this file carries an access token: a live "
        "credential (never read or printed here); delete the saved files once imported",
    ]
    labels = [str(r) for r in result.notes]
    assert not [n for n in labels for who in IDENTITIES if who in n]
    assert "PLACEHOLDER" not in " ".join(labels)


def test_the_files_may_come_in_any_order() -> None:
    assert _holders(_import(*reversed(ALL))) == _holders(_import(*ALL))


@pytest.mark.parametrize(
    ("names", "note"),
    [
        # the last page of business users is missing: Drew's and Casey's status with it
        (
            ["business_users_1.json", "page.json", "page_users_2.json"],
            "business_users_1.json:1 the business users listing says more pages follow",
        ),
        # the Page's second page of assigned users is missing: holders may be too
        (
            ["business_users_1.json", "business_users_2.json", "page.json"],
            "page.json:6 the assigned users listing says more pages follow",
        ),
    ],
)
def test_a_listing_that_says_more_pages_follow_is_noted(names: list[str], note: str) -> None:
    assert [n for n in _notes(_import(*names)) if n.startswith(note)]


def test_a_count_above_the_users_given_is_noted(tmp_path: Path) -> None:
    listing = json.loads((DATA / "business_users_2.json").read_text())
    listing["summary"] = {"total_count": 9}
    path = tmp_path / "users.json"
    path.write_text(json.dumps(listing))
    result = import_meta([path, DATA / "instagram.json"])
    assert any(
        "Meta counts 9 business users and the pages given hold 2" in n.message for n in result.notes
    )


def test_without_business_users_holders_have_no_two_factor_and_no_note_each() -> None:
    result = _import("instagram.json")
    assert _holders(result) == {
        "instagram-examplegov": [{"person": {"name": "Avery Quinn"}, "role": "editor"}]
    }
    assert not [n for n in _notes(result) if "not in the business users" in n]


def test_a_page_without_its_users_is_an_account_without_holders(tmp_path: Path) -> None:
    path = tmp_path / "page.json"
    path.write_text('{"id": "1048", "name": "Examples", "link": "https://www.facebook.com/1048"}')
    result = import_meta([path])
    assert _holders(result) == {"facebook-1048": []}
    assert _notes(result) == [
        "page.json:1 no assigned users given (ask for the assigned_users field): holders left out"
    ]


@pytest.mark.parametrize(
    ("names", "says"),
    [
        (["orphan_assigned_users.json"], "a page of assigned users that does not say whose"),
        (["page_users_2.json"], "assigned users of 104857600000001, but no file of that Page"),
    ],
)
def test_assigned_users_that_name_no_page_given_are_refused(names: list[str], says: str) -> None:
    with pytest.raises(InputError) as caught:
        _import(*names)
    assert says in str(caught.value)
    assert "Avery" not in str(caught.value)


def test_two_businesses_at_once_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"id": "555", "name": "Elsewhere", "two_factor_type": "none"}')
    with pytest.raises(InputError, match="files of two businesses given"):
        import_meta([DATA / "business.json", other])


@pytest.mark.parametrize(
    ("value", "note"),
    [
        ("none", None),
        ("admin_required", "the business asks its admins to use two-factor (admin_required)"),
        ("sometimes", "two_factor_type is not one of none, admin_required, all_required"),
    ],
)
def test_the_business_requirement_is_only_ever_a_note(
    tmp_path: Path, value: str, note: str | None
) -> None:
    business = tmp_path / "business.json"
    business.write_text(json.dumps({"id": "1029384756102938", "two_factor_type": value}))
    names = [DATA / n for n in ALL if n != "business.json"]
    result = import_meta([business, *names])
    assert _holders(result) == _holders(_import(*ALL))  # never changes anyone's MFA
    found = [r.message for r in result.notes if r.label == "business"]
    assert found == ([] if note is None else [m for m in found if m.startswith(note)])
    assert (note is None) == (not found)


def test_holders_are_joined_to_the_roster_by_email() -> None:
    roster = roster_of(
        "people.yaml",
        [
            {"id": "avery.quinn", "name": "Avery Quinn", "email": "Avery.Quinn@example.gov"},
            {"id": "drew.park", "name": "Drew Park"},
        ],
    )
    joined = join_people(_import(*ALL), roster)
    people = {
        a.id: [h["person"] for h in hs]
        for a, hs in zip(joined.accounts, _holders(joined).values(), strict=True)
    }
    assert people["facebook-examplegov"] == [
        "avery.quinn",
        BLAKE,
        CASEY,
        {"name": "Emery Outside"},
        "drew.park",
    ]
    assert people["instagram-examplegov"] == ["avery.quinn"]


def test_an_empty_last_page_ends_its_listing(tmp_path: Path) -> None:
    last = tmp_path / "users_3.json"
    previous = "https://graph.facebook.com/v21.0/1029384756102938/business_users?before=QQ"
    last.write_text(json.dumps({"data": [], "paging": {"previous": previous}}))
    result = import_meta([DATA / "business_users_1.json", last, DATA / "instagram.json"])
    assert not [n for n in _notes(result) if "more pages follow" in n]


def test_an_empty_page_of_no_listing_is_noted(tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text('{"data": []}')
    result = import_meta([empty, DATA / "instagram.json"])
    assert "empty.json:1 an empty page that does not say which listing it ends: nothing read" in (
        _notes(result)
    )


def test_people_of_another_business_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"id": "555", "name": "Elsewhere", "two_factor_type": "none"}')
    with pytest.raises(InputError, match="business users of 1029384756102938, but the business"):
        import_meta([other, DATA / "business_users_1.json"])
