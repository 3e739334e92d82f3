"""Builds smaudit's optional C reader, src/smaudit/reading/_speedups.c, into the wheel.

smaudit works without it, only slower to read large inventories (see reading/native.py). Where no
C compiler or no libyaml headers are found, the build says so (shown with `pip install -v`) and
goes on as pure Python; set SMAUDIT_PURE_PYTHON=1 to skip it on purpose.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

_SOURCE = "src/smaudit/reading/_speedups.c"


class SpeedupsBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self.scratch = Path(tempfile.mkdtemp(prefix="smaudit-build-"))
        pure = os.environ.get("SMAUDIT_PURE_PYTHON", "").strip().lower() not in ("", "0", "false")
        if self.target_name != "wheel" or pure:
            return
        root = Path(self.root)
        editable = version == "editable"
        # an editable install imports smaudit from src/, so the module is built beside its source
        output = root / "src" if editable else self.scratch / "lib"
        try:
            built = _build(root, output, self.scratch / "temp")
        except Exception as exc:  # a missing compiler or header shows as several error types
            self.app.display_warning(
                f"smaudit: the C reader was not built ({exc}); smaudit will work, reading large "
                "inventories more slowly. It needs a C compiler, Python's headers and libyaml's "
                "(Debian and Ubuntu: python3-dev libyaml-dev)."
            )
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if not editable:
            build_data["force_include"][str(built)] = f"smaudit/reading/{built.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)  # the wheel holds what it needs


def _build(root: Path, output: Path, temp: Path) -> Path:
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    extension = Extension("smaudit.reading._speedups", [str(root / _SOURCE)], libraries=["yaml"])
    command = build_ext(Distribution({"name": "smaudit", "ext_modules": [extension]}))
    command.build_lib = str(output)
    command.build_temp = str(temp)
    command.ensure_finalized()
    command.run()
    return Path(command.get_ext_fullpath("smaudit.reading._speedups"))
