"""The Dockerfile: its build context holds what the wheel is built from and nothing else, and,
where a container runtime works, the image builds and runs `init` and `check` as non-root."""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

IMAGE = "smaudit-test:latest"


def _patterns() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _admitted(relative: str) -> bool:
    """Whether Docker sends `relative` in the build context: the last pattern that matches the
    path or a folder above it decides, a `!` one admitting it. Enough of Docker's rules for
    the patterns .dockerignore uses: `**/NAME` matches NAME at any depth."""
    parts = relative.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    admitted = True
    for pattern in _patterns():
        body = pattern.removeprefix("!")
        if any(_matches(body, prefix) for prefix in prefixes):
            admitted = pattern.startswith("!")
    return admitted


def _matches(pattern: str, path: str) -> bool:
    if pattern.startswith("**/"):
        return fnmatch.fnmatchcase(path.rsplit("/", 1)[-1], pattern.removeprefix("**/"))
    return fnmatch.fnmatchcase(path, pattern)


def _build_inputs() -> list[str]:
    """What the wheel build reads, by pyproject.toml: its readme, build hook, packages and the
    catalogue it ships."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = project["tool"]["hatch"]["build"]["targets"]["wheel"]
    return [
        "pyproject.toml",
        "hatch_build.py",
        project["project"]["readme"],
        *wheel["packages"],
        *wheel["force-include"],
        "src/smaudit/starter/templates/smaudit-inventory.yaml",
        "controls/IA/SM-IA-01.yaml",
    ]


@pytest.mark.parametrize("path", _build_inputs())
def test_the_context_holds_what_the_wheel_is_built_from(path: str) -> None:
    assert (ROOT / path).exists() and _admitted(path), path


@pytest.mark.parametrize(
    "path",
    [
        "sample_accounts/agency.yaml",
        "tests/conftest.py",
        ".git/config",
        "inventory.yaml",
        "history.sqlite",
        "src/smaudit/__pycache__/app.cpython-312.pyc",
        "src/smaudit/reading/_speedups.cpython-312-x86_64-linux-gnu.so",
    ],
)
def test_the_context_leaves_out_inventories_tests_and_builds(path: str) -> None:
    assert not _admitted(path), path


def test_the_image_runs_smaudit_as_an_unprivileged_user() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    final = text.rsplit("\nFROM ", 1)[1]
    assert "\nUSER smaudit\n" in final and 'ENTRYPOINT ["smaudit"]' in final


def _docker() -> str:
    """docker, with a daemon that answers; else a skip giving docker's own reason."""
    docker = shutil.which("docker")
    reason = "docker is not installed"
    if docker is not None:
        info = subprocess.run([docker, "info"], capture_output=True, text=True, timeout=60)
        if info.returncode == 0:
            return docker
        reason = "`docker info` failed: " + (info.stderr.strip().splitlines() or ["?"])[-1]
    if os.environ.get("SMAUDIT_EXPECT_DOCKER"):
        pytest.fail(f"{reason}, and SMAUDIT_EXPECT_DOCKER is set")
    pytest.skip(reason)


def test_the_image_builds_and_checks_a_starter_inventory(tmp_path: Path) -> None:
    docker = _docker()
    build = subprocess.run(
        [docker, "build", "--quiet", "-t", IMAGE, str(ROOT)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if build.returncode and "pull" in build.stderr and not os.environ.get("SMAUDIT_EXPECT_DOCKER"):
        pytest.skip(f"the base image could not be pulled: {build.stderr.strip()[-300:]}")
    assert build.returncode == 0, build.stderr
    work = tmp_path / "work"
    work.mkdir(mode=0o777)
    work.chmod(0o777)  # the image's user (uid 10001) writes the starter here
    run = [docker, "run", "--rm", "-v", f"{work}:/work", IMAGE]
    assert subprocess.run([*run, "init"], timeout=300).returncode == 0
    checked = subprocess.run([*run, "check", "."], capture_output=True, text=True, timeout=300)
    assert checked.returncode in (1, 3), checked.stderr  # a report, not an input error
    whoami = subprocess.run(
        [docker, "run", "--rm", "--entrypoint", "id", IMAGE, "-u"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert whoami.stdout.strip() == "10001"
