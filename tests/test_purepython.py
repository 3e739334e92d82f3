"""The compiled modules against their pure-Python source (smaudit/purepython.py).

Where `pip install` compiled the evaluation modules, they must give exactly what their source
gives: the same documents, byte for byte, on the sample and on generated inventories of both
shapes (anchor-free, and anchored as PyYAML writes them). An editable install compiles none,
so there the comparison is skipped; CI installs the built wheel in a second environment and
sets SMAUDIT_EXPECT_COMPILED, so there a module that failed to compile fails the run.
"""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from smaudit import purepython
from tests.conftest import AS_OF, SAMPLES, generator

for _name in purepython.COMPILED:
    importlib.import_module(_name)
COMPILED_HERE = purepython.compiled_in_use()


def test_every_module_is_compiled_where_ci_expects_it() -> None:
    if os.environ.get("SMAUDIT_EXPECT_COMPILED"):
        assert set(COMPILED_HERE) == set(purepython.COMPILED), "see hatch_build.py's warning"


def _python(code: str, pure: bool) -> str:
    env = {**os.environ, "SMAUDIT_PURE_PYTHON": "1" if pure else ""}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_smaudit_pure_python_imports_the_source_and_leaves_the_c_reader_unused() -> None:
    code = (
        "import importlib; from smaudit import purepython as p\n"
        "from smaudit.reading import native\n"
        "[importlib.import_module(m) for m in p.COMPILED]\n"
        "print(p.compiled_in_use(), native._speedups)"
    )
    assert _python(code, pure=True) == "[] None"


needs_compiled = pytest.mark.skipif(
    not COMPILED_HERE,
    reason="no module is compiled here (an editable install compiles none: see hatch_build.py)",
)


def _generated(tmp_path: Path, shape: str) -> Path:
    generate: Any = generator()
    data = generate.inventory(1000, 11)
    path = tmp_path / f"{shape}.yaml"
    text = generate.to_pyyaml(data) if shape == "pyyaml" else "".join(generate.to_yaml(data))
    path.write_text(text, encoding="utf-8")
    return path


_RUN_OWN = re.compile(
    rb"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
    rb"|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)"
)
"""What differs between any two runs: the run's id (a random UUID) and when it started."""


def _feed(inventory: Path, out: Path, fmt: str, pure: bool) -> bytes:
    env = {**os.environ, "SMAUDIT_PURE_PYTHON": "1" if pure else ""}
    command = [sys.executable, "-m", "smaudit", "check", str(inventory), "--as-of", AS_OF]
    command += ["--format", "table", "--output", f"{fmt}:{out}"]
    done = subprocess.run(command, env=env, capture_output=True, check=False)
    assert done.returncode in (0, 1), done.stderr.decode()
    return _RUN_OWN.sub(b"(this run's)", out.read_bytes())


@needs_compiled
@pytest.mark.parametrize(
    ("shape", "fmt"),
    # every format renders the same report: the sample in three, the generated ones as the feed
    [
        ("sample", "json"),
        ("sample", "sarif"),
        ("sample", "csv"),
        ("generated", "json"),
        ("pyyaml", "json"),
    ],
)
def test_the_compiled_modules_write_what_their_source_writes(
    tmp_path: Path, shape: str, fmt: str
) -> None:
    inventory = SAMPLES / "agency.yaml" if shape == "sample" else _generated(tmp_path, shape)
    fast = _feed(inventory, tmp_path / f"fast.{fmt}", fmt, pure=False)
    reference = _feed(inventory, tmp_path / f"pure.{fmt}", fmt, pure=True)
    assert fast == reference


@needs_compiled
def test_the_version_says_how_many_modules_a_check_runs_compiled() -> None:
    """`--version` imports no evaluation module of its own accord (the commands are imported
    when they run), yet must count the compiled ones a check would use."""
    out = _python("from smaudit.cli.app import main; main(['--version'])", pure=False)
    assert f"{len(COMPILED_HERE)} of {len(purepython.COMPILED)} evaluation modules" in out
