"""What the command modules share: the error guard, the report and limit options, the gate."""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from smaudit.cli.completion import complete_profile
from smaudit.cli.process import Terminated, escaped_stderr, interrupted_code, quiet_stdout
from smaudit.errors import InputError
from smaudit.exitcodes import ExitCode, Gate
from smaudit.formats import FORMATS
from smaudit.formats.findings.groups import GROUP_BY
from smaudit.model import Inventory, Severity
from smaudit.reading.limits import DEEPEST, Limits
from smaudit.safety.terminal import display_path

F = TypeVar("F", bound=Callable[..., Any])
D = TypeVar("D")
FAIL_ON = [s.value for s in reversed(Severity)]
NEVER = "never"


def gate(fail_on: str, fail_on_not_assessed: str | None, expired_waivers: bool = False) -> Gate:
    """The exit-code thresholds from --fail-on, --fail-on-not-assessed (default: as --fail-on)
    and --fail-on-expired-waivers."""
    not_assessed = fail_on_not_assessed or fail_on
    return Gate(
        Severity(fail_on),
        None if not_assessed == NEVER else Severity(not_assessed),
        expired_waivers,
    )


def guarded(command: F) -> F:
    """Input errors become one line per problem and exit 2; a bug exits 4, not a traceback; an
    interruption exits as a shell expects (see process.py). All that reaches stderr meanwhile is
    escaped for the terminal."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with escaped_stderr():
            return _run_guarded(command, args, kwargs)

    return wrapper  # type: ignore[return-value]


def _run_guarded(command: Callable[..., Any], args: Any, kwargs: Any) -> Any:
    try:
        return command(*args, **kwargs)
    except InputError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(ExitCode.USAGE_OR_INPUT)
    except (click.exceptions.Exit, click.ClickException, SystemExit):
        raise
    except BrokenPipeError:  # the reader of stdout went away (`| head`): stop, as tools do
        quiet_stdout()
        sys.exit(interrupted_code(BrokenPipeError()))
    except (KeyboardInterrupt, Terminated) as exc:
        click.echo("interrupted", err=True)
        sys.exit(interrupted_code(exc))
    except OSError as exc:  # a path the system refuses (too long, say): the input's fault
        name = display_path(exc.filename) if exc.filename is not None else "smaudit"
        click.echo(f"error: {name}: {exc.strerror or exc}", err=True)
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


_LIMIT_OPTIONS = (
    ("--max-evaluations", "max_evaluations", "Most account x control evaluations in a run.", None),
    (
        "--max-total-size",
        "max_total_bytes",
        "Most bytes all input files of a run may add up to.",
        None,
    ),
    ("--max-depth", "max_depth", "Deepest nesting accepted in an input file.", DEEPEST),
    ("--max-nodes", "max_nodes", "Most values all input files of a run may expand to.", None),
    ("--max-file-size", "max_bytes", "Largest input file accepted, in bytes.", None),
)


def limit_options(command: F) -> F:
    """The --max-... options: bounds on what reading a file and a run may cost (SECURITY.md),
    given to the command as one `limits: Limits`."""
    defaults = Limits()

    @functools.wraps(command)
    def with_limits(*args: Any, **kwargs: Any) -> Any:
        values = {field: kwargs.pop(field) for _, field, _, _ in _LIMIT_OPTIONS}
        return command(*args, limits=Limits(**values), **kwargs)

    wrapped: Any = with_limits
    for flag, field, text, most in _LIMIT_OPTIONS:
        wrapped = click.option(
            flag,
            field,
            type=click.IntRange(min=1, max=most),
            default=getattr(defaults, field),
            show_default=True,
            help=text,
        )(wrapped)
    return wrapped  # type: ignore[no-any-return]


def parse_as_of(
    _ctx: click.Context | None, _param: click.Parameter | None, value: str | None
) -> dt.date:
    """--as-of: a date (default today, UTC), within the years an inventory can speak of."""
    if value is None:
        return dt.datetime.now(dt.UTC).date()
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date like 2026-11-20, got {value!r}") from None
    if not 1970 <= day.year <= 9000:
        raise click.BadParameter(f"{value} is outside the years 1970 to 9000")
    return day


def profile_options(command: F) -> F:
    """--profile and --as-of: which controls run, and the date ages are computed against; the
    same for every command that runs the catalogue's controls (check, todo)."""
    command = click.option(
        "--as-of",
        callback=parse_as_of,
        metavar="DATE",
        help="Date that ages are computed against (default: today, UTC).",
    )(command)
    return click.option(
        "--profile",
        shell_complete=complete_profile,
        help="Profile name (modern, gsa-2015, isimc-2009) or a profile file. Default: modern.",
    )(command)


def add_controls_option(help_text: str) -> Callable[[F], F]:
    """--add-controls DIR (repeatable): the agency's own controls beside the catalogue."""
    return click.option(
        "--add-controls",
        "added_controls",
        multiple=True,
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        metavar="DIR",
        help=help_text,
    )


def note_skipped(inventory: Inventory) -> None:
    """Say which files of the inventory's folders were left out, and why, on stderr: a file
    left out silently could be an inventory someone mistyped."""
    for skipped in inventory.skipped:
        click.echo(f"note: skipped {skipped.path}: {skipped.reason}", err=True)


def refuse_group_by(group_by: str | None, targets: Sequence[tuple[str, Path | None]]) -> None:
    """--group-by shapes the table and the Markdown; with no such output it would do nothing,
    which a user who typed it should hear (exit 2) rather than find out from the report."""
    if group_by is None or any(FORMATS[name].groups for name, _ in targets):
        return
    *first, last = (name for name, chosen in FORMATS.items() if chosen.groups)
    grouping = f"{', '.join(first)} and {last}" if first else last
    written = ", ".join(sorted({name for name, _ in targets}))
    raise click.UsageError(
        f"--group-by applies to the {grouping} formats only, and this run writes {written}; "
        "the json feed and csv carry each account's office, owner, platform and tier to group by"
    )


def source_root(given: Path | None, inventory: Path) -> Path | None:
    """--source-root, else the nearest folder around `inventory` that holds `.git` (a folder,
    or a file in a git worktree or submodule), else None: no repository to be relative to."""
    if given is not None:
        return given.resolve()
    start = inventory.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def report_options(command: F) -> F:
    """--format, --output, --fail-on, --include-passed, --show-personal-data, --source-root,
    --group-by, --per-account-metrics, --summary and --details: how a report is written and
    gated, the same for every command that produces one."""
    for option in reversed(
        (
            click.option(
                "--format",
                "fmt",
                type=click.Choice(list(FORMATS)),
                default="table",
                show_default=True,
            ),
            click.option(
                "--output",
                "outputs",
                multiple=True,
                metavar="[FORMAT:]FILE",
                help="Write a report to FILE (atomically): in FORMAT if given "
                "(sarif:out.json), else in --format if given, else in the format the file's "
                "name says (results.sarif, feed.json, report.md, findings.csv, ...). "
                "Repeatable; the --format report still goes to the terminal unless one --output "
                "has no FORMAT.",
            ),
            click.option(
                "--fail-on",
                type=click.Choice(FAIL_ON),
                default="low",
                show_default=True,
                help="Lowest severity of failure that makes the exit code 1.",
            ),
            click.option(
                "--fail-on-not-assessed",
                type=click.Choice([*FAIL_ON, NEVER]),
                help="Lowest severity of control that makes the exit code 3 when the inventory "
                "does not say enough to assess it; 'never' leaves not-assessed controls out of "
                "the exit code (they are still reported). Default: as --fail-on.",
            ),
            click.option(
                "--include-passed",
                is_flag=True,
                help="List passed and not-applicable evaluations with their evidence too.",
            ),
            click.option(
                "--show-personal-data",
                is_flag=True,
                help="Do not mask staff names and email addresses in the output.",
            ),
            click.option(
                "--source-root",
                "root_given",
                type=click.Path(exists=True, file_okay=False, path_type=Path),
                help="The repository the inventory is in: SARIF and OSCAL locations are written "
                "relative to it. Default: the git work tree around the first inventory file.",
            ),
            click.option(
                "--group-by",
                type=click.Choice(list(GROUP_BY)),
                help="table and markdown: list the findings under a heading per office, owner "
                "(masked as in messages), platform or tier, each with its counts; "
                "markdown-comment: a line per group.",
            ),
            click.option(
                "--per-account-metrics",
                is_flag=True,
                help="Prometheus: also write smaudit_account_compliant, one series per account "
                "(off by default: at 10,000 accounts that is 10,000 series).",
            ),
            click.option(
                "--summary",
                "table_view",
                flag_value="summary",
                help="The table: only the summary by control and severity (the default when the "
                "findings would not fit on the terminal's screen).",
            ),
            click.option(
                "--details",
                "table_view",
                flag_value="details",
                help="The table: every finding, however long (the default when they fit one "
                "screen, or when stdout is not a terminal).",
            ),
        )
    ):
        command = option(command)
    return command
