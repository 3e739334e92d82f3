"""An agency's own controls beside the shipped ones (--add-controls): no copy of the catalogue,
no change of profile, ids of their own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smaudit.cli.app import cli
from tests.conftest import AS_OF, CONTROLS, SAMPLES

AGENCY = str(SAMPLES / "agency.yaml")


@pytest.fixture
def agency_controls(tmp_path: Path) -> Path:
    """One agency control: the shipped comment-policy control, under the agency's own id."""
    folder = tmp_path / "agency-controls"
    folder.mkdir()
    text = (CONTROLS / "PUB" / "SM-PUB-01.yaml").read_text()
    (folder / "DCR-PUB-01.yaml").write_text(text.replace("id: SM-PUB-01", "id: DCR-PUB-01", 1))
    return folder


def _run(runner: CliRunner, *options: str) -> dict[str, object]:
    result = runner.invoke(cli, ["check", AGENCY, "--as-of", AS_OF, "--format", "json", *options])
    assert result.exit_code == 1, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _controls(feed: dict[str, object]) -> set[str]:
    return {f["control_id"] for f in feed["findings"]}  # type: ignore[attr-defined, index]


def test_an_agency_control_runs_beside_the_default_profiles(
    runner: CliRunner, agency_controls: Path
) -> None:
    plain = _run(runner, "--include-passed")
    added = _run(runner, "--include-passed", "--add-controls", str(agency_controls))
    assert added["run"]["profile"] == plain["run"]["profile"] == "modern"  # type: ignore[index]
    assert _controls(added) == _controls(plain) | {"DCR-PUB-01"}
    listed = runner.invoke(cli, ["controls", "list", "--add-controls", str(agency_controls)])
    assert "DCR-PUB-01" in listed.stdout


def test_an_agency_control_may_not_take_a_shipped_id(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "ours"
    folder.mkdir()
    (folder / "mine.yaml").write_text((CONTROLS / "IA" / "SM-IA-01.yaml").read_text())
    result = runner.invoke(cli, ["check", AGENCY, "--add-controls", str(folder)])
    assert result.exit_code == 2
    assert "control id 'SM-IA-01' is already taken" in result.stderr


def test_naming_the_shipped_folder_keeps_the_default_profile(runner: CliRunner) -> None:
    """It used to switch to every control, calendar rotation included."""
    feed = _run(runner, "--controls", str(CONTROLS))
    assert feed["run"]["profile"] == "modern"  # type: ignore[index]


def test_a_profile_file_may_list_an_agency_control(
    runner: CliRunner, agency_controls: Path, tmp_path: Path
) -> None:
    profile = tmp_path / "ours.yaml"
    profile.write_text("profile: ours\ntitle: Ours\ncontrols: [SM-IA-01, DCR-PUB-01]\n")
    feed = _run(
        runner,
        "--include-passed",
        "--profile",
        str(profile),
        "--add-controls",
        str(agency_controls),
    )
    assert _controls(feed) == {"SM-IA-01", "DCR-PUB-01"}
