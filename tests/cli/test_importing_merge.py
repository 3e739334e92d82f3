"""`smaudit import ... --merge INVENTORY` through click's CliRunner, as officers meet it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from smaudit.cli.app import cli
from tests.inventory.test_merge import assert_only_inserted

DATA = Path(__file__).parents[1] / "inventory" / "data"
EXPORT = str(DATA / "registry_export.csv")
SHEET = str(DATA / "spreadsheet.csv")


def imported(runner: CliRunner, tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "inventory.yaml"
    result = runner.invoke(cli, ["import", *args, "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


def hand_edited(path: Path) -> str:
    """What an officer does to a skeleton: a comment, a fact, another office, an account gone."""
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "    purpose: Press releases and notices\n",
        "    # confirmed with the press office\n    tier: high-impact\n",
    )
    text = text.replace("office: Office of Examples (OOE)", "office: Press Office", 1)
    start = text.index("  - id: youtube-examplevideos")
    text = text[:start] + text[text.index("  - id: facebook-examplegovold") :]
    path.write_text(text, encoding="utf-8")
    return text


def test_merge_adds_fills_keeps_and_reports(runner: CliRunner, tmp_path: Path) -> None:
    inventory = imported(runner, tmp_path, "registry", EXPORT)
    before = hand_edited(inventory)
    result = runner.invoke(cli, ["import", "registry", EXPORT, "--merge", str(inventory)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[-3].startswith(f"imported 6 accounts from {EXPORT}")
    assert lines[-1] == (
        f"merged {EXPORT} into {inventory}: 1 account added, 1 field filled, 1 conflict "
        "(the inventory keeps its values: resolve them by hand)"
    )
    assert (
        'conflict: ooe-x-examplegov: office: inventory keeps "Press Office"; '
        'source says "Office of Examples (OOE)"'
    ) in lines
    after = inventory.read_text(encoding="utf-8")
    added = assert_only_inserted(before, after)
    assert "    purpose: Press releases and notices\n" in added
    assert "  - id: youtube-examplevideos\n" in added
    assert runner.invoke(cli, ["validate", str(inventory)]).exit_code == 0
    assert runner.invoke(cli, ["check", str(inventory)]).exit_code in (0, 1, 3)  # read, judged


def test_merging_twice_changes_nothing_the_second_time(runner: CliRunner, tmp_path: Path) -> None:
    inventory = imported(runner, tmp_path, "registry", EXPORT)
    hand_edited(inventory)
    runner.invoke(cli, ["import", "registry", EXPORT, "--merge", str(inventory)])
    once = inventory.read_bytes()
    stamp = inventory.stat().st_mtime_ns
    result = runner.invoke(cli, ["import", "registry", EXPORT, "--merge", str(inventory), "-q"])
    assert result.exit_code == 0
    assert ": 0 accounts added, 0 fields filled, 1 conflict" in result.stderr
    assert inventory.read_bytes() == once and inventory.stat().st_mtime_ns == stamp


def test_merge_with_output_leaves_the_inventory_alone(runner: CliRunner, tmp_path: Path) -> None:
    inventory = imported(runner, tmp_path, "registry", EXPORT)
    before = hand_edited(inventory)
    out = tmp_path / "merged.yaml"
    args = ["import", "registry", EXPORT, "--merge", str(inventory), "-o", str(out)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert inventory.read_text(encoding="utf-8") == before
    assert_only_inserted(before, out.read_text(encoding="utf-8"))
    assert f"(written to {out}; {inventory} left as it was)" in result.stderr
    again = runner.invoke(cli, args)  # -o exists now: as without --merge, --force is needed
    assert again.exit_code == 2 and "add --force" in again.stderr
    assert runner.invoke(cli, [*args, "--force"]).exit_code == 0
    same = ["import", "registry", EXPORT, "--merge", str(inventory), "-o", str(inventory)]
    assert runner.invoke(cli, same).exit_code == 0  # its own inventory: no --force needed


def test_a_bom_and_crlf_are_kept(runner: CliRunner, tmp_path: Path) -> None:
    inventory = imported(runner, tmp_path, "registry", EXPORT)
    text = hand_edited(inventory).replace("\n", "\r\n")
    inventory.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = runner.invoke(cli, ["import", "registry", EXPORT, "--merge", str(inventory)])
    assert result.exit_code == 0, result.output
    raw = inventory.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\n" not in raw.replace(b"\r\n", b"")
    assert_only_inserted(text, raw[3:].decode("utf-8"))


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda t: t.replace(
                "  - id: ooe-x-examplegov\n", "  - &first\n    id: ooe-x-examplegov\n"
            ).replace("    purpose: Press releases and notices\n", ""),
            ":28:5: cannot merge into this file: account ooe-x-examplegov has an anchor",
        ),
        (
            lambda t: t.replace("    purpose: Press", "\tpurpose: Press"),
            "invalid YAML",
        ),
        (
            lambda t: t.replace(
                '    registry:\n      registered: true\n      id: "103"',
                "    registry: {registered: true}",
            ),
            "is written as a flow mapping",
        ),
    ],
    ids=["anchor", "tab", "flow-mapping"],
)
def test_what_cannot_be_merged_exactly_is_refused_and_left_alone(
    runner: CliRunner, tmp_path: Path, edit: object, message: str
) -> None:
    inventory = imported(runner, tmp_path, "registry", EXPORT)
    text = edit(inventory.read_text(encoding="utf-8"))  # type: ignore[operator]
    inventory.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["import", "registry", EXPORT, "--merge", str(inventory)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {inventory}:"), result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert inventory.read_text(encoding="utf-8") == text


def test_bad_merge_targets_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    missing = runner.invoke(cli, ["import", "registry", EXPORT, "--merge", str(tmp_path / "no")])
    assert missing.exit_code == 2 and "cannot read file" in missing.stderr
    itself = runner.invoke(cli, ["import", "registry", EXPORT, "--merge", EXPORT])
    assert itself.exit_code == 2 and "is the file being imported" in itself.stderr


def test_csv_merges_too(runner: CliRunner, tmp_path: Path) -> None:
    inventory = imported(runner, tmp_path, "registry", EXPORT)
    before = inventory.read_text(encoding="utf-8")
    result = runner.invoke(cli, ["import", "csv", SHEET, "--merge", str(inventory), "-q"])
    assert result.exit_code == 0, result.output
    assert_only_inserted(before, inventory.read_text(encoding="utf-8"))
    assert runner.invoke(cli, ["validate", str(inventory)]).exit_code == 0


def block_inventory(tmp_path: Path) -> Path:
    """The reconcile fixture with its inline registry mappings written one key per line."""
    text = (DATA / "inventory_reconcile.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    registry: {registered: true}\n", "    registry:\n      registered: true\n"
    )
    text = text.replace(
        "    registry: {registered: false}", "    registry:\n      registered: false"
    )
    text = text.replace(
        '    registry: {registered: true, id: "102"}\n',
        '    registry:\n      registered: true\n      id: "102"\n'
        "      last_validated: 2025-01-02\n",
    )
    path = tmp_path / "inventory.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def reconcile(runner: CliRunner, inventory: Path, *options: str) -> tuple[int, str, str]:
    args = ["reconcile", str(inventory), "--registry", EXPORT, "--as-of", "2026-11-20"]
    result = runner.invoke(cli, [*args, *options])
    return result.exit_code, result.stdout, result.stderr


def test_reconcile_append_adds_the_unknown_records(runner: CliRunner, tmp_path: Path) -> None:
    inventory = block_inventory(tmp_path)
    before = inventory.read_text(encoding="utf-8")
    code, _, stderr = reconcile(runner, inventory, "--append")
    assert code == 1  # the report is of the inventory as it was: one record unknown
    assert stderr.splitlines()[-1] == f"updated {inventory}: 1 account added from {EXPORT}"
    added = assert_only_inserted(before, inventory.read_text(encoding="utf-8"))
    assert added[:3] == [
        "  - id: ooe-flickr-examplegov\n",
        "    platform: flickr\n",
        "    handle: examplegov\n",
    ]
    assert runner.invoke(cli, ["validate", str(inventory)]).exit_code == 0
    code, stdout, _ = reconcile(runner, inventory, "--format", "json")
    assert '"RECONCILE-UNKNOWN"' not in stdout.split('"findings"', 1)[1]


def test_reconcile_stamps_clean_matches_only(runner: CliRunner, tmp_path: Path) -> None:
    inventory = block_inventory(tmp_path)
    before = inventory.read_text(encoding="utf-8")
    code, _, stderr = reconcile(runner, inventory, "--stamp-validated")
    assert code == 1
    assert stderr.splitlines()[-1] == (
        f"updated {inventory}: registry.last_validated 2026-11-20 on 2 accounts "
        "(of 2 the registry lists without a mismatch)"
    )
    after = inventory.read_text(encoding="utf-8")
    # doe-x and doe-facebook disagree with their records: doe-youtube is stamped over the date
    # it had (the one value written over, since it is a stamp), doe-instagram for the first time
    stamped = before.replace("last_validated: 2025-01-02", 'last_validated: "2026-11-20"')
    stamped = stamped.replace(
        "      registered: false", '      registered: false\n      last_validated: "2026-11-20"'
    )
    assert after == stamped
    code, _, stderr = reconcile(runner, inventory, "--stamp-validated")
    assert "on 0 accounts" in stderr and inventory.read_text(encoding="utf-8") == after


def test_reconcile_updates_refused_before_any_output(runner: CliRunner, tmp_path: Path) -> None:
    flow = tmp_path / "inventory.yaml"
    flow.write_bytes((DATA / "inventory_reconcile.yaml").read_bytes())
    code, stdout, stderr = reconcile(runner, flow, "--stamp-validated")
    assert code == 2 and stdout == ""
    assert stderr.startswith(
        f"error: {flow}:22:16: cannot merge into this file: account doe-youtube"
    )
    assert flow.read_bytes() == (DATA / "inventory_reconcile.yaml").read_bytes()
    code, _, stderr = reconcile(runner, tmp_path, "--append")
    assert code == 2 and "update one inventory file" in stderr
