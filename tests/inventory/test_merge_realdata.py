"""The real registry and congress files imported, edited by hand as an officer would, imported
again with --merge: nothing the officer wrote changes, what they lack comes back, and the one
value they changed is listed as a conflict, not overwritten."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from smaudit.cli.app import cli
from smaudit.reading.files import load_file
from tests.conftest import needs_shared
from tests.inventory.test_merge import assert_only_inserted

ROSTER = (
    "people:\n"
    "  - id: jdoe  # the press office's lead\n"
    "    name: Jane Doe\n"
    "    email: jane.doe@example.gov\n"
    "    employment: federal\n"
    "    status: active\n"
)
SOURCES = [
    ("registry", "realdata/us-digital-registry-2017/DOC_accts.json", ()),
    ("registry", "realdata/social-media-registry-2012/accounts.csv", ("--agency", "commerce")),
    ("legislators", "realdata/congress-legislators/legislators-social-media.yaml", ()),
]


@dataclass
class Edited:
    text: str
    removed: list[str]
    """Ids of the accounts deleted: the merge must add them back."""
    emptied: str
    """The id of the account whose url was deleted: the merge must fill it."""
    changed: str
    """The id of the account whose office was changed: a conflict."""


def hand_edit(text: str) -> Edited:
    """Comments, a roster, owners, MFA facts, a handle's case, keys reordered, a value changed,
    accounts and a field deleted: what a month of an officer's work does to a skeleton."""
    top, listed = text.split("\naccounts:\n", 1)  # `sources` items begin `- id:` too
    head, *blocks = re.split(r"(?m)^(?=  - id: )", listed)
    head = f"{top}\naccounts:\n{head}"
    ids = [re.match(r"  - id: (\S+)", b).group(1) for b in blocks]  # type: ignore[union-attr]
    head = head.replace("smaudit: 1\n", "smaudit: 1  # reviewed 2026-11-02\n")
    head = re.sub(r"(?m)^# people:.*\n#   - \{id: jdoe.*\n", ROSTER, head)
    first = blocks[0].replace("\n", "\n    owner: jdoe  # confirmed by phone\n", 1)
    first = re.sub(r"(?m)^    office: .*$", "    office: 'Office of Public Affairs'", first)
    first += "    mfa:\n      enabled: true\n      methods: [totp]\n"
    x = next(i for i, b in enumerate(blocks) if "    platform: x\n" in b and i > 0)
    second = re.sub(r"(?m)^(    handle: )(.*)$", lambda m: m[1] + m[2].upper(), blocks[x])
    lines = second.splitlines(keepends=True)
    lines[1], lines[2] = lines[2], lines[1]  # platform after handle
    lines.insert(2, "    # the handle as the account writes it\n")
    blocks[0], blocks[x] = first, "".join(lines)
    gone = [i for i in range(1, len(blocks)) if i != x][:2]
    empty = next(
        i for i in range(1, len(blocks)) if i not in (x, *gone) and "    url: " in blocks[i]
    )
    blocks[empty] = re.sub(r"(?m)^    url: .*\n", "", blocks[empty])
    kept = [b for i, b in enumerate(blocks) if i not in gone]
    return Edited(head + "".join(kept), [ids[i] for i in gone], ids[empty], ids[0])


@pytest.mark.parametrize(
    ("command", "sub", "options"), SOURCES, ids=[s[1].split("/")[1] for s in SOURCES]
)
def test_a_real_import_merged_into_its_hand_edited_inventory(
    runner: CliRunner, tmp_path: Path, command: str, sub: str, options: tuple[str, ...]
) -> None:
    source = str(needs_shared(sub))
    inventory = tmp_path / "inventory.yaml"
    first = runner.invoke(cli, ["import", command, source, *options, "-o", str(inventory), "-q"])
    assert first.exit_code == 0, first.output
    edited = hand_edit(inventory.read_text(encoding="utf-8"))
    inventory.write_text(edited.text, encoding="utf-8")
    assert runner.invoke(cli, ["validate", str(inventory)]).exit_code == 0

    merge = ["import", command, source, *options, "--merge", str(inventory)]
    result = runner.invoke(cli, merge)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == (
        f"merged {source} into {inventory}: 2 accounts added, 1 field filled, 1 conflict "
        "(the inventory keeps its values: resolve them by hand)"
    )
    assert f'conflict: {edited.changed}: office: inventory keeps "Office of Public Affairs"' in (
        result.stderr
    )
    merged = inventory.read_text(encoding="utf-8")
    assert_only_inserted(edited.text, merged)  # every line the officer has, byte for byte
    accounts = {a["id"]: a for a in load_file(inventory).data["accounts"]}
    assert all(removed in accounts for removed in edited.removed)
    assert accounts[edited.emptied]["url"].startswith("https://")
    assert accounts[edited.changed]["office"] == "Office of Public Affairs"
    assert accounts[edited.changed]["mfa"] == {"enabled": True, "methods": ["totp"]}
    assert runner.invoke(cli, ["validate", str(inventory)]).exit_code == 0
    assert runner.invoke(cli, ["check", str(inventory)]).exit_code in (0, 1, 3)

    again = runner.invoke(cli, [*merge, "-q"])
    assert again.exit_code == 0
    assert ": 0 accounts added, 0 fields filled, 1 conflict" in again.stderr
    assert inventory.read_text(encoding="utf-8") == merged


def test_reconcile_appends_the_agencys_unknown_records(runner: CliRunner, tmp_path: Path) -> None:
    source = str(needs_shared("realdata/social-media-registry-2012/accounts.csv"))
    inventory = tmp_path / "commerce.yaml"
    args = ["import", "registry", source, "--agency", "commerce", "-o", str(inventory), "-q"]
    assert runner.invoke(cli, args).exit_code == 0
    edited = hand_edit(inventory.read_text(encoding="utf-8"))
    inventory.write_text(edited.text, encoding="utf-8")
    reconcile = ["reconcile", str(inventory), "--registry", source, "--append"]
    result = runner.invoke(cli, [*reconcile, "--stamp-validated", "--as-of", "2026-11-20"])
    assert result.exit_code == 1, result.output  # the two unknown records, reported
    assert result.stderr.splitlines()[-1].startswith(
        f"updated {inventory}: 2 accounts added from {source}; registry.last_validated "
        "2026-11-20 on "
    )
    assert_only_inserted(edited.text, inventory.read_text(encoding="utf-8"))
    accounts = {a["id"]: a for a in load_file(inventory).data["accounts"]}
    assert all(removed in accounts for removed in edited.removed)  # same ids as the import's
    again = runner.invoke(cli, [*reconcile, "--as-of", "2026-11-20"])
    assert again.exit_code == 0, again.output  # nothing unknown, nothing unregistered left
    assert again.stderr.splitlines()[-1] == f"updated {inventory}: 0 accounts added from {source}"
