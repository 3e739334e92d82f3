"""What the command modules share: the error guard, the --fail-on choices, --output parsing."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from smaudit.errors import InputError
from smaudit.exitcodes import ExitCode
from smaudit.formats import FORMATS
from smaudit.model import Severity
from smaudit.yamlio import Limits

F = TypeVar("F", bound=Callable[..., Any])
FAIL_ON = [s.value for s in reversed(Severity)]


def guarded(command: F) -> F:
    """Input errors become one line per problem and exit 2; a bug exits 4, not a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            for problem in exc.problems:
                click.echo(f"error: {problem}", err=True)
            sys.exit(ExitCode.USAGE_OR_INPUT)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(ExitCode.USAGE_OR_INPUT)
        except Exception as exc:
            if os.environ.get("SMAUDIT_DEBUG"):
                raise
            click.echo(
                f"smaudit: internal error ({type(exc).__name__}: {exc}); please report "
                "it, and rerun with SMAUDIT_DEBUG=1 for details",
                err=True,
            )
            sys.exit(ExitCode.INTERNAL)

    return wrapper  # type: ignore[return-value]


def output_targets(outputs: Sequence[str], fmt: str) -> list[tuple[str, Path | None]]:
    """Each (format, file) to write; file None is the terminal. `sarif:out.sarif` names its
    format; a bare file takes --format, and then nothing else goes to the terminal."""
    targets: list[tuple[str, Path | None]] = []
    bare = False
    for value in outputs:
        name, colon, rest = value.partition(":")
        if colon and name in FORMATS:
            targets.append((name, Path(rest)))
        elif colon and len(name) > 1 and "/" not in name and "." not in name:
            raise click.BadParameter(
                f"unknown format {name!r} in {value!r} (known: {', '.join(FORMATS)})",
                param_hint="--output",
            )
        else:
            targets.append((fmt, Path(value)))
            bare = True
    return targets if bare else [(fmt, None), *targets]


def limit_options(command: F) -> F:
    """--max-file-size, --max-depth, --max-nodes: bounds on what reading one file may cost."""
    defaults = Limits()
    for flag, field, text in (
        ("--max-depth", "max_depth", "Deepest nesting accepted in an input file."),
        ("--max-nodes", "max_nodes", "Most values one input file may expand to."),
        ("--max-file-size", "max_bytes", "Largest input file accepted, in bytes."),
    ):
        command = click.option(
            flag,
            field,
            type=click.IntRange(min=1),
            default=getattr(defaults, field),
            show_default=True,
            help=text,
        )(command)
    return command


def limits(max_bytes: int, max_depth: int, max_nodes: int) -> Limits:
    return Limits(max_bytes=max_bytes, max_depth=max_depth, max_nodes=max_nodes)
