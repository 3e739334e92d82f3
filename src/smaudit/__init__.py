"""smaudit: audit government social media accounts against declarative security controls."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from smaudit.purepython import use_source_if_asked

__version__ = "0.1.0"

use_source_if_asked()  # SMAUDIT_PURE_PYTHON: the reference source, not the compiled modules

# The library's entry points, named here whichever module holds them (README: "Using smaudit
# from Python"). Imported when first asked for, so that `smaudit --version` and every module
# that only needs the version do not load the whole pipeline.
_ENTRY_POINTS = {
    "load_inventory": "smaudit.inventory",
    "plan": "smaudit.assessment.planner",
    "evaluate": "smaudit.assessment.engine",
    "Options": "smaudit.assessment.engine",
    "FORMATS": "smaudit.formats",
    "RenderOptions": "smaudit.formats",
}

__all__ = [
    "FORMATS",
    "Options",
    "RenderOptions",
    "__version__",
    "evaluate",
    "load_inventory",
    "plan",
]

if TYPE_CHECKING:
    from smaudit.assessment.engine import Options, evaluate
    from smaudit.assessment.planner import plan
    from smaudit.formats import FORMATS, RenderOptions
    from smaudit.inventory import load_inventory


def __getattr__(name: str) -> Any:
    module = _ENTRY_POINTS.get(name)
    if module is None:
        raise AttributeError(f"module 'smaudit' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
