"""`smaudit init`: a starter inventory, waivers file, profile and CI job in a folder."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from smaudit.cli.strict import Command
from smaudit.cli.support import guarded
from smaudit.safety.terminal import display_path
from smaudit.starter import INVENTORY, PROFILE, STARTER, WAIVERS, Ci, StarterFile, starter_files
from smaudit.starter.writing import write_starter


@click.command("init", cls=Command)
@click.argument(
    "folder", default=".", type=click.Path(file_okay=False, path_type=Path), metavar="[DIR]"
)
@click.option(
    "--ci",
    type=click.Choice([ci.value for ci in Ci]),
    default=Ci.NONE.value,
    show_default=True,
    help="Also write a CI job: a GitHub Actions workflow (.github/workflows/smaudit.yml) or "
    "a GitLab CI file (.gitlab-ci.yml).",
)
@guarded
def init(folder: Path, ci: str) -> None:
    """Write a commented starter inventory, waivers file and profile to DIR (default: the
    current folder; the repository's root, if you add a CI job), and print what to do next.

    \b
    Files: smaudit-inventory.yaml, smaudit-waivers.yaml, smaudit-profile.yaml
    An existing file is never overwritten: init then names it and writes nothing."""
    files = starter_files(Ci(ci))
    written = write_starter(folder, files)
    for file, path in zip(files, written, strict=True):
        click.echo(f"wrote {display_path(path)} ({file.role})")
    click.echo(_next_steps(folder, files))


def _next_steps(folder: Path, files: tuple[StarterFile, ...]) -> str:
    def shown(file: StarterFile) -> str:
        return shlex.quote(display_path(folder / file.path))

    inventory, waivers, profile = shown(INVENTORY), shown(WAIVERS), shown(PROFILE)
    lines = [
        "",
        "Next:",
        f"  1. Fill in {inventory}: your agency, people and accounts (its comments say how).",
        f"  2. smaudit check {inventory} --profile {profile} --waivers {waivers}",
        "     Until then most controls report not assessed (a fact the file does not state) or",
        "     'no record of ...' (a required action it holds no record of): exit 3 or 1.",
        f"  3. smaudit validate {inventory} {waivers} {profile}  (after each edit)",
    ]
    jobs = [shown(file) for file in files if file not in STARTER]
    if jobs:
        lines.append(f"  4. Commit them with {', '.join(jobs)}: the job runs on each change.")
    lines.append(
        "Editors: each file names its schema on its first line, for completion and checks."
    )
    return "\n".join(lines)
