"""The command line: parse options, build the parts, run, map the report to an exit code.

Each command lives with its kind: init.py, check.py, validate.py, catalogue.py (controls,
schema), runs.py (diff, history), importing.py (import), reconcile.py, todo.py, completion.py;
support.py holds what they share.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Sequence

import click

from smaudit import __version__
from smaudit.cli.process import escaped_stderr, stopping_signals
from smaudit.cli.strict import Group
from smaudit.purepython import COMPILED, compiled_in_use, pure_python
from smaudit.reading import native

COMMANDS = {
    "init": "smaudit.cli.init:init",
    "check": "smaudit.cli.check:check",
    "validate": "smaudit.cli.validate:validate",
    "controls": "smaudit.cli.catalogue:controls",
    "schema": "smaudit.cli.catalogue:schema",
    "diff": "smaudit.cli.runs:diff",
    "history": "smaudit.cli.runs:history_command",
    "import": "smaudit.cli.importing:import_group",
    "reconcile": "smaudit.cli.reconcile:reconcile_command",
    "todo": "smaudit.cli.todo:todo",
    "completion": "smaudit.cli.completion:completion",
}
"""Each command by name, and where it is defined: a module is imported only when its command
runs (or help lists it), so `smaudit check` does not pay for the importers' and the other
commands' imports at every start (with the formats imported as they are written, the sample
check took 0.54 s instead of 0.70 s)."""


class _Commands(Group):
    """The commands of COMMANDS, imported on first use (click's documented lazy loading)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, _, name = COMMANDS[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), name)
            if command.name != cmd_name:  # cannot happen: COMMANDS is checked by a test
                raise AssertionError(f"{COMMANDS[cmd_name]} is named {command.name}")
            self.add_command(command)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _param, value: _print_version(ctx) if value else None,
    help="Show the version of smaudit and of its shipped catalogue, and exit.",
)
def cli() -> None:
    """Audit government social media accounts against declarative security controls.

    \b
    Exit codes: 0 clean; 1 failures at or above --fail-on; 2 usage or input error;
    3 nothing failed but some controls could not be evaluated; 4 internal error.
    """


def _print_version(ctx: click.Context) -> None:
    """Both versions: a finding is the verdict of one catalogue, so an assessor records it."""
    from smaudit.catalogue.load import load_catalogue  # only here: see COMMANDS

    catalogue = load_catalogue()
    click.echo(
        f"smaudit, version {__version__}\ncatalogue, version {catalogue.version} "
        f"({len(catalogue.controls)} controls)\n{_build_line()}"
    )
    ctx.exit()


def _build_line() -> str:
    """Which compiled parts a check uses: a figure measured elsewhere is read beside it."""
    for name in COMPILED:  # the evaluation's modules, which --version alone does not import
        importlib.import_module(name)
    compiled = len(compiled_in_use())
    parts = [f"{compiled} of {len(COMPILED)} evaluation modules compiled"]
    parts.append("the C reader" if native.is_built() else "no C reader")
    return f"build: {', '.join(parts)}" + (" (SMAUDIT_PURE_PYTHON)" if pure_python() else "")


def main(argv: Sequence[str] | None = None) -> None:
    # One command, then the process exits: what it builds (an inventory, its findings, the
    # documents) holds no reference cycles, so the cyclic collector would only rescan millions
    # of live objects over and over (measured: a quarter of a 10,000-account check). Memory is
    # still freed as each object goes, by reference counting.
    gc.disable()
    # click's own messages (a bad option, a path it refuses) are escaped too; signals that stop
    # the run unwind it, so temporary files go (see process.py)
    with stopping_signals(), escaped_stderr():
        cli.main(args=list(argv) if argv is not None else None, prog_name="smaudit")
