"""What Business Manager's tasks and two-factor values become: one case per value, as Meta
spells them."""

from __future__ import annotations

from pathlib import Path

import pytest

from smaudit.inventory.importers.meta_values import (
    TASK_ROLES,
    TWO_FAC_STATUS,
    TWO_FACTOR_TYPES,
    mfa_of,
    requirement,
    role_of,
)

ROLES = [
    # a Page's full control: it can remove everyone else
    (["MANAGE"], "admin", ()),
    (["ANALYZE", "ADVERTISE", "MESSAGING", "MODERATE", "CREATE_CONTENT", "MANAGE"], "admin", ()),
    # speaks as the account without controlling it
    (["CREATE_CONTENT"], "editor", ()),
    (["MODERATE", "ANALYZE"], "editor", ()),
    (["MESSAGING"], "editor", ()),
    # an Instagram account's tasks: there is no MANAGE to give
    (["CONTENT", "COMMUNITY_ACTIVITY", "MESSAGES", "ADVERTISE", "ANALYZE"], "editor", ()),
    # can neither publish nor change who holds access
    (["ADVERTISE"], "analyst", ()),
    (["ANALYZE"], "analyst", ()),
    (["ADVERTISE", "ANALYZE"], "analyst", ()),
    # any case and spacing, as saved by hand
    ([" manage "], "admin", ()),
    # a task Meta adds later is named, never guessed at
    (["PROFILE_PLUS_REVENUE"], None, ("PROFILE_PLUS_REVENUE",)),
    (["ANALYZE", "NEW_TASK", "NEW_TASK"], "analyst", ("NEW_TASK",)),
    ([], None, ()),
    ([7, None], None, ()),
]


@pytest.mark.parametrize(("tasks", "role", "unknown"), ROLES)
def test_tasks_give_the_highest_role(
    tasks: list[object], role: str | None, unknown: tuple[str, ...]
) -> None:
    read = role_of(tasks)
    assert (read.role, read.unknown) == (role, unknown)


@pytest.mark.parametrize(
    ("status", "enabled"),
    [
        ("enabled", True),
        ("ENABLED", True),
        ("disabled", False),
        (" Disabled ", False),
        # anything Meta does not document as on or off stays unknown: never pass, never fail
        ("pending_setup", None),
        ("not_required", None),
        ("", None),
        (None, None),
        (True, None),
        (1, None),
    ],
)
def test_two_fac_status_is_on_off_or_unknown(status: object, enabled: bool | None) -> None:
    assert mfa_of(status) is enabled


@pytest.mark.parametrize(
    ("value", "read"),
    [
        ("none", "none"),
        ("admin_required", "admin_required"),
        ("ALL_REQUIRED", "all_required"),
        ("everyone", None),
        (None, None),
        (2, None),
    ],
)
def test_two_factor_type_is_read_from_metas_enum_only(value: object, read: str | None) -> None:
    assert requirement(value) == read


def test_docs_list_every_task_status_and_requirement() -> None:
    """docs/importing.md's tables are written by hand: this keeps them the mapping's copy."""
    docs = (Path(__file__).parents[2] / "docs" / "importing.md").read_text(encoding="utf-8")
    section = docs[docs.index("## From Meta Business Manager") : docs.index("## Merging")]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    for task, role in TASK_ROLES.items():
        assert [row for row in rows if f"`{task}`" in row and f"| `{role}` |" in row], task
    for value in (*TWO_FAC_STATUS, *TWO_FACTOR_TYPES):
        assert f"`{value}`" in section, value
