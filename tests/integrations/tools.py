"""The outside tools the integration tests drive, found as CI installs them: pre-commit and
check-jsonschema (both from PyPI, in a venv of their own: .ci/run). Absent on a developer
machine, a test is skipped with the command that installs the tool; where CI sets
SMAUDIT_EXPECT_<TOOL>=1, an absent tool fails instead."""

from __future__ import annotations

import os
import shutil

import pytest


def tool(name: str) -> str:
    """`name`'s executable: SMAUDIT_<NAME> if set (CI's own venv of tools), else on PATH."""
    variable = name.upper().replace("-", "_")
    found = os.environ.get(f"SMAUDIT_{variable}") or shutil.which(name)
    if found:
        return found
    if os.environ.get(f"SMAUDIT_EXPECT_{variable}") == "1":
        pytest.fail(f"{name} is not installed, and SMAUDIT_EXPECT_{variable}=1 requires it")
    pytest.skip(f"{name} is not installed: pip install {name} (PyPI), or set SMAUDIT_{variable}")
