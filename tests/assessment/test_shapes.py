"""Findings explained from a shared trace (rules/shapes.py) against the reference, which traces
every finding afresh: the same report, byte for byte, on generated inventories of both
generators' shapes, with passes listed and without."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from smaudit.assessment import engine, planner
from smaudit.formats import FORMATS, RenderOptions
from tests.conftest import ROOT, generator

AS_OF = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def inventories(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("shapes")
    generate: Any = generator()
    made = {"generated": folder / "generated.yaml", "independent": folder / "independent.yaml"}
    made["generated"].write_text("".join(generate.to_yaml(generate.inventory(400, 5))), "utf-8")
    script = ROOT / "benchmarks" / "independent.py"
    text = subprocess.run(
        [sys.executable, str(script), "300", "--seed", "4"], capture_output=True, check=True
    ).stdout
    made["independent"].write_bytes(text)
    return made


def _documents(path: Path, reuse: bool, include_passed: bool) -> dict[str, bytes]:
    run = planner.plan([path], as_of=AS_OF)
    options = engine.Options(
        include_passed=include_passed,
        profile=run.profile_name,
        catalogue_version=run.catalogue.version,
        severity_overrides=run.severity_overrides,
        run_id="00000000-0000-4000-8000-000000000000",
        started_at=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC),
    )
    options = dataclasses.replace(options, reuse_shapes=reuse)
    report = engine.evaluate(run.inventory, run.controls, AS_OF, run.parameters, options)
    rendering = RenderOptions(color=False)
    out = {}
    for name in ("json", "sarif", "csv"):
        fmt = FORMATS[name]
        view = report if include_passed or fmt.needs_all_outcomes else report.without_passes()
        written = fmt.render(view, rendering)
        out[name] = written.encode() if isinstance(written, str) else written
    return out


@pytest.mark.parametrize("shape", ["generated", "independent"])
@pytest.mark.parametrize("include_passed", [False, True])
def test_shared_traces_word_every_finding_as_the_reference_does(
    inventories: dict[str, Path], shape: str, include_passed: bool
) -> None:
    fast = _documents(inventories[shape], reuse=True, include_passed=include_passed)
    reference = _documents(inventories[shape], reuse=False, include_passed=include_passed)
    assert fast.keys() == reference.keys()
    for name in fast:
        assert fast[name] == reference[name], f"{shape}: the {name} documents differ"
