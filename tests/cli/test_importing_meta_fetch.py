"""`import meta --fetch`: the recorded Business Manager responses served by a Graph stand-in on
the loopback, fetched with a token that must travel only in the Authorization header and never
reach an address, a saved file, or anything smaudit prints."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from smaudit.cli.importing import import_group
from smaudit.errors import InputError
from smaudit.inventory.importers import meta_http
from smaudit.inventory.importers.meta import import_meta
from smaudit.inventory.importers.meta_fetch import strip_token

DATA = Path(__file__).parents[1] / "data" / "meta"
BUSINESS, PAGE, INSTAGRAM = "1029384756102938", "104857600000001", "178414000000001"
TOKEN = "EAAGm0PX4ZCpsBAFAKE-token-7f3a9c"
RECORDED = "https://graph.facebook.com/v21.0"


Tamper = Callable[[str, str], str]
"""What a hostile Graph does to an answer: (body, its own base) -> the body it sends."""


def foreign(body: str, base: str) -> str:
    """The first page of business users says the next is on another host."""
    return body.replace(f"{base}/{BUSINESS}/business_users", "https://evil.example/x")


@contextlib.contextmanager
def graph(
    refuse: float | None = None, tamper: Tamper | None = None
) -> Iterator[tuple[str, list[dict]]]:
    """A Graph stand-in serving the recorded files, its paging addresses pointing at itself
    (the first with the caller's token in it, as Meta writes it); `refuse` answers every call
    with that Graph error code, `tamper` rewrites every answer."""
    calls: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            calls.append({"path": self.path, "auth": self.headers.get("Authorization")})
            status, body = self._answer(parts.path.removeprefix("/v24.0/"), query)
            data = body.replace(RECORDED, base).replace("PLACEHOLDER", TOKEN)
            if tamper is not None:
                data = tamper(data, base)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(data.encode())

        def _answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, str]:
            if refuse is not None:
                message = f"Invalid OAuth access token - Cannot parse access token {TOKEN}"
                return 400, json.dumps({"error": {"message": message, "code": refuse}})
            files = {
                BUSINESS: "business.json",
                f"{BUSINESS}/business_users": (
                    "business_users_2.json" if "after" in query else "business_users_1.json"
                ),
                PAGE: "page.json",
                f"{PAGE}/assigned_users": "page_users_2.json",
                INSTAGRAM: "instagram.json",
            }
            owned = {"owned_pages": PAGE, "owned_instagram_assets": INSTAGRAM}
            for edge, asset in owned.items():
                if path == f"{BUSINESS}/{edge}":
                    return 200, json.dumps({"data": [{"id": asset}]})
            if path in files:
                return 200, (DATA / files[path]).read_text()
            return 400, json.dumps({"error": {"message": "Unsupported get request", "code": 100}})

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/v24.0"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base, calls
    finally:
        server.shutdown()
        server.server_close()


def fetch(
    runner: CliRunner, tmp_path: Path, base: str, *extra: str, token: str | None = TOKEN
) -> tuple[int, str, Path]:
    """`import meta --fetch` against `base`: exit code, output, the folder of saved answers."""
    out, saved = tmp_path / "meta.yaml", tmp_path / "responses"
    env = {"SMAUDIT_META_GRAPH_URL": base, "SMAUDIT_META_TOKEN": token}
    args = ["meta", "--fetch", BUSINESS, "--save-to", str(saved), "-o", str(out), *extra]
    result = runner.invoke(import_group, args, env=env)
    return result.exit_code, result.output, saved


def test_fetch_saves_what_import_meta_reads_and_keeps_the_token_off_the_wire(
    runner: CliRunner, tmp_path: Path
) -> None:
    with graph() as (base, calls):
        code, output, saved = fetch(runner, tmp_path, base)
    assert code == 0, output
    assert f"fetched 8 Graph API calls into {saved}" in output
    assert {call["auth"] for call in calls} == {f"Bearer {TOKEN}"}
    assert not any(TOKEN in call["path"] for call in calls)  # never in an address
    assert TOKEN not in output
    files = sorted(saved.iterdir())
    assert [f.name for f in files] == [
        "business-users-1.json",
        "business-users-2.json",
        "business.json",
        f"instagram-{INSTAGRAM}.json",
        f"page-{PAGE}-users-1.json",
        f"page-{PAGE}.json",
    ]
    assert not any(TOKEN in f.read_text() or "access_token" in f.read_text() for f in files)
    # the fetched files read as the hand-saved ones do
    fetched, saved_by_hand = import_meta(files), import_meta(sorted(DATA.glob("[bpi]*.json")))
    assert [a.record.source.fields for a in fetched.accounts] == [
        a.record.source.fields for a in saved_by_hand.accounts
    ]
    written = (tmp_path / "meta.yaml").read_text()
    assert f'recorded_on: "{dt.datetime.now(dt.UTC).date().isoformat()}"' in written
    assert TOKEN not in written


def _first_users_page(body: str, base: str, to: str) -> str:
    return body.replace(f"{base}/{PAGE}/assigned_users", to)


@pytest.mark.parametrize(
    ("refuse", "tamper", "token", "message"),
    [
        (190, None, TOKEN, "error code 190: the token is invalid or has expired"),
        (10, None, TOKEN, "error code 10: the token lacks a permission"),
        (None, foreign, TOKEN, "an address outside http://127.0.0.1"),
        (None, None, None, "needs a Graph API access token in the environment variable"),
        # the first page of a Page's users, on a host whose name begins like the Graph's
        (
            None,
            lambda body, base: _first_users_page(body, base, base.replace("/v24.0", "9/v24.0")),
            TOKEN,
            "an address outside http://127.0.0.1",
        ),
        (
            None,
            lambda body, base: _first_users_page(body, base, "http://evil.example/u"),
            TOKEN,
            "an address outside",
        ),
        (None, lambda body, base: "[" * 200_000, TOKEN, "nested too deeply"),
        # a lone surrogate, which JSON allows and UTF-8 cannot hold: saved escaped, then
        # refused by the reader at its place, as in a file saved by hand
        (
            None,
            lambda body, base: body.replace('"name": "Dep', '"odd": "\\ud800", "name": "Dep'),
            TOKEN,
            "invalid JSON: a lone surrogate",
        ),
        (
            None,
            lambda body, base: body.replace("after=QVFIUkGGGG", "after=a b"),
            TOKEN,
            "could not reach Meta",
        ),
    ],
)
def test_a_failed_fetch_exits_2_and_says_why_without_the_token(
    runner: CliRunner,
    tmp_path: Path,
    refuse: float | None,
    tamper: Tamper | None,
    token: str | None,
    message: str,
) -> None:
    with graph(refuse, tamper) as (base, calls):
        code, output, saved = fetch(runner, tmp_path, base, token=token)
    assert code == 2, output
    assert message in output
    assert TOKEN not in output and "Traceback" not in output
    assert not (tmp_path / "meta.yaml").exists()
    assert not any("evil" in call["path"] for call in calls)
    for file in saved.glob("*.json") if saved.exists() else ():
        assert TOKEN not in file.read_text()


def test_a_token_meta_echoes_is_scrubbed_from_what_is_saved(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Wherever the answer carries the token (a debug field, a paging address that names it
    otherwise than access_token=), it is saved and followed without it."""

    def echo(body: str, base: str) -> str:
        body = body.replace("access_token=", "token=")
        debug = f'"debug": "Bearer {TOKEN}", "name": "Department'
        return body.replace('"name": "Department', debug)

    with graph(None, echo) as (base, calls):
        code, output, saved = fetch(runner, tmp_path, base)
    assert code == 0, output
    assert not any(TOKEN in call["path"] for call in calls)
    texts = [file.read_text() for file in saved.iterdir()]
    assert any("Bearer [token]" in text for text in texts)
    assert any("token=%5Btoken%5D" in text or "token=[token]" in text for text in texts)
    assert not any(TOKEN in text for text in texts)


def test_a_loopback_fetch_never_goes_through_a_proxy(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The token would cross the network in the clear to the proxy."""
    with graph() as (proxy, proxied), graph() as (base, calls):
        monkeypatch.setenv("http_proxy", proxy.removesuffix("/v24.0"))
        monkeypatch.delenv("no_proxy", raising=False)
        monkeypatch.delenv("NO_PROXY", raising=False)
        code, output, _ = fetch(runner, tmp_path, base)
    assert code == 0, output
    assert proxied == [] and calls


def test_an_answer_that_never_ends_is_cut_off(monkeypatch: pytest.MonkeyPatch) -> None:
    class Drip:
        def read1(self, size: int) -> bytes:
            return b" "

    clock = iter(range(0, 10_000, 60))
    monkeypatch.setattr(meta_http.time, "monotonic", lambda: float(next(clock)))
    with pytest.raises(InputError) as caught:
        meta_http._read(Drip(), "graph.facebook.com/v24.0/1")
    assert "no full answer in 180 s" in str(caught.value)


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--fetch", "12; rm -rf /", "--save-to", "{tmp}/r"], {}, "a business id is digits only"),
        (["--fetch", BUSINESS], {}, "--fetch needs --save-to DIR"),
        (["--save-to", "{tmp}/r", "x.json"], {}, "--save-to goes with --fetch"),
        (
            ["--fetch", BUSINESS, "--save-to", "{tmp}/r"],
            {"SMAUDIT_META_GRAPH_URL": "http://graph.example.net/v24.0"},
            "must be https:// (or http:// on the loopback)",
        ),
        (
            ["--fetch", BUSINESS, "--save-to", "{tmp}/r"],
            {"SMAUDIT_META_GRAPH_URL": "http://127.0.0.1:17602x/v24.0"},
            "the Graph address has no valid port",
        ),
    ],
)
def test_fetch_refuses_bad_requests_before_any_call(
    runner: CliRunner, tmp_path: Path, args: list[str], env: dict[str, str], message: str
) -> None:
    argv = ["meta", *(a.replace("{tmp}", str(tmp_path)) for a in args)]
    result = runner.invoke(import_group, argv, env={"SMAUDIT_META_TOKEN": TOKEN, **env})
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert TOKEN not in result.output


def test_a_used_folder_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "responses").mkdir()
    (tmp_path / "responses" / "old.json").write_text("{}")
    code, output, _ = fetch(runner, tmp_path, "http://127.0.0.1:9/v24.0")
    assert code == 2 and "is not empty: give a new folder" in output


def test_tokens_are_taken_out_of_paging_addresses() -> None:
    url = f"{RECORDED}/1/business_users?access_token={TOKEN}&fields=id%2Cname&after=QVF"
    assert strip_token(url) == f"{RECORDED}/1/business_users?fields=id,name&after=QVF"


def test_only_the_fetch_option_reaches_the_network_module() -> None:
    """SECURITY.md's promise: nothing but `import meta --fetch` imports the module that makes a
    network call, and no other module of smaudit opens a connection."""
    source = Path(__file__).parents[2] / "src" / "smaudit"
    importers = {
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if "meta_http" in path.read_text(encoding="utf-8")
    }
    assert importers == {"cli/importing_meta.py"}
    network = {
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if any(
            word in path.read_text(encoding="utf-8")
            for word in ("urllib.request", "http.client", "import socket", "import requests")
        )
    }
    assert network == {"inventory/importers/meta_http.py"}


def test_a_fetch_stops_at_its_call_limit(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A business whose listings name Page after Page costs a call each: the fetch has a cap."""
    monkeypatch.setattr("smaudit.inventory.importers.meta_fetch.MAX_CALLS", 3)
    with graph() as (base, calls):
        code, output, _ = fetch(runner, tmp_path, base)
    assert code == 2 and "over 3 calls: stopped" in output
    assert len(calls) == 3
