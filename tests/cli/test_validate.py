"""Folders as repositories hold them, and `smaudit validate` for every kind of file
(reading/kinds.py, cli/validate.py): hidden folders left out, each file taken for what its
marker key says, nothing skipped without a note."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from smaudit.cli.app import cli
from tests.conftest import AS_OF, CONTROLS, SAMPLES


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A repository root as agencies keep one: an inventory, its waivers, a profile overlay,
    a workflow under .github/ and another tool's YAML."""
    shutil.copy(SAMPLES / "agency.yaml", tmp_path / "agency.yaml")
    shutil.copy(SAMPLES / "waivers.yaml", tmp_path / "waivers.yaml")
    (tmp_path / "profile.yaml").write_text("profile: ours\ntitle: Ours\nextends: modern\n")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs: {}\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: docs\n")
    return tmp_path


def test_check_at_a_repository_root_gives_a_report(
    runner: CliRunner, repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repository)
    result = runner.invoke(cli, ["check", ".", "--as-of", AS_OF])
    assert result.exit_code == 1, result.output  # the sample's findings, not an input error
    assert "34 accounts x" in result.stdout
    assert "note: skipped waivers.yaml: a waivers file; give it with --waivers" in result.stderr
    assert "note: skipped profile.yaml: a profile; give it with --profile" in result.stderr
    assert "note: skipped mkdocs.yml: not an smaudit file" in result.stderr
    assert ".github" not in result.output  # hidden folders hold other tools' files


def test_a_file_named_for_check_that_is_not_an_inventory_says_what_reads_it(
    runner: CliRunner,
) -> None:
    result = runner.invoke(cli, ["check", str(SAMPLES / "waivers.yaml")])
    assert result.exit_code == 2
    assert "not an inventory: a waivers file; give it with --waivers" in result.stderr


def test_a_folder_of_nothing_but_other_files_is_an_input_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: docs\n")
    result = runner.invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 2 and "no inventory files found" in result.stderr
    assert "mkdocs.yml: not an smaudit file" in result.stderr


def test_an_inventory_without_its_marker_is_an_error_not_a_skip(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Skipping it would leave its accounts unaudited."""
    (tmp_path / "inv.yaml").write_text("agency: {name: A}\naccounts: []\n")
    result = runner.invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 2 and "smaudit" in result.stderr and "skipped" not in result.stderr


def test_validate_checks_each_kind_for_what_it_is(runner: CliRunner, repository: Path) -> None:
    result = runner.invoke(cli, ["validate", str(repository)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "ok: 34 accounts, 15 people in 1 inventory file(s)"
    assert any(line.endswith("waivers.yaml: 3 waiver(s)") for line in lines)
    assert any(line.endswith("profile.yaml: profile ours (51 controls)") for line in lines)
    assert any("mkdocs.yml: not an smaudit file" in line for line in lines)


@pytest.mark.parametrize(
    ("path", "said"),
    [
        (SAMPLES / "waivers.yaml", "3 waiver(s)"),
        (CONTROLS / "profiles" / "gsa-2015.yaml", "profile gsa-2015"),
        (CONTROLS / "IA" / "SM-IA-01.yaml", "control SM-IA-01"),
    ],
)
def test_validate_takes_one_file_of_any_kind(runner: CliRunner, path: Path, said: str) -> None:
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert said in result.stdout and "smaudit_waivers" not in result.output


def test_validate_reports_a_bad_waiver_where_it_is(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "waivers.yaml"
    bad.write_text("smaudit_waivers: 1\nwaivers:\n  - id: W-1\n    control: SM-NOPE-01\n")
    result = runner.invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 2 and "waivers.yaml:" in result.stderr
    assert "Traceback" not in result.output


def test_validate_refuses_a_named_file_that_smaudit_does_not_read(
    runner: CliRunner, tmp_path: Path
) -> None:
    other = tmp_path / "mkdocs.yml"
    other.write_text("site_name: docs\n")
    result = runner.invoke(cli, ["validate", str(other)])
    assert result.exit_code == 2 and "nothing to validate" in result.stderr


@pytest.fixture
def split(tmp_path: Path) -> Path:
    """The compliant sample split as agencies split one: the agency, its people and sources in
    one file, the accounts, which name them, in another."""
    sample = yaml.safe_load((SAMPLES / "compliant.yaml").read_text("utf-8"))
    folder = tmp_path / "inventory"
    folder.mkdir()
    people = {"smaudit": 1, "agency": sample["agency"], "people": sample["people"]}
    people["sources"] = sample["sources"]
    (folder / "people.yaml").write_text(yaml.safe_dump(people, sort_keys=False))
    accounts = {"smaudit": 1, "accounts": sample["accounts"]}
    (folder / "accounts.yaml").write_text(yaml.safe_dump(accounts, sort_keys=False))
    return folder


def test_a_file_named_beside_its_folder_is_read_once(runner: CliRunner, split: Path) -> None:
    """What the pre-commit hook runs with `args: [inventory/]`: the folder, then the files of
    it a commit touched; the same accounts, not duplicates."""
    touched = [str(split / "accounts.yaml"), str(split / "people.yaml")]
    result = runner.invoke(cli, ["validate", str(split), *touched])
    assert result.exit_code == 0, result.output
    assert result.stdout == "ok: 4 accounts, 5 people in 2 inventory file(s)\n"
    result = runner.invoke(cli, ["check", str(split), touched[0], "--as-of", AS_OF])
    assert result.exit_code == 0, result.output


def test_one_file_of_a_split_inventory_alone_lacks_its_people(
    runner: CliRunner, split: Path
) -> None:
    """Why the hook documentation asks a split inventory's folder in `args`."""
    result = runner.invoke(cli, ["validate", str(split / "accounts.yaml")])
    assert result.exit_code == 2 and "unknown person" in result.stderr


def test_a_file_named_and_in_a_folder_is_refused_as_named(
    runner: CliRunner, repository: Path
) -> None:
    """Named, a waivers file is refused by `check` (it reads waivers with --waivers), even
    when its folder is given too, where alone it would be a skipped note."""
    waivers = str(repository / "waivers.yaml")
    result = runner.invoke(cli, ["check", str(repository), waivers, "--as-of", AS_OF])
    assert result.exit_code == 2 and "give it with --waivers" in result.stderr
