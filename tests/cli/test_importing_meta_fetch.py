"""`import meta --fetch`: the recorded Business Manager responses served by a Graph stand-in on
the loopback, fetched with a token that must travel only in the Authorization header and never
reach an address, a saved file, or anything smaudit prints."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from smaudit.cli.importing import import_group
from smaudit.inventory.importers.meta import import_meta
from smaudit.inventory.importers.meta_fetch import strip_token

DATA = Path(__file__).parents[1] / "data" / "meta"
BUSINESS, PAGE, INSTAGRAM = "1029384756102938", "104857600000001", "178414000000001"
TOKEN = "EAAGm0PX4ZCpsBAFAKE-token-7f3a9c"
RECORDED = "https://graph.facebook.com/v21.0"


@contextlib.contextmanager
def graph(refuse: int | None = None, foreign: bool = False) -> Iterator[tuple[str, list[dict]]]:
    """A Graph stand-in serving the recorded files, its paging addresses pointing at itself
    (the first with the caller's token in it, as Meta writes it); `refuse` answers every call
    with that Graph error code, `foreign` points the first paging address at another host."""
    calls: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            calls.append({"path": self.path, "auth": self.headers.get("Authorization")})
            status, body = self._answer(parts.path.removeprefix("/v24.0/"), query)
            data = body.replace(RECORDED, base).replace("PLACEHOLDER", TOKEN)
            if foreign:
                data = data.replace(f"{base}/{BUSINESS}/business_users", "https://evil.example/x")
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


@pytest.mark.parametrize(
    ("refuse", "foreign", "token", "extra", "message"),
    [
        (190, False, TOKEN, (), "error code 190: the token is invalid or has expired"),
        (10, False, TOKEN, (), "error code 10: the token lacks a permission"),
        (None, True, TOKEN, (), "a paging address outside http://127.0.0.1"),
        (None, False, None, (), "needs a Graph API access token in the environment variable"),
    ],
)
def test_a_failed_fetch_exits_2_and_says_why_without_the_token(
    runner: CliRunner,
    tmp_path: Path,
    refuse: int | None,
    foreign: bool,
    token: str | None,
    extra: tuple[str, ...],
    message: str,
) -> None:
    with graph(refuse, foreign) as (base, calls):
        code, output, _ = fetch(runner, tmp_path, base, *extra, token=token)
    assert code == 2, output
    assert message in output
    assert TOKEN not in output and "Traceback" not in output
    assert not (tmp_path / "meta.yaml").exists()
    if foreign:
        assert not any("evil" in call["path"] for call in calls)


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
