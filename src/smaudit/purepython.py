"""Compiled modules and the pure-Python reference: which is in use, and SMAUDIT_PURE_PYTHON.

Where `pip install` finds a C compiler, the hot modules of evaluation (COMPILED) are compiled
with Cython from their own Python source, unchanged (hatch_build.py), and the wheel holds both:
Python imports the compiled module first. The Python source stays the reference: tests hold
the two to the same output, byte for byte, and SMAUDIT_PURE_PYTHON=1 makes a run use the
source wherever a compiled module exists (and the C reader unused: reading/native.py).
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from pathlib import Path
from types import ModuleType

COMPILED = (
    "smaudit.rules.nodes",
    "smaudit.rules.logic",
    "smaudit.rules.fast",
    "smaudit.rules.paths",
    "smaudit.rules.quantifiers",
    "smaudit.rules.operators",
    "smaudit.rules.shapes",
    "smaudit.rules.templates",
    "smaudit.assessment.engine",
    "smaudit.assessment.scope",
    "smaudit.assessment.wording",
    "smaudit.reading.marks",
)
"""The modules compiled where a compiler is found: the evaluation's inner loops (measured:
nearly all of evaluate's time at 10,000 accounts). hatch_build.py reads this list."""


def pure_python() -> bool:
    """Whether SMAUDIT_PURE_PYTHON asks for the pure-Python modules: at install time it skips
    building the compiled ones (hatch_build.py); at run time it leaves built ones unused, so
    that the fast and the reference paths can be compared on the same installation."""
    return os.environ.get("SMAUDIT_PURE_PYTHON", "").strip().lower() not in ("", "0", "false")


class _SourceFirst(MetaPathFinder):
    """Finds COMPILED modules' Python source where a compiled module sits beside it."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in COMPILED or path is None:
            return None
        for folder in path:
            source = Path(folder) / f"{fullname.rpartition('.')[2]}.py"
            if source.is_file():
                return importlib.util.spec_from_file_location(fullname, source)
        return None


def use_source_if_asked() -> None:
    """Under SMAUDIT_PURE_PYTHON, import COMPILED modules from their source: called by
    smaudit/__init__.py before any of them is imported."""
    if pure_python() and not any(isinstance(f, _SourceFirst) for f in sys.meta_path):
        sys.meta_path.insert(0, _SourceFirst())


def compiled_in_use() -> list[str]:
    """The COMPILED modules imported from a compiled file in this process."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    return [
        name
        for name in COMPILED
        if (module := sys.modules.get(name)) is not None
        and str(getattr(module, "__file__", "")).endswith(suffixes)
    ]
