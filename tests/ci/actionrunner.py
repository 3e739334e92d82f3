"""Runs action.yml as GitHub's runner runs a composite action, so tests see what a workflow
sees: each `run:` step in order, through `bash --noprofile --norc -eo pipefail`, with its env:,
a GITHUB_OUTPUT and GITHUB_STEP_SUMMARY file of its own, and its `if:`. The `uses:` steps
(actions/setup-python, the SARIF upload) are not run: they are recorded with their `with:` as
GitHub would evaluate it, and whether their `if:` held.

The expressions understood are the few action.yml keeps to (its header says so): references to
inputs, github.action_path and steps.ID.outputs.NAME, string literals, ==, !=, !, &&, || and the
status functions. Anything else raises, so a new expression is met by this runner, not first by
GitHub."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import ROOT

ACTION = ROOT / "action.yml"
_EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.S)
_TOKEN = re.compile(
    r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||!|\(|\))"
    r"|(?P<call>[a-z]+\(\))|(?P<ref>[A-Za-z_][\w.-]*))"
)
_STATUS = {"always()": True, "cancelled()": False}


def metadata() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return document


@dataclass
class StepRun:
    id: str
    name: str
    ran: bool
    uses: str = ""
    with_: dict[str, str] = field(default_factory=dict)
    returncode: int = 0
    stdout: str = ""
    stderr: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    summary: bytes = b""


@dataclass
class ActionRun:
    steps: list[StepRun]
    outputs: dict[str, str]

    def step(self, step_id: str) -> StepRun:
        return next(s for s in self.steps if s.id == step_id)

    @property
    def failed(self) -> bool:
        return any(s.returncode for s in self.steps)

    @property
    def exit_code(self) -> int:
        """The code of the last step that failed, as the job's log shows it; 0 if none."""
        return next((s.returncode for s in reversed(self.steps) if s.returncode), 0)

    @property
    def summary(self) -> bytes:
        return b"".join(s.summary for s in self.steps)

    @property
    def log(self) -> str:
        return "".join(s.stdout + s.stderr for s in self.steps)


def run_action(
    workspace: Path, inputs: Mapping[str, str], environ: Mapping[str, str], temp: Path
) -> ActionRun:
    """action.yml's steps with these inputs in `workspace`; `environ` is the job's environment."""
    action = metadata()
    given = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    unknown = set(inputs) - set(given)
    assert not unknown, f"not inputs of action.yml: {unknown}"
    context = _Context({**given, **inputs})
    steps: list[StepRun] = []
    for number, step in enumerate(action["runs"]["steps"]):
        run = _step(step, number, context, workspace, environ, temp)
        context.failed = context.failed or run.returncode != 0
        context.steps[run.id] = run.outputs
        steps.append(run)
    outputs = {name: context.substitute(spec["value"]) for name, spec in action["outputs"].items()}
    return ActionRun(steps, outputs)


def _step(
    step: dict[str, Any],
    number: int,
    context: _Context,
    workspace: Path,
    environ: Mapping[str, str],
    temp: Path,
) -> StepRun:
    step_id = step.get("id", f"step-{number}")
    run = StepRun(step_id, step.get("name", ""), ran=context.condition(step.get("if")))
    if "uses" in step:
        run.uses = step["uses"]
        run.with_ = {k: context.substitute(str(v)) for k, v in step.get("with", {}).items()}
        return run
    if not run.ran:
        return run
    assert step["shell"] == "bash"
    files = {name: temp / f"{step_id}.{name}" for name in ("script", "output", "summary")}
    files["script"].write_text(step["run"], encoding="utf-8")
    files["output"].touch()
    files["summary"].touch()
    env = {
        **environ,
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_OUTPUT": str(files["output"]),
        "GITHUB_STEP_SUMMARY": str(files["summary"]),
        **{k: context.substitute(str(v)) for k, v in step.get("env", {}).items()},
    }
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(files["script"])],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    run.returncode, run.stdout, run.stderr = done.returncode, done.stdout, done.stderr
    run.outputs = parse_outputs(files["output"].read_text(encoding="utf-8"))
    run.summary = files["summary"].read_bytes()
    return run


def parse_outputs(text: str) -> dict[str, str]:
    """A GITHUB_OUTPUT file as the runner reads it (`name=value`, or `name<<DELIMITER`, the
    lines of the value, then the delimiter alone on a line); anything else raises."""
    outputs: dict[str, str] = {}
    lines = iter(text.split("\n"))
    for line in lines:
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            value: list[str] = []
            for body in lines:
                if body == delimiter:
                    break
                value.append(body)
            else:
                raise ValueError(f"{name}: no closing delimiter {delimiter!r}")
            outputs[name] = "\n".join(value)
        elif "=" in line:
            name, outputs[name] = line.split("=", 1)[0], line.split("=", 1)[1]
        else:
            raise ValueError(f"not an output line: {line!r}")
    return outputs


class _Context:
    def __init__(self, inputs: dict[str, str]) -> None:
        self.inputs = inputs
        self.steps: dict[str, dict[str, str]] = {}
        self.failed = False

    def substitute(self, text: str) -> str:
        return _EXPRESSION.sub(lambda m: _text(self.evaluate(m[1])), text)

    def condition(self, text: str | None) -> bool:
        """A step's `if:`; without one, or without a status function in it, only when every
        step before succeeded, as GitHub adds `success() &&`."""
        if text is None:
            return not self.failed
        text = text.strip()
        if text.startswith("${{") and text.endswith("}}"):
            text = text[3:-2]
        value = bool(self.evaluate(text))
        uses_status = any(f in text for f in ("always()", "cancelled()", "failure()", "success()"))
        return value if uses_status else value and not self.failed

    def evaluate(self, text: str) -> str | bool:
        tokens = [m for m in _TOKEN.finditer(text) if m.group().strip()]
        assert "".join(t.group() for t in tokens).strip() == text.strip(), f"cannot read {text}"
        parser = _Parser(tokens, self)
        value = parser.either()
        assert parser.done(), f"cannot read {text}"
        return value

    def reference(self, name: str) -> str:
        parts = name.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            return self.inputs[parts[1]]
        if name == "github.action_path":
            return str(ROOT)
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return self.steps.get(parts[1], {}).get(parts[3], "")
        raise AssertionError(f"action.yml refers to {name}, which this runner does not supply")

    def call(self, name: str) -> bool:
        if name == "success()":
            return not self.failed
        if name == "failure()":
            return self.failed
        return _STATUS[name]


class _Parser:
    def __init__(self, tokens: list[re.Match[str]], context: _Context) -> None:
        self.tokens, self.at, self.context = tokens, 0, context

    def done(self) -> bool:
        return self.at == len(self.tokens)

    def _peek(self) -> str:
        return self.tokens[self.at].group().strip() if not self.done() else ""

    def either(self) -> str | bool:
        value = self.both()
        while self._peek() == "||":
            self.at += 1
            other = self.both()
            value = value if value else other
        return value

    def both(self) -> str | bool:
        value = self.unary()
        while self._peek() == "&&":
            self.at += 1
            other = self.unary()
            value = other if value else value
        return value

    def unary(self) -> str | bool:
        if self._peek() == "!":
            self.at += 1
            return not self.unary()
        left = self.primary()
        if self._peek() in ("==", "!="):
            op = self._peek()
            self.at += 1
            right = self.primary()
            equal = _text(left).lower() == _text(right).lower()
            return equal if op == "==" else not equal
        return left

    def primary(self) -> str | bool:
        token = self.tokens[self.at]
        self.at += 1
        if token["op"] == "(":
            value = self.either()
            assert self._peek() == ")"
            self.at += 1
            return value
        if token["string"]:
            return token["string"][1:-1].replace("''", "'")
        if token["call"]:
            return self.context.call(token["call"])
        assert token["ref"], f"unexpected {token.group()!r}"
        return self.context.reference(token["ref"])


def _text(value: str | bool) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else value


def job_environment(temp: Path, **extra: str) -> dict[str, str]:
    """What a runner's job has: PATH and HOME from here, RUNNER_TEMP, and no GITHUB_* of this
    machine's (a developer's shell may run inside Actions)."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    return {**keep, "RUNNER_TEMP": str(temp), "CI": "true", **extra}
