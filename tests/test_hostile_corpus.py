"""A hostile corpus, one case per way an input was turned against the agency that runs smaudit
(issue 15): each run through the real CLI in a fresh process, each must end in exit 2 or a
clean report, with no traceback, no network, no secret or person echoed, no raw control
character on the terminal, within 5 s and 256 MB."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from smaudit.cli.app import cli
from tests.conftest import CONTROLS, HEADER
from tests.test_hostile import run

# any character a terminal could act on, as it would reach one
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SECONDS, MEGABYTES = 5.0, 256

MINIMAL = HEADER + "people: []\naccounts:\n"


def _accounts(count: int) -> str:
    return MINIMAL + "".join(f"  - {{id: a{i}, platform: x}}\n" for i in range(count))


@dataclass(frozen=True)
class Case:
    """Files to write (name -> bytes), the arguments (`{dir}` is the case's folder), the exit
    codes allowed, and words that must not appear in any output."""

    files: dict[str, bytes]
    args: tuple[str, ...]
    codes: tuple[int, ...] = (2,)
    secret: tuple[str, ...] = ()
    stderr_has: str = ""
    extra: Callable[[Path], None] | None = field(default=None, compare=False)
    before: Callable[[Path], object] | None = field(default=None, compare=False)


def _control_folder(schema: object, value: str | None = None) -> dict[str, bytes]:
    """A control folder whose parameters.yaml gives `p` this schema; the inventory sets `p`
    to `value` where given."""
    parameters = json.dumps({"p": {"default": None, "schema": schema, "description": "p"}})
    inventory = _accounts(1)
    if value is not None:
        inventory = inventory.replace("agency:\n", f"agency:\n  parameters: {{p: '{value}'}}\n")
    return {
        "controls/SM-IA-01.yaml": (CONTROLS / "IA" / "SM-IA-01.yaml").read_bytes(),
        "controls/parameters.yaml": parameters.encode(),
        "inv.yaml": inventory.encode(),
    }


def _control_with_check(check: str) -> bytes:
    text = (CONTROLS / "IA" / "SM-IA-01.yaml").read_text()
    return text.replace("  path: mfa.enabled\n  eq: true", check).encode()


def _padded_folder(directory: Path) -> None:
    """200 inventories of 900 kB each: every one within the limits, all of them not."""
    (directory / "inv").mkdir()
    padded = _top("x-pad: " + "a" * 900_000)
    for i in range(200):
        (directory / "inv" / f"{i}.yaml").write_bytes(padded)


def _touch(path: Path) -> Path:
    path.touch()
    return path


def _nest(depth: int) -> str:
    """A check of `depth` quantifiers, each over the account's apps again ($.)."""
    check = "{path: name, exists: true}"
    for _ in range(depth):
        check = "{any: {path: $.third_party_apps, check: " + check + "}}"
    return "any:\n  path: third_party_apps\n  check: " + check


# class 4: twenty shapes of secret that reached the feeds as free text, one of each
SECRET_SHAPES = {
    "url-password": "https://svc:Hunter2Hunter2@api.example.gov/x",
    "github-fine-grained": "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123",
    "github-classic": "ghp_" + "a1B2c3D4" * 5,
    "gitlab": "glpat-abcdefghij1234567890",
    "aws-access-key": "AKIAIOSFODNN7EXAMPLE",
    "aws-secret-key": "aws secret key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "slack-webhook": "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
    "slack-token": "xoxb-123456789012-123456789012-abcdefabcdefabcdefabcdef",
    "discord-webhook": "https://discord.com/api/webhooks/123456789012345678/abcDEF_ghi-jkl",
    "pgp-private-key": "-----BEGIN PGP PRIVATE KEY BLOCK-----",
    "openssh-private-key": "-----BEGIN OPENSSH PRIVATE KEY-----",
    "totp-seed-bare": "JBSWY3DPEHPK3PXP",
    "totp-seed-in-fours": "jbsw y3dp ehpk 3pxp",
    "totp-seed-query": "https://x.example/enroll?secret=JBSWY3DPEHPK3PXP&issuer=X",
    "bcrypt": "$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
    "authorization-header": "Authorization: Bearer abcdefghijklmnop12345",
    "backup-codes": "codes 1234 5678, 2345 6789, 3456 7890, 4567 8901",
    "jwt": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghij",
    "stripe": "sk_live_abcdefghijklmnopqrstuvwx",
    "meta-token": "EAA" + "B" * 40,
}


def _with_note(note: str) -> bytes:
    text = _accounts(1).replace("platform: x}", f"platform: x, purpose: {json.dumps(note)}}}")
    return text.encode()


def _top(line: str) -> bytes:
    """A minimal inventory with no accounts and `line` at its top level."""
    return (HEADER + "people: []\naccounts: []\n" + line + "\n").encode()


def _waivers(extra: str = "") -> bytes:
    return (
        "smaudit_waivers: 1\nwaivers:\n  - id: W-1\n    control: SM-IA-01\n    accounts: [a0]\n"
        "    kind: risk_accepted\n    justification: A justification of a sentence.\n"
        "    approver: {name: Jane Doe, role: AO}\n    ticket: T-1\n"
        f"    granted_on: 2026-01-01\n    expires_on: 2026-12-01\n{extra}"
    ).encode()


def _personal() -> bytes:
    return (
        HEADER
        + "people:\n  - {id: jane.doe@agency.gov, name: Jane Doe, email: jane.doe@agency.gov,"
        " employment: federal, status: separated, separated_on: 2026-01-02}\n"
        + "accounts:\n  - id: a0\n    platform: x\n    owner: jane.doe@agency.gov\n"
        "    purpose: call Jane at (202) 555-0100 or jane.doe@agency.gov\n"
        "    approval: {approved: true, approved_by: Jane Doe, approved_on: 2026-01-01}\n"
        "    credentials:\n      type: shared_password\n      holders:\n"
        "        - {person: jane.doe@agency.gov, role: admin, granted_on: 2025-01-01}\n"
    ).encode()


PERSONAL = ("jane.doe@agency.gov", "Jane Doe", "555-0100")
ESCAPES = "\x1b]52;c;aGVsbG8=\x07\x1b[2J\r\u202e\x9b31m"


def _hostile_control() -> bytes:
    text = (CONTROLS / "IA" / "SM-IA-01.yaml").read_text()
    title = f"title: {json.dumps('MFA' + ESCAPES)}"
    return re.sub(r"(?m)^title: .*$", lambda _: title, text).encode()


CORPUS: dict[str, Case] = {
    # class 7: bad input is exit 2, never 4
    "feed-huge-integer": Case(
        {"old.json": b'{"schema_version": ' + b"1" * 100_000 + b"}", "new.json": b"{}"},
        ("diff", "{dir}/old.json", "{dir}/new.json"),
    ),
    "feed-deep-nesting": Case(
        {"old.json": b"[" * 100_000 + b"]" * 100_000, "new.json": b"{}"},
        ("diff", "{dir}/old.json", "{dir}/new.json"),
    ),
    "feed-lone-surrogate": Case(
        {"old.json": b'{"schema_version": "\\ud800"}', "new.json": b"{}"},
        ("diff", "{dir}/old.json", "{dir}/new.json"),
    ),
    "registry-huge-integer": Case(
        {"reg.json": b'[{"id": ' + b"9" * 100_000 + b"}]"},
        ("import", "registry", "{dir}/reg.json"),
    ),
    "registry-deep-nesting": Case(
        {"reg.json": b"[" + b"[" * 100_000 + b"]" * 100_000 + b"]"},
        ("import", "registry", "{dir}/reg.json"),
    ),
    "registry-lone-surrogate": Case(
        {"reg.json": b'[{"account": "\\udc00", "service_key": "twitter"}]'},
        ("import", "registry", "{dir}/reg.json"),
    ),
    "path-too-long": Case({}, ("check", "{dir}/" + "a" * 5000 + ".yaml")),
    "profile-extends-1000": Case(
        {
            f"p{i}.yaml": f"profile: p{i}\ntitle: P\nextends: p{i + 1}.yaml\n".encode()
            for i in range(1000)
        }
        | {"p1000.yaml": b"profile: p1000\ntitle: P\nextends: modern\n", "inv.yaml": b""},
        ("check", "{dir}/inv.yaml", "--profile", "{dir}/p0.yaml"),
    ),
    # class 8: files and signals
    "csv-unterminated-quote": Case(
        {"a.csv": b'account_url,account_name\nhttps://x.com/a,"A\nhttps://x.com/b,B\n'},
        ("import", "csv", "{dir}/a.csv"),
        stderr_has="never closed",
    ),
    "output-over-input": Case(
        {"inv.yaml": _accounts(1).encode()},
        ("check", "{dir}/inv.yaml", "--output", "json:{dir}/inv.yaml"),
        stderr_has="one of this run's inputs",
        extra=lambda d: _same(d / "inv.yaml", _accounts(1).encode()),
    ),
    "output-to-dev-full": Case(
        {"inv.yaml": _accounts(1).encode()},
        ("check", "{dir}/inv.yaml", "--output", "json:{dir}/full"),
        stderr_has="No space left on device",
        before=lambda d: _device(d / "full", 7),
        extra=lambda d: _still_a_device(d / "full"),
    ),
    "output-to-dev-null": Case(
        {"inv.yaml": _accounts(1).encode()},
        ("check", "{dir}/inv.yaml", "--output", "json:{dir}/null"),
        codes=(1,),
        before=lambda d: _device(d / "null", 3),
        extra=lambda d: _still_a_device(d / "null"),
    ),
    "file-name-not-utf8": Case(
        {os.fsdecode(b"inv\xff\x1b[2J.yaml"): _accounts(1).encode()},
        ("check", os.fsdecode(b"{dir}/inv\xff\x1b[2J.yaml"), "--format", "json"),
        codes=(1,),
    ),
    "import-file-name-injects-yaml": Case(
        {"a\naccounts: []\n#.csv": b"account_url,account_name\nhttps://x.com/a,A\n"},
        ("import", "csv", "{dir}/a\naccounts: []\n#.csv", "--output", "{dir}/out.yaml"),
        codes=(0,),
        extra=lambda d: _loads_as_one_account(d / "out.yaml"),
    ),
    # class 1: no network, no file read outside the inputs named
    "parameters-remote-ref": Case(
        _control_folder({"$ref": "http://127.0.0.1:{port}/latest/meta-data/"}),
        ("controls", "docs", "--controls", "{dir}/controls"),
        stderr_has="must point inside this schema",
    ),
    "parameters-file-ref": Case(
        _control_folder({"$ref": "file:///etc/passwd"}),
        ("check", "{dir}/inv.yaml", "--controls", "{dir}/controls"),
        stderr_has="parameters.yaml:",
    ),
    "parameters-id-rebases-refs": Case(
        _control_folder({"$id": "http://127.0.0.1:{port}/", "$ref": "#/$defs/x", "$defs": {}}),
        ("controls", "list", "--controls", "{dir}/controls"),
    ),
    "parameters-unresolvable-ref": Case(
        _control_folder({"$ref": "#/$defs/nowhere"}),
        ("check", "{dir}/inv.yaml", "--controls", "{dir}/controls"),
    ),
    # class 2: no backtracking regular expression
    "parameters-redos-pattern": Case(
        _control_folder({"type": "string", "pattern": "^(a+)+$"}, "a" * 40 + "!"),
        ("check", "{dir}/inv.yaml", "--controls", "{dir}/controls"),
        stderr_has="expected a value matching",
    ),
    "parameters-broken-pattern": Case(
        _control_folder({"type": "string", "pattern": "(?<=a)b("}),
        ("check", "{dir}/inv.yaml", "--controls", "{dir}/controls"),
        stderr_has="linear time",
    ),
    "parameters-pattern-properties": Case(
        _control_folder({"type": "object", "patternProperties": {"^(a+)+$": {}}}),
        ("check", "{dir}/inv.yaml", "--controls", "{dir}/controls"),
    ),
    # class 7: one validator decides, and `$` is the end of the text
    "trailing-newline-id": Case(
        {
            "inv.json": (
                b'{"smaudit": 1, "agency": {"name": "D"}, "people": [], "accounts": ['
                b'{"id": "acct-0", "platform": "x"}, {"id": "acct-0\\n", "platform": "x"}]}'
            )
        },
        ("validate", "{dir}/inv.json"),
    ),
    "trailing-newline-email": Case(
        {
            "inv.json": (
                b'{"smaudit": 1, "agency": {"name": "D"}, "people": [{"id": "j", "name": "J", '
                b'"email": "jane@gmail.com\\n"}], "accounts": []}'
            )
        },
        ("validate", "{dir}/inv.json"),
        secret=("jane@gmail.com",),
    ),
    # class 3: bounded cost
    "nested-quantifiers": Case(
        {
            "controls/SM-IA-01.yaml": _control_with_check("  " + _nest(8).replace("\n", "\n  ")),
            "inv.yaml": _accounts(1)
            .replace("platform: x}", "platform: x, third_party_apps: [" + "{name: a}, " * 10 + "]}")
            .encode(),
        },
        ("check", "{dir}/inv.yaml", "--controls", "{dir}/controls"),
        stderr_has="quantifier inside another",
    ),
    "a-million-minimal-accounts": Case(
        {},
        ("check", "{dir}/inv.yaml", "--format", "json"),
        before=lambda d: (d / "inv.yaml").write_text(_accounts(1_000_000)),
        stderr_has="raise --max-nodes",
    ),
    "100000-minimal-accounts": Case(
        {},
        ("check", "{dir}/inv.yaml", "--format", "json"),
        before=lambda d: (d / "inv.yaml").write_text(_accounts(100_000)),
        stderr_has="raise --max-evaluations",
    ),
    "a-folder-summing-past-the-limits": Case(
        {},
        ("validate", "{dir}/inv"),
        stderr_has="raise --max-total-size",
        before=_padded_folder,
    ),
    "dev-zero": Case({}, ("validate", "/dev/zero"), stderr_has="NUL byte"),
    "a-huge-sparse-file": Case(
        {},
        ("validate", "{dir}/huge.yaml"),
        stderr_has="over the limit",
        before=lambda d: os.truncate(_touch(d / "huge.yaml"), 4 * 1024**3),
    ),
    # class 4: secrets never echoed, however spelled, in any user-written file
    **{
        f"secret-{name}": Case(
            {"inv.yaml": _with_note(value)},
            ("check", "{dir}/inv.yaml", "--format", "json"),
            secret=(value,),
            stderr_has="not shown",
        )
        for name, value in SECRET_SHAPES.items()
    },
    "secret-explicit-tag": Case(
        {"inv.yaml": _top("x-password: !!float hunter2")},
        ("validate", "{dir}/inv.yaml"),
        secret=("hunter2",),
    ),
    "secret-spaces-before-colon": Case(
        {"inv.yaml": _top("x-password      : hunter2")},
        ("validate", "{dir}/inv.yaml"),
        secret=("hunter2",),
        stderr_has="not shown",
    ),
    "secret-explicit-key": Case(
        {"inv.yaml": _top("? x-password\n: hunter2")},
        ("validate", "{dir}/inv.yaml"),
        secret=("hunter2",),
        stderr_has="not shown",
    ),
    "secret-alias-key": Case(
        {"inv.yaml": _top("x-a: &k x-password\nx-b: {*k : hunter2}")},
        ("validate", "{dir}/inv.yaml"),
        secret=("hunter2",),
        stderr_has="not shown",
    ),
    "secret-token-as-unknown-key": Case(
        {"inv.yaml": _top(SECRET_SHAPES["github-classic"] + ": 1")},
        ("validate", "{dir}/inv.yaml"),
        secret=(SECRET_SHAPES["github-classic"],),
    ),
    "secret-token-as-duplicate-key": Case(
        {"inv.yaml": _top(f"x-t:\n  {SECRET_SHAPES['gitlab']}: 1\n  {SECRET_SHAPES['gitlab']}: 2")},
        ("validate", "{dir}/inv.yaml"),
        secret=(SECRET_SHAPES["gitlab"],),
    ),
    "secret-in-waivers": Case(
        {
            "inv.yaml": _accounts(1).encode(),
            "w.yaml": _waivers(f"    x-note: {SECRET_SHAPES['slack-token']}\n"),
        },
        ("check", "{dir}/inv.yaml", "--waivers", "{dir}/w.yaml"),
        secret=(SECRET_SHAPES["slack-token"],),
        stderr_has="w.yaml",
    ),
    "secret-in-profile": Case(
        {
            "inv.yaml": _accounts(1).encode(),
            "p.yaml": f"profile: p\ntitle: P\nextends: modern\ndescription: "
            f"{SECRET_SHAPES['stripe']}\n".encode(),
        },
        ("check", "{dir}/inv.yaml", "--profile", "{dir}/p.yaml"),
        secret=(SECRET_SHAPES["stripe"],),
        stderr_has="p.yaml",
    ),
    "secret-in-control": Case(
        {
            "inv.yaml": _accounts(1).encode(),
            "controls/SM-IA-01.yaml": (CONTROLS / "IA" / "SM-IA-01.yaml").read_bytes()
            + f"x-note: {SECRET_SHAPES['github-fine-grained']}\n".encode(),
        },
        ("check", "{dir}/inv.yaml", "--controls", "{dir}/controls"),
        secret=(SECRET_SHAPES["github-fine-grained"],),
    ),
    # class 5: people masked by what they are, in every format
    **{
        f"personal-{fmt}": Case(
            {"inv.yaml": _personal()},
            ("check", "{dir}/inv.yaml", "--format", fmt, "--include-passed"),
            codes=(1,),
            secret=PERSONAL,
        )
        for fmt in (
            *("table", "json", "sarif", "junit", "oscal"),
            *("ocsf", "csv", "markdown", "ndjson", "prometheus"),
        )
    },
    "personal-explain": Case(
        {"inv.yaml": _personal()},
        ("check", "{dir}/inv.yaml", "--explain", "SM-PS-01"),
        codes=(1,),
        secret=PERSONAL,
    ),
    "personal-unknown-person-error": Case(
        {"inv.yaml": _personal().replace(b"owner: jane.doe@", b"owner: john.roe@")},
        ("validate", "{dir}/inv.yaml"),
        secret=("john.roe",),
    ),
    # class 6: no raw control character on the terminal
    "escapes-in-control-text": Case(
        {"inv.yaml": _accounts(1).encode(), "controls/SM-IA-01.yaml": _hostile_control()},
        ("check", "{dir}/inv.yaml", "--controls", "{dir}/controls"),
        codes=(3,),
    ),
    "escapes-in-controls-show": Case(
        {"controls/SM-IA-01.yaml": _hostile_control()},
        ("controls", "show", "SM-IA-01", "--controls", "{dir}/controls"),
        codes=(0,),
    ),
    "escapes-in-controls-list": Case(
        {"controls/SM-IA-01.yaml": _hostile_control()},
        ("controls", "list", "--controls", "{dir}/controls"),
        codes=(0,),
    ),
    "escapes-in-explain": Case(
        {"inv.yaml": _accounts(1).encode(), "controls/SM-IA-01.yaml": _hostile_control()},
        ("check", "{dir}/inv.yaml", "--controls", "{dir}/controls", "--explain", "SM-IA-01"),
        codes=(3,),
    ),
    "escapes-in-file-name": Case(
        {f"inv{ESCAPES}.yaml": _accounts(1).encode()},
        ("check", f"{{dir}}/inv{ESCAPES}.yaml"),
        codes=(1,),
    ),
    "escapes-in-a-bad-file-name": Case(
        {f"inv{ESCAPES}.yaml": b"smaudit: [\n"},
        ("validate", f"{{dir}}/inv{ESCAPES}.yaml"),
    ),
    "escapes-in-waiver-id": Case(
        {
            "inv.yaml": _accounts(1).encode(),
            "w.yaml": _waivers().replace(b"id: W-1", f"id: {json.dumps('W' + ESCAPES)}".encode()),
        },
        ("check", "{dir}/inv.yaml", "--waivers", "{dir}/w.yaml"),
        codes=(1,),
    ),
    "escapes-in-value": Case(
        {"inv.yaml": _with_note("x" + ESCAPES)},
        ("check", "{dir}/inv.yaml", "--explain", "SM-GOV-01", "--include-passed"),
        codes=(1,),
    ),
}


def _loads_as_one_account(path: Path) -> None:
    from smaudit.reading.files import load_file

    text = path.read_text()
    assert "\naccounts: []" not in text
    assert len(load_file(path).data["accounts"]) == 1


@contextlib.contextmanager
def _listener() -> Iterator[tuple[int, list[object]]]:
    """A port on the loopback that records every connection made to it while the case runs:
    references in the corpus point here, so a fetch would show."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.05)
    connections: list[object] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                connection, peer = server.accept()
            except TimeoutError:
                continue
            connections.append(peer)
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], connections
    finally:
        done.set()
        thread.join()
        server.close()


def _same(path: Path, expected: bytes) -> None:
    assert path.read_bytes() == expected


def _device(path: Path, minor: int) -> None:
    """A copy of /dev/null (minor 3) or /dev/full (7) in the case's folder: the system's own
    must not be what a broken build replaces with a file, as root (it did, once)."""
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root, as the attack it tests does")
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))


def _still_a_device(path: Path) -> None:
    assert path.is_char_device(), f"{path} was replaced"


def _materialise(directory: Path, case: Case, port: int) -> list[str]:
    for name, data in case.files.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_bytes(data.replace(b"{port}", str(port).encode()))
    if case.before is not None:
        case.before(directory)
    if "inv.yaml" in case.files and not case.files["inv.yaml"]:
        (directory / "inv.yaml").write_text(_accounts(1))
    return [arg.replace("{dir}", str(directory)) for arg in case.args]


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_corpus(tmp_path: Path, name: str) -> None:
    case = CORPUS[name]
    with _listener() as (port, connections):
        args = _materialise(tmp_path, case, port)
        rss = tmp_path / "rss.txt"
        if name.startswith(IN_PROCESS):
            result, seconds = _run_here(args)
            rss.write_text("0")
        else:
            result, seconds = run(*args, rss=rss)
    assert connections == [], "smaudit tried to connect"
    output = result.stdout + result.stderr
    assert result.returncode in case.codes, output[-2000:]
    assert "Traceback" not in output and "internal error" not in output
    assert not RAW_CONTROL.search(output), "a raw control character reached the terminal"
    for secret in case.secret:
        assert secret not in output
    assert case.stderr_has in result.stderr
    assert seconds < SECONDS + 1.0  # the interpreter's own start-up is included here
    assert int(rss.read_text()) / 1024 < MEGABYTES
    if case.extra is not None:
        case.extra(tmp_path)


# Cases about what a message or an output shows run in this process, a tenth of the time; those
# about cost, signals, pipes and devices run in a fresh process that measures its own memory.
IN_PROCESS = ("secret-", "personal-", "escapes-in-control", "escapes-in-explain")


def _run_here(args: list[str]) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.perf_counter()
    result = CliRunner().invoke(cli, args)
    done = subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)
    return done, time.perf_counter() - start


def _spawn(*args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "smaudit", *args],
        env=env,
        # as from a terminal: a shell starts a background job (and so a test run started with
        # `&`) with Ctrl-C ignored, which the child would inherit and rightly keep
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        **kwargs,  # type: ignore[call-overload]
    )


def test_a_closed_pipe_ends_the_run_quietly(tmp_path: Path) -> None:
    inventory = tmp_path / "inv.yaml"
    inventory.write_text(_accounts(3000))
    reader = subprocess.Popen(["head", "-c", "10"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    writer = _spawn(
        "check", str(inventory), "--format", "json", stdout=reader.stdin, stderr=subprocess.PIPE
    )
    assert reader.stdin is not None
    reader.stdin.close()
    _, stderr = writer.communicate(timeout=60)
    reader.wait(timeout=10)
    assert writer.returncode == 128 + signal.SIGPIPE, stderr
    assert stderr == b""


@pytest.mark.parametrize(
    ("signum", "code"),
    [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)],
)
def test_a_stopping_signal_leaves_no_temporary_file(tmp_path: Path, signum: int, code: int) -> None:
    inventory = tmp_path / "inv.yaml"
    inventory.write_text(_accounts(2000))
    out = tmp_path / "out"
    out.mkdir()
    # stdout is a pipe nobody reads yet: the feed goes to it and to the file chunk by chunk, so
    # the run blocks once the pipe is full, with the file's temporary copy open
    process = _spawn(
        "check",
        str(inventory),
        "--format",
        "json",
        "--output",
        f"json:{out / 'feed.json'}",
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while not any(out.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [p.name.endswith(".tmp") for p in out.iterdir()] == [True]
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == code, stderr
    assert b"Traceback" not in stderr
    assert list(out.iterdir()) == []


def test_a_read_only_history_can_be_read(tmp_path: Path) -> None:
    folder = tmp_path / "history"
    folder.mkdir()
    history = folder / "history.sqlite"
    inventory = tmp_path / "inv.yaml"
    inventory.write_text(_accounts(2))
    recorded, _ = run("check", str(inventory), "--history", str(history))
    assert recorded.returncode == 1, recorded.stderr
    # immutable: not even root may write it (permission bits would not stop root)
    frozen = [history, folder]
    if subprocess.run(["chattr", "+i", *map(str, frozen)], capture_output=True).returncode:
        pytest.skip("chattr +i is not available here (needs root and a file system with it)")
    try:
        result, _ = run("history", "--history", str(history))
    finally:
        subprocess.run(["chattr", "-i", *map(str, frozen)], check=True)
    assert result.returncode == 0, result.stderr
    assert "modern" in result.stdout, result.stdout
