"""Commands that refuse an option given twice where only one value is kept.

click keeps the last of `--severity high --severity low` and says nothing, so a pipeline that
appends options (a default in a script, a value from the job) silently runs with one of them.
Every smaudit command is a `Command` (groups: `Group`), which refuses the repeat instead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import click


class Command(click.Command):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        _refuse_repeats(self, args)
        return super().parse_args(ctx, args)


class Group(click.Group):
    command_class = Command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        _refuse_repeats(self, args[: _first_word(self, ctx, args)])
        return super().parse_args(ctx, args)


Group.group_class = Group


def _single_valued(command: click.Command) -> dict[str, click.Option]:
    """Each spelling (`--format`, `-o`) of the options that keep one value."""
    return {
        spelling: param
        for param in command.params
        if isinstance(param, click.Option) and not param.multiple and not param.count
        for spelling in (*param.opts, *param.secondary_opts)
    }


def _refuse_repeats(command: click.Command, args: Sequence[str]) -> None:
    spellings = _single_valued(command)
    seen: Counter[str] = Counter()
    shown: dict[str, str] = {}
    position = 0
    while position < len(args):
        word = args[position]
        position += 1
        if word == "--":
            break
        name, equals, _ = word.partition("=")
        param = spellings.get(name)
        if param is None:
            continue
        key = param.name or name
        seen[key] += 1
        shown.setdefault(key, "/".join(param.opts))
        if not param.is_flag and not equals:
            position += 1  # its value, whatever it looks like
    repeated = [shown[key] for key, times in seen.items() if times > 1]
    if repeated:
        raise click.UsageError(
            f"{', '.join(repeated)} given more than once; it takes one value (click would "
            "silently keep the last)",
            ctx=click.get_current_context(silent=True),
        )


def _first_word(group: click.Group, ctx: click.Context, args: Sequence[str]) -> int:
    """Where a group's own options end: at its first subcommand name."""
    names = set(group.list_commands(ctx))
    for position, word in enumerate(args):
        if word in names:
            return position
    return len(args)
