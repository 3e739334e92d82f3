"""`smaudit init` through click's CliRunner: the starter in an empty folder, then `check` and
`validate` on what it wrote; refusing to overwrite; the CI variants."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smaudit.catalogue.load import load_catalogue
from smaudit.catalogue.profiles import load_profile
from smaudit.cli.app import cli
from tests.conftest import AS_OF, ROOT

STARTER = ["smaudit-inventory.yaml", "smaudit-waivers.yaml", "smaudit-profile.yaml"]
CI = {
    "none": [],
    "github": [".github/workflows/smaudit.yml"],
    "gitlab": [".gitlab-ci.yml"],
}


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("ci", list(CI))
def test_init_writes_the_starter_and_the_ci_job_asked_for(
    runner: CliRunner, tmp_path: Path, ci: str
) -> None:
    result = runner.invoke(cli, ["init", str(tmp_path / "repo"), "--ci", ci])
    assert result.exit_code == 0, result.output
    assert _files(tmp_path / "repo") == sorted(STARTER + CI[ci])
    assert "Next:" in result.stdout
    assert f"smaudit check {tmp_path / 'repo' / STARTER[0]} --profile" in result.stdout


def test_init_then_check_in_an_empty_folder_gives_a_report(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(cli, ["init", "--ci", "github"]).exit_code == 0
    options = ["--profile", STARTER[2], "--waivers", STARTER[1], "--as-of", AS_OF]
    named = runner.invoke(cli, ["check", STARTER[0], *options, "--format", "json"])
    folder = runner.invoke(cli, ["check", ".", "--as-of", AS_OF])
    for result in (named, folder):
        assert result.exit_code in (1, 3), result.output  # a report: never 2 (bad input)
    # the starter states who owns each account and no security fact: only the owner controls
    # (and SM-ACQ-01, where a platform lacks no safeguard) pass; the rest are not assessed or
    # 'no record of ...' failures
    summary = json.loads(named.stdout)["summary"]
    passed = {control for control, counts in summary["by_control"].items() if counts["pass"]}
    assert passed <= {"SM-GOV-03", "SM-GOV-04", "SM-ACQ-01"}
    assert summary["by_control"]["SM-IA-01"]["error"] == summary["accounts"] == 5


def test_every_file_init_writes_validates(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(cli, ["init"]).exit_code == 0
    result = runner.invoke(cli, ["validate", *STARTER])
    modern = len(
        load_profile("modern", load_catalogue()).controls
    )  # as written, it changes nothing
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "ok: 5 accounts, 2 people in 1 inventory file(s)",
        "ok: smaudit-waivers.yaml: 0 waiver(s)",
        f"ok: smaudit-profile.yaml: profile agency-overlay ({modern} controls)",
    ]


@pytest.mark.parametrize("existing", [*STARTER, ".github/workflows/smaudit.yml"])
def test_init_refuses_to_overwrite_and_writes_nothing(
    runner: CliRunner, tmp_path: Path, existing: str
) -> None:
    target = tmp_path / existing
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("mine\n", encoding="utf-8")
    before = _files(tmp_path)
    result = runner.invoke(cli, ["init", str(tmp_path), "--ci", "github"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {target}: exists;")
    assert "Traceback" not in result.output
    assert _files(tmp_path) == before and target.read_text(encoding="utf-8") == "mine\n"


def test_init_refuses_a_dangling_link_and_names_every_file_in_the_way(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / STARTER[0]).symlink_to(tmp_path / "elsewhere.yaml")
    (tmp_path / STARTER[2]).write_text("mine\n", encoding="utf-8")
    result = runner.invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 2
    named = [line.split(": ")[1] for line in result.stderr.splitlines()]
    assert named == [str(tmp_path / STARTER[0]), str(tmp_path / STARTER[2])]
    assert not (tmp_path / "elsewhere.yaml").exists() and not (tmp_path / STARTER[1]).exists()


def test_init_into_a_file_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    result = runner.invoke(cli, ["init", str(tmp_path / "f")])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_the_readme_shows_the_check_init_prints(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Getting started in your repository", 1)[1].split("```", 2)[1]
    [check] = [line for line in block.splitlines() if line.startswith("smaudit check ")]
    monkeypatch.chdir(tmp_path)
    printed = runner.invoke(cli, ["init"]).stdout
    assert f"  2. {check}\n" in printed
