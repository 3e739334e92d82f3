"""Whichever internal path a run takes, the JSON feed is the same, byte for byte (issue 6).

A generated inventory (benchmarks/generate.py: roster, connected apps, about 20% violations
per control) is checked through each path: the C, event and composing YAML readers, one job or
several, explanations reused or each written afresh; only the run's own identity (its random id, its
start time and the digest of input files that differ by a comment) may differ.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from smaudit.assessment import wording
from smaudit.assessment.forked import can_fork
from smaudit.cli.app import cli
from smaudit.reading import native
from tests.conftest import AS_OF, generator


@pytest.fixture(scope="module")
def generated() -> str:
    generate = generator()
    return "".join(generate.to_yaml(generate.inventory(300, seed=11)))


_RUN_IDENTITY = re.compile(rb'("(?:id|started_at|inventory_sha256)": )"[^"]*"')


def _feed(tmp_path: Path, name: str, text: str, *extra: str) -> bytes:
    inventory = tmp_path / name
    inventory.write_text(text, encoding="utf-8")
    out = tmp_path / f"{name}.json"
    args = ["check", str(inventory), "--as-of", AS_OF, "--format", "json", *extra, "--output"]
    result = CliRunner().invoke(cli, [*args, f"json:{out}"])
    assert result.exit_code == 1, result.output  # the generated data has failures
    assert result.stdout_bytes == out.read_bytes()  # the same stream to stdout and to a file
    # the copies live in different files: name them alike before comparing
    return _RUN_IDENTITY.sub(rb'\1"-"', out.read_bytes()).replace(name.encode(), b"INVENTORY")


def test_event_reader_and_composing_reader_give_the_same_feed(
    tmp_path: Path, generated: str
) -> None:
    # An `&` anywhere (here in a trailing comment, so no line moves) sends the file through
    # the composing reader that resolves anchors; without one the faster event reader runs.
    events = _feed(tmp_path, "events.yaml", generated)
    composed = _feed(tmp_path, "composed.yaml", generated + "# R&D accounts follow next year\n")
    assert b'"status": "fail"' in events and b'"field_location"' in events
    assert events == composed


@pytest.mark.skipif(not can_fork(), reason="--jobs runs serially where processes cannot fork")
def test_several_jobs_give_the_same_feed_as_one(tmp_path: Path, generated: str) -> None:
    one = _feed(tmp_path, "one.yaml", generated)
    # three jobs over 300 accounts: uneven shares, each with failures of every kind
    assert _feed(tmp_path, "three.yaml", generated, "--jobs", "3") == one


def test_python_reader_and_c_reader_give_the_same_feed(
    tmp_path: Path, generated: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    either = _feed(tmp_path, "either.yaml", generated)  # the C reader where it is built
    monkeypatch.setattr(native, "_speedups", None)
    assert _feed(tmp_path, "either.yaml", generated) == either


def test_reused_explanations_give_the_same_feed(
    tmp_path: Path, generated: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the fields below every account is not assessed on the same facts: the case the
    # reuse is for. Then the same feed with nothing reused.
    sparse = "\n".join(
        line for line in generated.splitlines() if not re.search(r"\b(mfa|enabled):", line)
    )
    kept = _feed(tmp_path, "kept.yaml", sparse)
    assert b'"status": "error"' in kept
    monkeypatch.setattr(wording, "_EXPLAINED_KEPT", 0)
    assert _feed(tmp_path, "kept.yaml", sparse) == kept
