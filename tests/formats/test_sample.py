"""The sample inventory through the CLI, every format at once (--output FORMAT:FILE), each file
checked by its official validator: what a user's pipeline would upload."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smaudit.cli.app import cli
from tests.conftest import AS_OF, SAMPLES
from tests.formats.conftest import (
    junit_errors,
    ocsf_errors,
    oscal_errors,
    prometheus_errors,
    sarif_errors,
)

FILES = {
    "sarif": "results.sarif",
    "junit": "junit.xml",
    "oscal": "assessment-results.json",
    "oscal-plan": "assessment-plan.json",
    "ocsf": "ocsf.json",
    "csv": "findings.csv",
    "markdown": "summary.md",
    "ndjson": "findings.ndjson",
    "prometheus": "smaudit.prom",
}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("outputs")
    targets = [f"--output={name}:{folder / file}" for name, file in FILES.items()]
    args = ["check", str(SAMPLES / "agency.yaml"), "--as-of", AS_OF, *targets]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output  # the sample has failures
    return {name: Path(folder / file).read_text("utf-8") for name, file in FILES.items()}


def test_every_file_passes_its_validator(outputs: dict[str, str]) -> None:
    assert not sarif_errors(json.loads(outputs["sarif"]))
    assert not oscal_errors(json.loads(outputs["oscal"]))
    assert not ocsf_errors(json.loads(outputs["ocsf"]))
    assert not junit_errors(outputs["junit"])
    assert not prometheus_errors(outputs["prometheus"])


def test_the_sample_has_results_in_every_file(outputs: dict[str, str]) -> None:
    assert json.loads(outputs["sarif"])["runs"][0]["results"]
    rows = list(csv.reader(io.StringIO(outputs["csv"], newline="")))
    assert len(outputs["ndjson"].splitlines()) == len(rows) - 1 > 0
    assert "<failure " in outputs["junit"] and "### Failures" in outputs["markdown"]
