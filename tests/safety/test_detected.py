"""detect-secrets' shapes: the build's snapshot is used only while it holds, and holds the same
shapes as the plugins read afresh."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smaudit.safety import detected
from tests.conftest import SAMPLES

AFRESH = detected.from_plugins()


def test_the_plugins_give_shapes_and_a_fingerprint() -> None:
    assert len(AFRESH) > 20 and all(pattern for _, pattern in AFRESH)
    assert detected.fingerprint() == detected.fingerprint() is not None


def test_a_snapshot_holds_the_shapes_read_afresh(tmp_path: Path) -> None:
    path = tmp_path / "shapes.json"
    detected.write_snapshot(path)
    assert detected.snapshot(path) == AFRESH


@pytest.mark.parametrize(
    "document",
    [
        {"fingerprint": "0" * 64, "shapes": [["a token", "x"]]},  # made from something else
        {"shapes": [["a token", "x"]]},
        {"fingerprint": None, "shapes": []},
        [],
    ],
)
def test_a_snapshot_of_anything_else_is_not_used(tmp_path: Path, document: object) -> None:
    path = tmp_path / "shapes.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert detected.snapshot(path) is None


def test_a_malformed_or_missing_snapshot_is_not_used(tmp_path: Path) -> None:
    fingerprint = detected.fingerprint()
    for shapes in ([["a token"]], [[1, "x"]], "x", None):
        path = tmp_path / "shapes.json"
        path.write_text(json.dumps({"fingerprint": fingerprint, "shapes": shapes}), "utf-8")
        assert detected.snapshot(path) is None
    (tmp_path / "broken.json").write_bytes(b"{")
    assert detected.snapshot(tmp_path / "broken.json") is None
    assert detected.snapshot(tmp_path / "absent.json") is None


def test_without_a_snapshot_the_plugins_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(detected, "snapshot", lambda: None)
    assert detected.shapes() == AFRESH


def _built_snapshot() -> None:
    if detected.snapshot() is None:
        if os.environ.get("SMAUDIT_EXPECT_SPEEDUPS"):  # CI builds it: see hatch_build.py
            pytest.fail(f"the build wrote no snapshot that holds at {detected.SNAPSHOT}")
        pytest.skip("no snapshot of detect-secrets' shapes here (the build writes it)")


def test_the_built_snapshot_holds_and_gives_the_plugins_shapes() -> None:
    _built_snapshot()
    assert detected.shapes() == AFRESH


def test_a_check_with_the_snapshot_does_not_import_detect_secrets(tmp_path: Path) -> None:
    _built_snapshot()
    probe = (
        "import sys\n"
        "from smaudit.cli.app import main\n"
        "try:\n"
        f"    main(['check', {str(SAMPLES / 'agency.yaml')!r}, '--as-of', '2026-11-20'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('detect_secrets' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert done.stderr.strip().splitlines()[-1] == "False"
