"""The layout docs/architecture.md states: imports point one way, no cycles, short modules,
and a docstring for every package."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "smaudit"
DOC = ROOT / "docs" / "architecture.md"
LONGEST = 330  # "about 300 lines": a module past this has grown two jobs


def _layers() -> list[str]:
    """The packages in the order of the document's import table (`| `name` | ... |` rows)."""
    section = DOC.read_text(encoding="utf-8").split("## Which way imports point", 1)[1]
    return re.findall(r"^\| `([a-z_]+)` \|", section.split("\n## ", 1)[0], re.M)


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path


def _imports(name: str, path: Path) -> Iterator[str]:
    """The smaudit modules `name` imports (a name imported from a package may be a module)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "smaudit" or node.module.startswith("smaudit."):
                yield node.module
                yield from (f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("smaudit."))


def _unit(module: str) -> str:
    """The top-level package or module of smaudit a module belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


MODULES = dict(_modules())
LAYERS = _layers()


def test_the_document_lists_every_package_once() -> None:
    units = {_unit(name) for name in MODULES} - {"", "__main__"}
    assert len(LAYERS) == len(set(LAYERS))
    assert set(LAYERS) == units


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_point_only_to_earlier_stages(name: str) -> None:
    unit = _unit(name)
    if unit in ("", "__main__"):
        return  # the package itself (its version) and `python -m smaudit`
    rank = LAYERS.index(unit)
    upwards = sorted(
        target
        for target in _imports(name, MODULES[name])
        if target in MODULES
        and _unit(target) not in ("", unit)
        and LAYERS.index(_unit(target)) > rank
    )
    assert not upwards, f"{name} imports a later stage: {upwards} (docs/architecture.md)"


def test_no_import_cycles() -> None:
    graph = {
        name: {t for t in _imports(name, path) if t in MODULES and t != name}
        for name, path in MODULES.items()
    }
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in trail:
            cycle = trail[trail.index(name) :]
            # a package importing its own submodules is how __init__ re-exports: not a cycle
            if not all(m == cycle[0] or m.startswith(cycle[0] + ".") for m in cycle):
                pytest.fail(f"import cycle: {' -> '.join((*cycle, name))}")
            return
        if name in done:
            return
        for target in sorted(graph[name]):
            visit(target, (*trail, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_short(name: str) -> None:
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= LONGEST, f"{name} has {lines} lines: split it by responsibility"


@pytest.mark.parametrize("name", sorted(n for n, p in MODULES.items() if p.name == "__init__.py"))
def test_every_package_says_what_it_does_in_one_line(name: str) -> None:
    docstring = ast.get_docstring(ast.parse(MODULES[name].read_text(encoding="utf-8")))
    assert docstring and "\n" not in docstring, f"{name}: a one-line docstring"
