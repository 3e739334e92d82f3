"""The library's entry points (README: "Using smaudit from Python") give what the command does."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

import smaudit
from smaudit.cli import cli
from tests.conftest import ROOT, SAMPLES

AS_OF = dt.date(2026, 11, 20)


def test_plan_evaluate_render_is_what_check_writes() -> None:
    run = smaudit.plan([SAMPLES / "agency.yaml"], as_of=AS_OF)
    options = smaudit.Options(profile=run.profile_name, catalogue_version=run.catalogue.version)
    report = smaudit.evaluate(run.inventory, run.controls, AS_OF, run.parameters, options)
    text = smaudit.FORMATS["csv"].render(report, smaudit.RenderOptions())
    args = ["check", str(SAMPLES / "agency.yaml"), "--as-of", AS_OF.isoformat(), "--format", "csv"]
    assert text == CliRunner().invoke(cli, args).stdout_bytes.decode()
    assert len(smaudit.load_inventory([SAMPLES / "agency.yaml"]).accounts) == len(
        run.inventory.accounts
    )


def test_every_name_listed_is_there_and_no_other() -> None:
    for name in smaudit.__all__:
        assert getattr(smaudit, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'engine'"):
        smaudit.engine  # noqa: B018 - the modules moved; the entry points are the contract


def test_the_readme_example_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using smaudit from Python", 1)[1]
    example = section.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    exec(compile(example, "README.md", "exec"), {})  # our own documentation, as written
    assert '"$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1' in capsys.readouterr().out
