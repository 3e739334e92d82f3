"""SMAUDIT_PURE_PYTHON: run the pure-Python reference code where a compiled module exists."""

from __future__ import annotations

import os


def pure_python() -> bool:
    """Whether SMAUDIT_PURE_PYTHON asks for the pure-Python modules: at install time it skips
    building the compiled ones (hatch_build.py); at run time it leaves built ones unused, so
    that the fast and the reference paths can be compared on the same installation."""
    return os.environ.get("SMAUDIT_PURE_PYTHON", "").strip().lower() not in ("", "0", "false")
