"""What reading may cost: the limits, and how a refusal for passing one is worded."""

from __future__ import annotations

from dataclasses import dataclass

from smaudit.errors import InputError, Problem

# The deepest nesting any reader reads, whatever --max-depth says. Below it every reader gives
# the same answer; above it each has a limit of its own that would word the refusal its own way:
# Python's recursion (the composing and event readers recurse about three frames a level, so
# they stop near 330 levels), and the libyaml bundled with PyYAML 6.0.3 and later, which stops
# at 1,000. No inventory, control or waiver comes near it: the deepest shipped file has 9.
DEEPEST = 200


@dataclass(frozen=True)
class Limits:
    """Bounds on what reading may cost; each can be raised from the command line (max_depth up
    to DEEPEST: readers clamp a higher value to it). max_bytes, max_depth and max_scalar_length
    bound each file; max_nodes, max_total_bytes and max_evaluations a whole run, whatever the
    number of files its inputs are spread over (see inputs.run_budget). The defaults are sized
    so that any run they admit reads in about 256 MB (SECURITY.md has the measurements): 1.2
    million values is an inventory of 12,000 accounts that record every field, or 400,000
    accounts that record two."""

    max_bytes: int = 64 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 1_200_000
    max_scalar_length: int = 1_000_000
    max_total_bytes: int = 128 * 1024 * 1024
    max_evaluations: int = 600_000
    """Accounts times controls: what evaluating costs, whatever the size of the accounts."""
    nodes_note: str = ""
    """How max_nodes came to be what it is, for the refusal's words (see inputs.clamped)."""


DEFAULT_LIMITS = Limits()


def depth_limit(limits: Limits) -> int:
    """The deepest nesting the readers accept under these limits."""
    return min(limits.max_depth, DEEPEST)


def too_deep(limits: Limits) -> str:
    """The one wording of a file nested past the depth limit, whichever reader found it: ours,
    or libyaml's own limit, which it meets first where it is below the whole file's depth."""
    deepest = depth_limit(limits)
    if deepest < DEEPEST:
        return f"nesting deeper than {deepest} levels; raise --max-depth"
    return (
        f"nesting deeper than {DEEPEST} levels, the most smaudit reads "
        "(an attack, or a machine-generated file gone wrong)"
    )


class TooMany(InputError):
    """A file with more values than the limits allow: refused where the count is crossed, not
    read on to its end (a million more values would cost seconds to confirm nothing)."""


def too_many(name: str, where: tuple[int, int], limits: Limits) -> TooMany:
    message = (
        f"document has more than {limits.max_nodes} values{limits.nodes_note}; "
        "raise --max-nodes if genuine"
    )
    return TooMany([Problem(name, *where, message)])
