"""`smaudit completion SHELL`: the shell's completion script, and what completes `--profile`."""

from __future__ import annotations

import click
from click.shell_completion import CompletionItem, get_completion_class

from smaudit.catalogue.load import default_dir
from smaudit.cli.strict import Command

SHELLS = ("bash", "zsh", "fish")
COMPLETE_VAR = "_SMAUDIT_COMPLETE"
"""What click reads to answer a completion request (its name follows the program's)."""


@click.command("completion", cls=Command)
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the completion script for SHELL: commands, options, formats, profiles and
    paths then complete with TAB.

    \b
    bash: add to ~/.bashrc:   eval "$(smaudit completion bash)"
    zsh:  add to ~/.zshrc:    eval "$(smaudit completion zsh)"
          (after compinit; or save the script as _smaudit in a folder of $fpath)
    fish: smaudit completion fish > ~/.config/fish/completions/smaudit.fish

    The script asks smaudit itself at each TAB, so it stays right after an upgrade."""
    root = click.get_current_context().find_root().command
    complete = get_completion_class(shell)
    if complete is None:  # click ships all three: only a click without them gets here
        raise click.UsageError(f"this click cannot complete {shell}")
    click.echo(complete(root, {}, "smaudit", COMPLETE_VAR).source())


def complete_profile(
    _ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The shipped profiles' names that begin with what was typed; else a profile file's path.
    Read from the folder, not by loading the catalogue, so that TAB answers at once."""
    names = sorted(p.stem for p in (default_dir() / "profiles").glob("*.yaml"))
    matching = [CompletionItem(name) for name in names if name.startswith(incomplete)]
    return matching or [CompletionItem(incomplete, type="file")]
