"""Each saved Graph API response is told apart by its shape; anything else is refused with its
place and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from smaudit.errors import InputError
from smaudit.inventory.importers.meta_files import (
    ASSIGNED_USERS,
    BUSINESS_USERS,
    Asset,
    Business,
    Listing,
    read_meta_file,
)

DATA = Path(__file__).parents[1] / "data" / "meta"


def test_a_business_gives_its_id_name_and_requirement() -> None:
    found = read_meta_file(DATA / "business.json")
    assert isinstance(found, Business)
    assert (found.id, found.name, found.two_factor_type) == (
        "1029384756102938",
        "Department of Examples",
        "all_required",
    )


@pytest.mark.parametrize(
    ("name", "more", "token", "places"),
    [
        ("business_users_1.json", True, True, [(3, 5), (10, 5)]),
        ("business_users_2.json", False, False, [(3, 5), (10, 5)]),
    ],
)
def test_business_users_pages_say_whether_more_follow(
    name: str, more: bool, token: bool, places: list[tuple[int, int]]
) -> None:
    found = read_meta_file(DATA / name)
    assert isinstance(found, Listing)
    assert (found.kind, found.more, found.token) == (BUSINESS_USERS, more, token)
    assert [(e.where.line, e.where.column) for e in found.entries] == places


def test_a_page_carries_its_address_and_its_assigned_users() -> None:
    found = read_meta_file(DATA / "page.json")
    assert isinstance(found, Asset)
    assert (found.platform, found.id, found.username, found.link) == (
        "facebook",
        "104857600000001",
        "ExampleGov",
        "https://www.facebook.com/ExampleGov",
    )
    assert found.users is not None and found.users.more
    assert [e.where.line for e in found.users.entries] == [8, 14, 20, 26, 31]


def test_an_instagram_account_is_told_by_its_ig_fields() -> None:
    found = read_meta_file(DATA / "instagram.json")
    assert isinstance(found, Asset)
    assert (found.platform, found.username, found.link) == ("instagram", "examplegov", None)
    assert found.users is not None and not found.users.more


def test_a_further_page_of_assigned_users_names_its_page_in_its_paging_address() -> None:
    found = read_meta_file(DATA / "page_users_2.json")
    assert isinstance(found, Listing)
    assert (found.kind, found.owner, found.more) == (ASSIGNED_USERS, "104857600000001", False)


@pytest.mark.parametrize(
    ("text", "place", "says"),
    [
        ("[]", "1:1", "not a Graph API object; expected a Graph API response saved from"),
        ('{"value": [{"mail": "a@b.gov"}]}', "1:1", "not a Business Manager export; expected"),
        ('{"data": [{"id": "1"}]}', "1:1", "not a Business Manager export"),
        ('{\n  "error": {"message": "token EAAB", "code": 190}\n}', "2:12", "(code 190)"),
        ('{"id": "1", "link": "x", "assigned_users": [1]}', "1:44", 'expected {"data": [...]}'),
        ('{"id": "1",\n "two_factor_type": "none", "x": ', "2:34", "invalid JSON"),
    ],
)
def test_other_json_is_refused_with_its_place(
    tmp_path: Path, text: str, place: str, says: str
) -> None:
    path = tmp_path / "saved.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_meta_file(path)
    assert f"saved.json:{place}: " in str(caught.value)
    assert says in str(caught.value)
    assert "EAAB" not in str(caught.value)  # an error's message can quote the token
