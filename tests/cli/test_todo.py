"""`smaudit todo` end to end: the sample, a registry skeleton just imported, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from smaudit.cli.app import cli
from smaudit.schemas import load_schema
from tests.conftest import ROOT, needs_shared

SAMPLE = str(ROOT / "sample_accounts" / "agency.yaml")
AS_OF = ["--as-of", "2026-11-20"]


def test_the_sample_worklist_exits_0_and_names_no_one(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["todo", SAMPLE, *AS_OF])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "To do for profile modern as of 2026-11-20: 73 checks on 34 accounts are not assessed"
    )
    assert "credentials.holders[].mfa.enabled" in result.stdout
    people = ("jchen", "mrivera", "maria.rivera", "Maria Rivera", "@dcr.gov ")
    assert not any(p in result.stdout for p in people)
    assert "Traceback" not in result.output


def test_the_json_worklist_follows_its_schema(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "todo.json"
    result = runner.invoke(cli, ["todo", SAMPLE, *AS_OF, "--output", f"json:{out}"])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(document, load_schema("todo"))
    assert document["not_assessed"] == sum(o["checks"] for o in document["owners"]) == 73


def test_a_fresh_registry_skeleton_lists_what_every_account_lacks(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = needs_shared("realdata/us-digital-registry-2017/DOC_accts.json")
    skeleton = tmp_path / "noaa.yaml"
    imported = runner.invoke(
        cli, ["import", "registry", str(source), "--agency", "NOAA", "-o", str(skeleton)]
    )
    assert imported.exit_code == 0, imported.output
    accounts = skeleton.read_text(encoding="utf-8").count("\n    platform: ")
    result = runner.invoke(cli, ["todo", str(skeleton), *AS_OF, "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    (owner,) = document["owners"]  # a skeleton names no owner yet
    assert owner["owner"] is None and owner["accounts"] == accounts == 253
    tasks = {t["field"]: t for t in owner["tasks"]}
    # the first task: who holds the password, which nine controls wait on, on every account
    first = owner["tasks"][0]
    assert first["field"] == "credentials.holders" and len(first["accounts"]) == 253
    assert first["checks"] == 253 * len(first["controls"]) == 253 * 9
    assert {"mfa.enabled", "credentials.type", "login.email"} <= set(tasks)


def test_bad_input_exits_2_with_the_place(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "inventory.yaml"
    bad.write_text("agency: {name: X}\naccounts:\n  - id: [\n", encoding="utf-8")
    result = runner.invoke(cli, ["todo", str(bad), *AS_OF])
    assert result.exit_code == 2
    assert f"{bad}:" in result.stderr and "Traceback" not in result.output
    missing = runner.invoke(cli, ["todo", str(tmp_path / "absent.yaml")])
    assert missing.exit_code == 2
