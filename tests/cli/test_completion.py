"""`smaudit completion`: the script for each shell, and what TAB offers, asked of a real bash
(and fish) the way a user's shell asks, as well as through click's completion API."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete, get_completion_class
from click.testing import CliRunner

from smaudit.cli.app import cli
from smaudit.cli.completion import COMPLETE_VAR
from smaudit.formats import FORMATS

PROFILES = ["gsa-2015", "isimc-2009", "modern"]


def _shell(name: str) -> str:
    """The shell's path, or a skip; in CI (.ci/run installs them) a missing one fails."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("SMAUDIT_EXPECT_SHELLS"):
            pytest.fail(f"{name} is absent, and SMAUDIT_EXPECT_SHELLS is set")
        pytest.skip(f"{name} is not installed (Debian: apt-get install {name})")
    return path


@pytest.fixture
def on_path(tmp_path: Path) -> dict[str, str]:
    """An environment whose `smaudit` is this interpreter's, as the script calls it at TAB."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "smaudit"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m smaudit "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}


def _script(shell: str) -> str:
    result = CliRunner().invoke(cli, ["completion", shell])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    return result.stdout


def _bash_tab(env: dict[str, str], tmp_path: Path, *words: str) -> list[str]:
    """What bash offers for the last of `words`, through the script's completion function."""
    script = tmp_path / "smaudit.bash"
    script.write_text(_script("bash"), encoding="utf-8")
    quoted = " ".join(f"'{w}'" for w in ("smaudit", *words))
    program = (
        f'source "{script}"\nCOMP_WORDS=({quoted})\nCOMP_CWORD={len(words)}\n'
        '_smaudit_completion smaudit\nprintf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(
        [_shell("bash"), "--norc", "-c", program],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.split()


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (("ch",), ["check"]),
        (("check", "--format", ""), list(FORMATS)),
        (("check", "--profile", ""), PROFILES),
        (("check", "--profile", "gsa"), ["gsa-2015"]),
        (("controls", "list", "--profile", "mo"), ["modern"]),
        (("init", "--ci", ""), ["none", "github", "gitlab"]),
        (("completion", ""), ["bash", "zsh", "fish"]),
    ],
)
def test_bash_completes_commands_formats_and_profiles(
    on_path: dict[str, str], tmp_path: Path, words: tuple[str, ...], expected: list[str]
) -> None:
    assert _bash_tab(on_path, tmp_path, *words) == expected


def _complete(args: list[str], incomplete: str) -> list[tuple[str, str]]:
    complete_class = get_completion_class("bash")
    assert complete_class is not None
    complete: ShellComplete = complete_class(cli, {}, "smaudit", COMPLETE_VAR)
    return [(item.type, item.value) for item in complete.get_completions(args, incomplete)]


def test_a_profile_that_is_no_shipped_name_completes_as_a_path() -> None:
    assert _complete(["check", "--profile"], "./agency") == [("file", "./agency")]
    assert _complete(["check", "--profile"], "") == [("plain", name) for name in PROFILES]


def test_zsh_script_is_valid_zsh() -> None:
    script = _script("zsh")
    assert f"{COMPLETE_VAR}=zsh_complete" in script and "compdef" in script
    subprocess.run([_shell("zsh"), "-n"], input=script, text=True, timeout=60, check=True)


def test_fish_script_is_valid_fish_and_completes(on_path: dict[str, str], tmp_path: Path) -> None:
    script = tmp_path / "smaudit.fish"
    script.write_text(_script("fish"), encoding="utf-8")
    fish = _shell("fish")
    subprocess.run([fish, "-n", str(script)], timeout=60, check=True)
    asked = f'source "{script}"; complete -C "smaudit check --profile "'
    result = subprocess.run(
        [fish, "--no-config", "-c", asked],
        env=on_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == PROFILES


def test_an_unknown_shell_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["completion", "tcsh"])
    assert result.exit_code == 2 and "bash" in result.output
