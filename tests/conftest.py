"""Shared fixtures: paths to shipped data, a CLI runner, and a way to write small inventories."""

from __future__ import annotations

import importlib.util
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_accounts"
CONTROLS = ROOT / "controls"
SHARED = ROOT.parent / "shared"
AS_OF = "2026-11-20"

HEADER = """\
smaudit: 1
agency:
  name: Department of Examples
  email_domains: [example.gov]
"""


def generator() -> Any:
    """benchmarks/generate.py, the seeded generator of realistic inventories, as a module."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def needs_shared(sub: str) -> Path:
    """A path under ../shared, or a skip that says why (it exists in CI, maybe not for users)."""
    path = SHARED / sub
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared reference material is not beside this checkout")
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """write(body, name=...) -> path of a file holding HEADER + dedented body (or raw text)."""

    def _write(body: str, name: str = "inventory.yaml", header: bool = True) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((HEADER if header else "") + textwrap.dedent(body), encoding="utf-8")
        return path

    return _write
