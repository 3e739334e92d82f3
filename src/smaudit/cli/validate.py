"""`smaudit validate`: every kind of file users write, checked without running the controls."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from smaudit.assessment.waivers import load_waivers
from smaudit.catalogue.controls import load_control
from smaudit.catalogue.load import Catalogue, load_catalogue
from smaudit.catalogue.profiles import load_profile, resolve_parameters
from smaudit.cli.strict import Command
from smaudit.cli.support import guarded, limit_options, parse_as_of
from smaudit.errors import InputError
from smaudit.gcpause import paused_gc
from smaudit.inventory.loader import merge, read_files
from smaudit.model import SkippedFile
from smaudit.reading.inputs import run_budget
from smaudit.reading.limits import Limits
from smaudit.safety.terminal import display_path


@click.command(cls=Command)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--as-of",
    callback=parse_as_of,
    metavar="DATE",
    help="The date the inventory is read as of (default: today, UTC).",
)
@limit_options
@guarded
def validate(paths: tuple[Path, ...], as_of: dt.date, limits: Limits) -> None:
    """Validate inventory, waiver, profile and control files, each as what it says it is
    (by its marker key): schema, dates, people references, duplicate ids, the agency's
    parameters, and the control ids waivers and profiles name, against the shipped catalogue.
    Files in folders that are none of these are listed and left out."""
    catalogue = load_catalogue()
    named = {display_path(p) for p in paths if not p.is_dir()}
    with paused_gc(), run_budget(limits):
        files = read_files(paths, limits, refuse_others=False)
        lines = [_other(item, catalogue, item.path in named) for item in files.skipped]
        if files.loaded:
            inventory = merge(files, as_of)
            resolve_parameters(catalogue, None, inventory.agency)
            lines.insert(
                0,
                f"ok: {len(inventory.accounts)} accounts, {len(inventory.people)} people in "
                f"{len(files.loaded)} inventory file(s)",
            )
    for line in lines:
        click.echo(line)


def _other(item: SkippedFile, catalogue: Catalogue, named: bool) -> str:
    """Validate a file that is not an inventory by its kind; the line that says so."""
    path = Path(item.path)
    if item.kind == "waivers":
        most = catalogue.parameters["max_waiver_days"].default  # no profile is known here
        waivers = load_waivers(path, catalogue.controls, most)
        return f"ok: {item.path}: {len(waivers)} waiver(s)"
    if item.kind == "profile":
        profile = load_profile(str(path), catalogue)
        return f"ok: {item.path}: profile {profile.name} ({len(profile.controls)} controls)"
    if item.kind == "control":
        control = load_control(path)
        return f"ok: {item.path}: control {control.id}"
    if named:  # asked for by name, and not a file smaudit reads: an error, not a note
        raise InputError.at(item.path, 1, 1, f"{item.reason}; nothing to validate")
    return f"skipped: {item.path}: {item.reason}"
