"""The command group: each command is found by its name and imported only when it runs."""

from __future__ import annotations

import subprocess
import sys

import click

from smaudit.cli.app import COMMANDS, cli


def test_every_command_is_found_under_its_own_name() -> None:
    ctx = click.Context(cli)
    assert cli.list_commands(ctx) == sorted(COMMANDS)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None and command.name == name
    assert cli.get_command(ctx, "no-such-command") is None


def test_a_command_does_not_import_the_others() -> None:
    """`smaudit check` is what CI runs on every push: its start-up leaves the importers and the
    other commands' modules alone."""
    probe = (
        "import sys\n"
        "from smaudit.cli.app import cli\n"
        "cli.main(['check', '--help'], prog_name='smaudit', standalone_mode=False)\n"
        "print(sorted(m for m in sys.modules if m.startswith('smaudit.cli.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    loaded = result.stdout.strip().splitlines()[-1]
    for other in ("importing", "reconcile", "todo", "init", "validate"):
        assert f"'smaudit.cli.{other}'" not in loaded
    assert "'smaudit.cli.check'" in loaded
