"""--output, read the same way by every command: which format goes to which file.

`FORMAT:FILE` names its format. A bare FILE takes the format its name says (`results.sarif`,
`feed.json`, `summary.md`; the table in `SUFFIXES`), or the --format given on the command line
when one was given: the file name never overrides what the user typed. A bare FILE whose name
says nothing, with no --format given, is refused with the choices: writing the text table into
`results.sarif` and letting `upload-sarif` reject it later is what this rule exists to prevent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import click

from smaudit.cli.output import same_file
from smaudit.formats.registry import SUFFIXES
from smaudit.safety.terminal import display_path

Target = tuple[str, Path | None]
"""A format's name and the file it goes to; None is the terminal."""


def output_targets(outputs: Sequence[str], fmt: str, formats: Mapping[str, object]) -> list[Target]:
    """Each (format, file) to write, in the order given, from --output values; the --format
    report goes to the terminal too unless some --output is a bare FILE."""
    fmt_given = _format_given()
    targets: list[Target] = []
    bare = False
    for value in outputs:
        name, colon, rest = value.partition(":")
        if colon and name in formats:
            targets.append((name, Path(rest)))
        elif colon and len(name) > 1 and "/" not in name and "." not in name:
            # `foo:out` is a misspelt format; `C:\out` (one letter) and `./a:b` are file names
            raise click.BadParameter(
                f"unknown format {name!r} in {value!r} (known: {', '.join(formats)})",
                param_hint="--output",
            )
        else:
            targets.append((fmt if fmt_given else _named_format(value, formats), Path(value)))
            bare = True
    for _, path in targets:
        if path is not None:
            _check_writable(path)
    return targets if bare else [(fmt, None), *targets]


def _format_given() -> bool:
    """Whether the user typed --format, rather than taking its default."""
    ctx = click.get_current_context(silent=True)
    if ctx is None or "fmt" not in ctx.params:
        return False
    return ctx.get_parameter_source("fmt") is not click.core.ParameterSource.DEFAULT


def _named_format(value: str, formats: Mapping[str, object]) -> str:
    """The format a bare file's name says, the longest known ending first
    (`results.sarif.json` is SARIF, not the JSON feed)."""
    name = Path(value).name.lower()
    for ending in sorted(SUFFIXES, key=len, reverse=True):
        if name.endswith(ending) and SUFFIXES[ending] in formats:
            return SUFFIXES[ending]
    known = ", ".join(f"{ending} ({fmt})" for ending, fmt in SUFFIXES.items() if fmt in formats)
    raise click.BadParameter(
        f"cannot tell the format of {value!r} from its name; write FORMAT:{value} (formats: "
        f"{', '.join(formats)}), give --format, or use a known ending: {known}",
        param_hint="--output",
    )


def refuse_overwriting_inputs(targets: Sequence[Target], inputs: Iterable[Path | None]) -> None:
    """An output written over one of the run's own inputs (an inventory, a control, the
    waivers) would destroy what was audited; refuse it before anything is read. (A baseline
    feed is the exception: it is read first, so `--baseline F --output json:F` rolls it on.)"""
    files = [
        found
        for path in inputs
        if path is not None
        for found in (path.rglob("*") if path.is_dir() else (path,))
    ]
    for _, target in targets:
        if target is not None and any(same_file(target, source) for source in files):
            raise click.BadParameter(
                f"{display_path(target)!r} is one of this run's inputs; write elsewhere",
                param_hint="--output",
            )


def _check_writable(path: Path) -> None:
    """Refuse a bad --output before the run, not after an hour of work."""
    if not str(path) or path.is_dir():
        raise click.BadParameter(f"{str(path)!r} is not a file name", param_hint="--output")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise click.BadParameter(f"folder {str(parent)!r} does not exist", param_hint="--output")
