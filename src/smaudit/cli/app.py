"""The command line: parse options, build the parts, run, map the report to an exit code.

Each command lives with its kind: init.py, check.py, validate.py, catalogue.py (controls,
schema), runs.py (diff, history), importing.py (import), reconcile.py, todo.py, completion.py;
support.py holds what they share.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence

import click

from smaudit import __version__
from smaudit.catalogue.load import load_catalogue
from smaudit.cli.catalogue import controls, schema
from smaudit.cli.check import check
from smaudit.cli.completion import completion
from smaudit.cli.importing import import_group
from smaudit.cli.init import init
from smaudit.cli.process import escaped_stderr, stopping_signals
from smaudit.cli.reconcile import reconcile_command
from smaudit.cli.runs import diff, history_command
from smaudit.cli.strict import Group
from smaudit.cli.todo import todo
from smaudit.cli.validate import validate
from smaudit.purepython import COMPILED, compiled_in_use, pure_python
from smaudit.reading import native


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
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
    catalogue = load_catalogue()
    click.echo(
        f"smaudit, version {__version__}\ncatalogue, version {catalogue.version} "
        f"({len(catalogue.controls)} controls)\n{_build_line()}"
    )
    ctx.exit()


def _build_line() -> str:
    """Which compiled parts this run uses: a figure measured elsewhere is read beside it."""
    compiled = len(compiled_in_use())
    parts = [f"{compiled} of {len(COMPILED)} evaluation modules compiled"]
    parts.append("the C reader" if native.is_built() else "no C reader")
    return f"build: {', '.join(parts)}" + (" (SMAUDIT_PURE_PYTHON)" if pure_python() else "")


for _command in (
    init,
    check,
    validate,
    controls,
    schema,
    diff,
    history_command,
    import_group,
    reconcile_command,
    todo,
    completion,
):
    cli.add_command(_command)


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
