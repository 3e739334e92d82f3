"""The action's install step: a venv of the action's own under RUNNER_TEMP, with smaudit
installed into it from the action's checkout, so the ref a workflow pinned is what runs; its
python and smaudit commands are the step's outputs. Standard library only: smaudit is not
there yet."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from workflow import USAGE_OR_INPUT, InputProblem, boolean, workflow_command, write_outputs

ACTION_ROOT = Path(__file__).resolve().parents[2]


def install(env: Mapping[str, str]) -> int:
    """A venv of the action's own under RUNNER_TEMP, smaudit installed into it from this
    checkout (reused by a second use of the same action in the job). SMAUDIT_ACTION_PYTHON
    names a Python that already has smaudit instead: the tests' shortcut."""
    given = env.get("SMAUDIT_ACTION_PYTHON")
    if given:
        python = Path(given)
    else:
        key = hashlib.sha256(str(ACTION_ROOT).encode()).hexdigest()[:12]
        venv = Path(env.get("RUNNER_TEMP") or tempfile.gettempdir()) / f"smaudit-action-{key}"
        python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        if not _has_smaudit(python):  # else a second use in the job: installed already
            compiled = boolean("compile", env.get("INPUT_COMPILE", "").strip() or "false")
            _build_venv(venv, python, compiled, env)
    subprocess.run([str(python), "-m", "smaudit", "--version"], check=True)
    script = python.with_name("smaudit.exe" if os.name == "nt" else "smaudit")
    write_outputs(env.get("GITHUB_OUTPUT"), {"python": str(python), "smaudit": str(script)})
    return 0


def _has_smaudit(python: Path) -> bool:
    if not python.is_file():
        return False
    found = subprocess.run([str(python), "-c", "import smaudit"], capture_output=True, check=False)
    return found.returncode == 0


def _build_venv(venv: Path, python: Path, compiled: bool, env: Mapping[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip_env = dict(env)
    if not compiled:  # hatch_build.py: no compiler run, a minute less on a small runner
        pip_env["SMAUDIT_PURE_PYTHON"] = "1"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--no-input", str(ACTION_ROOT)], check=True, env=pip_env)


def main() -> int:
    try:
        return install(os.environ)
    except InputProblem as problem:
        workflow_command("error", f"smaudit action input: {problem}")
        return USAGE_OR_INPUT


if __name__ == "__main__":
    sys.exit(main())
