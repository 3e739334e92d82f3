"""Hostile and broken input: each ends in exit 2 with one reason per problem, fast, small, and
without repeating any secret it was handed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CONTROLS, HEADER

SECRETS = (
    "hunter2-Correct-Horse",
    "JBSWY3DPEHPK3PXP",
    "ghp_" + "a1B2c3D4" * 5,
    "AKIAIOSFODNN7EXAMPLE",
)


def _bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


ACCOUNT = "accounts:\n  - {id: a1, platform: x}\n"
CASES: dict[str, bytes] = {
    "billion-laughs": _bomb().encode(),
    "recursive-alias": b"smaudit: 1\nagency: &a {name: *a}\n",
    "python-object-tag": (
        HEADER + "accounts: !!python/object/apply:os.system [echo hi]\n"
    ).encode(),
    "custom-tag": (HEADER + "accounts: !include other.yaml\n").encode(),
    "deep-nesting": (HEADER + "x-deep: " + "[" * 5000 + "]" * 5000 + "\n").encode(),
    "binary": bytes(range(256)) * 64,
    "not-utf8": (HEADER + "accounts: []\n").encode() + "x-note: caf\xe9\n".encode("latin-1"),
    "nul-bytes": (HEADER + "accounts: []\x00\n").encode(),
    "duplicate-keys": (HEADER + ACCOUNT + "accounts: []\n").encode(),
    "multi-document": (HEADER + ACCOUNT + "---\n" + HEADER).encode(),
    "empty-file": b"",
    "scalar-document": b"just a string\n",
    "yes-is-not-true": (
        HEADER + "accounts:\n  - {id: a1, platform: x, mfa: {enabled: yes}}\n"
    ).encode(),
    "password-field": (
        HEADER + "accounts:\n  - id: a1\n    platform: x\n    credentials:\n"
        f"      password: {SECRETS[0]}\n"
    ).encode(),
    "x-account-passcode": (
        HEADER + f"accounts:\n  - {{id: a1, platform: x, x-account-passcode: {SECRETS[0]}}}\n"
    ).encode(),
    "totp-seed": (
        HEADER + "accounts:\n  - id: a1\n    platform: x\n    purpose: "
        f"otpauth://totp/DOE?secret={SECRETS[1]}\n"
    ).encode(),
    "backup-codes": (
        HEADER + "accounts:\n  - id: a1\n    platform: x\n    mfa:\n"
        "      x-backup_codes: [12345678, 87654321]\n"
    ).encode(),
    "token-in-handle": (
        HEADER + f"accounts:\n  - {{id: a1, platform: github, handle: {SECRETS[2]}}}\n"
    ).encode(),
    "aws-key-in-note": (HEADER + f"x-note: key {SECRETS[3]}\naccounts: []\n").encode(),
}


# Runs smaudit in a fresh interpreter that writes its own peak memory (kB) to a file when it
# exits. RUSAGE_CHILDREN would report the largest child of the whole session, and ru_maxrss keeps
# the high-water mark of the forked test runner from before exec; /proc's VmHWM does not.
_MEASURED = """
import atexit, os, resource, sys
def peak():
    try:
        with open("/proc/self/status") as status:
            return next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
atexit.register(lambda: open(os.environ["SMAUDIT_TEST_RSS"], "w").write(str(peak())))
from smaudit.cli.app import main
main(sys.argv[1:])
"""


def run(*args: str, rss: Path | None = None) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {**os.environ, "NO_COLOR": "1", "SMAUDIT_TEST_RSS": str(rss or os.devnull)}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _MEASURED, *args],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
    )
    return result, time.perf_counter() - start


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_inventory_is_refused_quickly_and_cleanly(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(CASES[name])
    rss = tmp_path / "rss"
    result, seconds = run("check", str(path), "--format", "json", rss=rss)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith(f"error: {path}") for line in lines), lines
    assert "Traceback" not in result.stderr
    assert not any(secret in result.stderr for secret in SECRETS)
    assert seconds < 2.0 + 1.0  # the interpreter's own start-up is included here
    assert int(rss.read_text()) / 1024 < 200  # peak resident memory, MB


def test_limits_can_be_tightened_and_raised(tmp_path: Path) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text(HEADER + "accounts:\n  - {id: a1, platform: x}\n")
    result, _ = run("validate", str(path), "--max-file-size", "20")
    assert result.returncode == 2 and "over the limit of 20 bytes" in result.stderr
    nested = tmp_path / "nested.yaml"
    nested.write_text(HEADER + "x-deep: " + "[" * 70 + "]" * 70 + "\naccounts: []\n")
    assert run("validate", str(nested))[0].returncode == 2
    assert run("validate", str(nested), "--max-depth", "100")[0].returncode == 0
    result, _ = run("validate", str(nested), "--max-depth", "201")  # past what any reader reads
    assert result.returncode == 2 and "1<=x<=200" in result.stderr


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        ("(a+)+$", "repeated group"),
        (r"(\w*)*@example\.gov", "repeated group"),
        (r"(a)\1", "not a valid RE2"),
    ],
)
def test_catastrophic_regex_in_a_control_is_refused(
    tmp_path: Path, pattern: str, words: str
) -> None:
    folder = tmp_path / "controls"
    folder.mkdir()
    text = (
        (CONTROLS / "IA" / "SM-IA-01.yaml")
        .read_text()
        .replace("  path: mfa.enabled\n  eq: true", f"  path: handle\n  matches: '{pattern}'")
    )
    (folder / "redos.yaml").write_text(text)
    inventory = tmp_path / "inv.yaml"
    inventory.write_text(
        HEADER + f"accounts:\n  - {{id: a1, platform: x, handle: {'a' * 5000}b}}\n"
    )
    result, seconds = run("check", str(inventory), "--controls", str(folder))
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {folder / 'redos.yaml'}:") and words in line
    assert seconds < 3.0


@pytest.mark.parametrize(
    "text",
    [
        '{"smaudit": 1, "agency": {"name": "D"}, "accounts": [{"id": "a", "platform": "x", '
        '"x-pass\\u0077ord": "hunter2-Correct-Horse"}]}',
        "smaudit: 1\nagency: {name: D}\naccounts:\n"
        "  - {id: a, platform: x, x-my.password: s3cr3t}\n",
    ],
)
def test_the_quick_scan_does_not_miss_a_spelled_out_key(tmp_path: Path, text: str) -> None:
    path = tmp_path / "inv.json"
    path.write_text(text)
    result, _ = run("validate", str(path))
    assert result.returncode == 2 and "looks like a credential" in result.stderr
    assert "hunter2" not in result.stderr and "s3cr3t" not in result.stderr
