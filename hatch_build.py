"""Builds smaudit's optional compiled parts into the wheel: the C reader
(src/smaudit/reading/_speedups.c) and the hot modules of evaluation, compiled by Cython from
their own Python source (smaudit/purepython.py lists them). It also writes down detect-secrets'
shapes (smaudit/safety/detected.py), so that a run need not import detect-secrets to learn them.

smaudit works without them, only slower on large inventories. Where no C compiler (or, for the
C reader, no libyaml headers) is found, the build says so (shown with `pip install -v`) and goes
on as pure Python; set SMAUDIT_PURE_PYTHON=1 to skip both on purpose. An editable install
(`pip install -e`) builds the C reader beside its source but not the compiled modules: Python
would import those instead of the source being edited.
"""

from __future__ import annotations

import importlib.util
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
        root = Path(self.root)
        if self.target_name != "wheel":
            return
        editable = version == "editable"
        # an editable install imports smaudit from src/, so the module is built beside its source
        output = root / "src" if editable else self.scratch / "lib"
        # data, not code: written for the pure-Python build too
        shapes = self._write_detected_shapes(root, output)
        if shapes is not None and not editable:
            build_data["force_include"][str(shapes)] = str(shapes.relative_to(output))
        if _purepython(root).pure_python():
            return
        built: list[Path] = []
        try:
            built.append(_build_reader(root, output, self.scratch / "temp"))
        except Exception as exc:  # a missing compiler or header shows as several error types
            self.app.display_warning(
                f"smaudit: the C reader was not built ({exc}); smaudit will work, reading large "
                "inventories more slowly. It needs a C compiler, Python's headers and libyaml's "
                "(Debian and Ubuntu: python3-dev libyaml-dev)."
            )
        if not editable:
            try:
                built += _compile_modules(root, output, self.scratch / "temp")
            except Exception as exc:  # no compiler, or Cython refused: the source is used
                self.app.display_warning(
                    f"smaudit: the evaluation modules were not compiled ({exc}); smaudit will "
                    "work, evaluating large inventories more slowly. It needs a C compiler and "
                    "Python's headers (Debian and Ubuntu: python3-dev)."
                )
        if not built:
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        for path in [] if editable else built:
            build_data["force_include"][str(path)] = str(path.relative_to(output))

    def _write_detected_shapes(self, root: Path, output: Path) -> Path | None:
        """detect-secrets' shapes, written down once so that a run need not import it to read
        them again (smaudit/safety/detected.py says when a run uses them)."""
        try:
            detected = _load(root, "safety/detected.py")
            path = output / "smaudit" / "safety" / detected.SNAPSHOT.name
            path.parent.mkdir(parents=True, exist_ok=True)
            detected.write_snapshot(path)
            return path
        except Exception as exc:  # any failure only costs the runs the time to read them
            self.app.display_warning(
                f"smaudit: detect-secrets' shapes were not written down ({exc}); each run will "
                "read them from detect-secrets, about 0.16 s slower."
            )
            return None

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)  # the wheel holds what it needs


def _build_reader(root: Path, output: Path, temp: Path) -> Path:
    from setuptools import Extension

    extension = Extension("smaudit.reading._speedups", [str(root / _SOURCE)], libraries=["yaml"])
    return _build([extension], output, temp)[0]


def _compile_modules(root: Path, output: Path, temp: Path) -> list[Path]:
    from Cython.Build import cythonize
    from setuptools import Extension

    modules = tuple(_purepython(root).COMPILED)
    # stripped of debugging symbols, which made the modules five times their size (a 4.8 MB
    # wheel): a traceback shows the Python source beside each module anyway
    strip = ["-s"] if os.name == "posix" else []
    source = {name: str(root / "src" / (name.replace(".", "/") + ".py")) for name in modules}
    extensions = [Extension(name, [source[name]], extra_link_args=strip) for name in modules]
    # binding: compiled functions keep their signatures and docstrings, as the source's have
    directives = {"language_level": 3, "binding": True}
    compiled = cythonize(
        extensions, build_dir=str(temp / "cython"), compiler_directives=directives, quiet=True
    )
    return _build(compiled, output, temp)


def _purepython(root: Path) -> Any:
    """smaudit/purepython.py, the one place that lists the compiled modules and reads
    SMAUDIT_PURE_PYTHON."""
    return _load(root, "purepython.py")


def _load(root: Path, name: str) -> Any:
    """A module of smaudit that imports only the standard library, loaded by its path, since
    smaudit is not installed yet: purepython.py, or safety/detected.py."""
    spec = importlib.util.spec_from_file_location(
        f"smaudit_build_{Path(name).stem}", root / "src/smaudit" / name
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _build(extensions: list[Any], output: Path, temp: Path) -> list[Path]:
    from setuptools import Distribution
    from setuptools.command.build_ext import build_ext

    command = build_ext(Distribution({"name": "smaudit", "ext_modules": extensions}))
    command.build_lib = str(output)
    command.build_temp = str(temp)
    command.parallel = os.cpu_count() or 1  # a module per core
    command.ensure_finalized()
    command.run()
    return [Path(command.get_ext_fullpath(extension.name)) for extension in extensions]
