"""The action's check step (action.yml): the inputs made into one `smaudit check`, then the
step's outputs (counts from the JSON feed), the job summary, and the exit code that the last
step fails with, after the SARIF upload. Inputs arrive as INPUT_* variables (action.yml
passes them through env:); none is ever given to a shell, and each is checked before use: a
bad one is exit code 2 with the input named, as smaudit's own usage errors are.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from workflow import USAGE_OR_INPUT, InputProblem, boolean, choice, workflow_command, write_outputs

SEVERITIES = ("critical", "high", "medium", "low", "info")
MEANINGS = {
    0: "nothing at or above the thresholds",
    1: "failures at or above fail-on",
    2: "a usage or input error: nothing was checked",
    3: "controls at or above fail-on-not-assessed could not be assessed",
    4: "an internal error in smaudit (a bug: please report it)",
}
REPORTS = ("sarif-file", "json-file", "summary-file", "comment-file")
# The JSON feed's summary keys (schema: `smaudit schema findings`) for each count output.
COUNTS = {"failed": "fail", "not-assessed": "error", "waived": "waived", "passed": "pass"}
# What the job summary shows of smaudit's standard error when it wrote no report of its own.
STDERR_LINES = 200
STDERR_CHARS = 60_000


@dataclass(frozen=True)
class Inputs:
    paths: tuple[str, ...]
    profile: str
    fail_on: str
    fail_on_not_assessed: str
    waivers: str
    baseline: str
    fail_on_new: bool
    history: str
    args: tuple[str, ...]
    upload_sarif: bool
    success_codes: frozenset[int]


@dataclass(frozen=True)
class Files:
    """Where the run's reports go: a folder of this step's own under RUNNER_TEMP."""

    folder: Path

    @property
    def sarif(self) -> Path:
        return self.folder / "smaudit.sarif"

    @property
    def json(self) -> Path:
        return self.folder / "smaudit.json"

    @property
    def summary(self) -> Path:
        return self.folder / "summary.md"

    @property
    def comment(self) -> Path:
        return self.folder / "comment.md"


def read_inputs(env: Mapping[str, str]) -> Inputs:
    def get(name: str) -> str:
        return env.get(f"INPUT_{name}", "").strip()

    paths = _words("paths", get("PATHS"))
    if not paths:
        raise InputProblem("paths: give at least one inventory file or folder")
    return Inputs(
        paths=paths,
        profile=get("PROFILE"),
        fail_on=choice("fail-on", get("FAIL_ON") or "low", SEVERITIES),
        fail_on_not_assessed=choice(
            "fail-on-not-assessed", get("FAIL_ON_NOT_ASSESSED"), ("", *SEVERITIES, "never")
        ),
        waivers=get("WAIVERS"),
        baseline=get("BASELINE"),
        fail_on_new=boolean("fail-on-new", get("FAIL_ON_NEW") or "false"),
        history=get("HISTORY"),
        args=_words("args", get("ARGS")),
        upload_sarif=boolean("upload-sarif", get("UPLOAD_SARIF") or "true"),
        success_codes=_codes(get("SUCCESS_CODES") or "0"),
    )


def _words(name: str, value: str) -> tuple[str, ...]:
    try:
        return tuple(shlex.split(value))
    except ValueError as exc:  # an unclosed quote
        raise InputProblem(f"{name}: {exc}") from None


def _codes(value: str) -> frozenset[int]:
    words = [w for w in re.split(r"[\s,]+", value) if w]
    if not words or not all(w in {"0", "1", "2", "3", "4"} for w in words):
        raise InputProblem(f"success-codes: expected exit codes from 0 to 4, got {value!r}")
    return frozenset(int(w) for w in words)


def command(python: str, inputs: Inputs, files: Files) -> list[str]:
    """The `smaudit check` command line: every value is one argument, `name=value` for options
    and after `--` for paths, so that no input can become an option it did not name."""
    argv = [python, "-m", "smaudit", "check"]
    argv += [f"--output=sarif:{files.sarif}", f"--output=json:{files.json}"]
    argv += [f"--output=markdown:{files.summary}", f"--output=markdown-comment:{files.comment}"]
    argv.append(f"--fail-on={inputs.fail_on}")
    if inputs.fail_on_not_assessed:
        argv.append(f"--fail-on-not-assessed={inputs.fail_on_not_assessed}")
    for option, value in (
        ("profile", inputs.profile),
        ("waivers", inputs.waivers),
        ("history", inputs.history),
    ):
        if value:
            argv.append(f"--{option}={value}")
    if inputs.baseline and Path(inputs.baseline).is_file():
        argv.append(f"--baseline={inputs.baseline}")
        if inputs.fail_on_new:
            argv.append("--fail-on-new")
    return [*argv, *inputs.args, "--", *inputs.paths]


def check(env: Mapping[str, str]) -> int:
    try:
        inputs = read_inputs(env)
        _prepare(inputs)
    except InputProblem as problem:
        workflow_command("error", f"smaudit action input: {problem}")
        _finish(env, USAGE_OR_INPUT, frozenset(), None, f"The action's input: {problem}", False)
        return 0
    temp = env.get("RUNNER_TEMP") or tempfile.gettempdir()
    files = Files(Path(tempfile.mkdtemp(prefix="smaudit-", dir=temp)))
    argv = command(env.get("SMAUDIT_PYTHON") or sys.executable, inputs, files)
    print("smaudit " + shlex.join(argv[3:]), flush=True)
    code, stderr = _run(argv)
    _finish(env, code, inputs.success_codes, files, stderr, inputs.upload_sarif)
    return 0


def _prepare(inputs: Inputs) -> None:
    if inputs.baseline and not Path(inputs.baseline).is_file():
        workflow_command("warning", f"baseline {inputs.baseline} does not exist: no drift")
    if inputs.history:  # a first run creates the database; smaudit does not create its folder
        try:
            Path(inputs.history).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputProblem(f"history: cannot create its folder ({exc.strerror})") from None


def _run(argv: list[str]) -> tuple[int, str]:
    """Runs smaudit with its report on the log; passes its standard error on as it comes, and
    keeps the end of it for the job summary should smaudit write no report."""
    tail: deque[str] = deque(maxlen=STDERR_LINES)
    with subprocess.Popen(
        argv, stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace"
    ) as process:
        assert process.stderr is not None
        for line in process.stderr:
            sys.stderr.write(line)
            tail.append(line)
    code = process.returncode
    return (code if code >= 0 else 128 - code), "".join(tail)[-STDERR_CHARS:]


def _finish(
    env: Mapping[str, str],
    code: int,
    success_codes: frozenset[int],
    files: Files | None,
    stderr: str,
    upload: bool,
) -> None:
    outputs = {
        "exit-code": str(code),
        "step-exit-code": "0" if code in success_codes else str(code),
    }
    outputs |= counts(files.json if files else None)
    outputs |= report_outputs(files)
    outputs["upload"] = "true" if upload and outputs["sarif-file"] else "false"
    write_outputs(env.get("GITHUB_OUTPUT"), outputs)
    summary = files.summary if files and files.summary.is_file() else None
    write_summary(env.get("GITHUB_STEP_SUMMARY"), summary, code, stderr)
    if outputs["step-exit-code"] != "0":
        workflow_command("error", f"smaudit exited {code}: {MEANINGS.get(code, 'stopped')}")


def report_outputs(files: Files | None) -> dict[str, str]:
    """Each report's path, or "" for a report smaudit did not write (all after an input error)."""
    if files is None:
        return dict.fromkeys(REPORTS, "")
    paths = (files.sarif, files.json, files.summary, files.comment)
    return {name: str(p) if p.is_file() else "" for name, p in zip(REPORTS, paths, strict=True)}


def counts(feed: Path | None) -> dict[str, str]:
    """The count outputs, from the JSON feed's summary; empty when there is no feed (smaudit
    stopped before it could check)."""
    if feed is None or not feed.is_file():
        return dict.fromkeys(COUNTS, "")
    with feed.open("rb") as handle:
        summary = json.load(handle)["summary"]
    return {name: str(int(summary[key])) for name, key in COUNTS.items()}


def write_summary(path: str | None, report: Path | None, code: int, stderr: str) -> None:
    """smaudit's own job summary (the markdown format keeps within GitHub's 1 MiB a step, so
    nothing is added to it), or, when smaudit wrote none, what stopped it."""
    if not path:
        return
    with open(path, "ab") as out:
        if report is not None:
            out.write(report.read_bytes())
            return
        text = _printable(stderr).strip() or "(nothing on standard error)"
        fence = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`+", text)), default=0))
        out.write(
            f"## smaudit: no report (exit code {code})\n\n"
            f"{MEANINGS.get(code, 'smaudit was stopped')}.\n\n"
            f"{fence}text\n{text}\n{fence}\n".encode()
        )


def _printable(text: str) -> str:
    """No control character of an input reaches the summary (smaudit escapes its own)."""
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text.replace("\t", "    "))


def main() -> int:
    return check(os.environ)


if __name__ == "__main__":
    sys.exit(main())
