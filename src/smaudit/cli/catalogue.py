"""`smaudit controls` (list, show, docs, test) and `smaudit schema`: the catalogue and the
schemas, for people to read."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from smaudit.assessment import selftest
from smaudit.assessment.planner import choose_catalogue, select_controls
from smaudit.catalogue import docs as catalogue_docs
from smaudit.catalogue.load import load_catalogue
from smaudit.catalogue.profiles import usable_profiles
from smaudit.catalogue.selection import id_alias, nist_id, suggest
from smaudit.catalogue.view import controls_table, show_control
from smaudit.cli.completion import complete_profile
from smaudit.cli.output import write_atomic
from smaudit.cli.strict import Command, Group
from smaudit.cli.support import FAIL_ON, add_controls_option, guarded
from smaudit.exitcodes import ExitCode
from smaudit.schemas import SCHEMA_NAMES, schema_text


@click.group(cls=Group)
def controls() -> None:
    """Browse the control catalogue."""


@controls.command("list")
@click.option("--controls", "controls_dir", type=click.Path(file_okay=False, path_type=Path))
@add_controls_option("List the agency's own controls in DIR too (repeatable).")
@click.option(
    "--profile", shell_complete=complete_profile, help="Only the controls of this profile."
)
@click.option("--family", help="Only this family (IA, GOV, TP, PS, ...).")
@click.option("--severity", type=click.Choice(FAIL_ON), help="Only this severity.")
@click.option(
    "--nist",
    help="Only controls citing this NIST SP 800-53 id, in NIST's notation or the catalogue's "
    "(IA-2(1) or ia-2.1); a base control (IA-2) finds its enhancements too.",
)
@guarded
def controls_list(
    controls_dir: Path | None,
    added_controls: tuple[Path, ...],
    profile: str | None,
    family: str | None,
    severity: str | None,
    nist: str | None,
) -> None:
    """List controls, optionally filtered. With --profile: that profile's controls, with the
    severity and strength it gives them."""
    catalogue, chosen = choose_catalogue(controls_dir, profile, added_controls)
    listed = tuple(catalogue.controls.values())
    if profile and chosen is not None:
        listed = tuple(chosen.stated(c) for c in select_controls(catalogue, chosen))
    wanted = None
    if nist is not None:
        wanted = nist_id(nist)
        if wanted is None:
            raise click.BadParameter(
                f"{nist!r} is not a NIST SP 800-53 id (e.g. IA-2(1), ia-2.1 or IA-2)",
                param_hint="--nist",
            )
    click.echo(controls_table(listed, catalogue, family, severity, wanted))


@controls.command("show")
@click.argument("control_id")
@click.option("--controls", "controls_dir", type=click.Path(file_okay=False, path_type=Path))
@guarded
def controls_show(control_id: str, controls_dir: Path | None) -> None:
    """Print one control in full."""
    catalogue = load_catalogue(controls_dir)
    control = catalogue.controls.get(control_id.strip().upper())
    if control is None:
        hint = suggest(control_id, catalogue.controls, id_alias(control_id, catalogue.controls))
        raise click.BadParameter(f"unknown control {control_id!r}{hint}", param_hint="CONTROL_ID")
    click.echo(show_control(control, catalogue))


@controls.command("docs")
@click.option("--controls", "controls_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the Markdown to FILE (e.g. docs/controls.md) instead of stdout.",
)
@guarded
def controls_docs(controls_dir: Path | None, output: Path | None) -> None:
    """Write the catalogue as Markdown: one section per control, a NIST cross-reference."""
    catalogue = load_catalogue(controls_dir)
    profiles = usable_profiles(catalogue)
    text = catalogue_docs.render(catalogue, profiles)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)


@controls.command("test")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="List every case, not only failures.")
@guarded
def controls_test(directory: Path | None, verbose: bool) -> None:
    """Run each control against its cases/<ID>/<outcome>/ inventories (default: shipped ones)."""
    catalogue = load_catalogue(directory)
    passed = failed = 0
    for case in selftest.discover(catalogue.directory):
        for result in selftest.run_case(case, catalogue):
            name = f"{case.control_id} {case.path.parent.name}/{case.path.name} {result.account_id}"
            if result.ok:
                passed += 1
                if verbose:
                    click.echo(f"ok      {name}")
            else:
                failed += 1
                click.echo(
                    f"FAILED  {name}: expected {case.expected.value}, got "
                    f"{result.actual.value} ({result.message})"
                )
    untested = [
        cid for cid in catalogue.controls if not (catalogue.directory / "cases" / cid).is_dir()
    ]
    if untested:
        click.echo(f"no cases for: {', '.join(untested)}", err=True)
    click.echo(f"{passed} passed, {failed} failed")
    sys.exit(ExitCode.FINDINGS if failed or not passed else ExitCode.CLEAN)


@click.command(cls=Command)
@click.argument("name", type=click.Choice(SCHEMA_NAMES))
def schema(name: str) -> None:
    """Print a shipped JSON Schema (inventory, control, profile, waivers, findings, drift,
    history, todo)."""
    click.echo(schema_text(name), nl=False)
