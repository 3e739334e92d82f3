"""What the action's Python steps (check.py, install.py) share with the runner: inputs that are
checked, the step outputs file, and annotations, in the forms GitHub's runner reads them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

USAGE_OR_INPUT = 2


class InputProblem(ValueError):
    """An input the action cannot use; its message names the input."""


def choice(name: str, value: str, allowed: Sequence[str]) -> str:
    if value.lower() not in allowed:
        shown = ", ".join(a for a in allowed if a)
        raise InputProblem(f"{name}: expected one of {shown}, got {value!r}")
    return value.lower()


def boolean(name: str, value: str) -> bool:
    return choice(name, value, ("true", "false")) == "true"


def write_outputs(path: str | None, outputs: Mapping[str, str]) -> None:
    """GITHUB_OUTPUT in the multiline form, each value between delimiters it cannot contain."""
    if not path:
        return
    with open(path, "a", encoding="utf-8") as out:
        for name, value in outputs.items():
            delimiter = f"ghadelimiter_{uuid.uuid4()}"
            assert delimiter not in value
            out.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def workflow_command(kind: str, message: str) -> None:
    """An annotation (::error::, ::warning::), escaped as the runner unescapes it."""
    escaped = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    print(f"::{kind} title=smaudit::{escaped}", flush=True)
