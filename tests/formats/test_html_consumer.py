"""The HTML report as its readers' browser sees it: headless Chromium opens the page with
JavaScript off and records every request that is not the file itself; axe-core checks it
against WCAG 2.0 and 2.1, levels A and AA, in the light and the dark colour scheme
(tests/formats/html_consumer/axe_check.mjs). On the sample, the held-out inventory (the
Department of Commerce's real registry records, imported: an inventory nobody here wrote) and
2,000 generated accounts.

Where Chromium, Node or the npm packages (axe-core, playwright-core in SMAUDIT_HTML_TOOLS) are
absent these tests are skipped; CI installs them and sets SMAUDIT_EXPECT_HTML_CONSUMER, so
there a missing one fails."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from smaudit.cli.app import cli
from tests.conftest import AS_OF, SAMPLES, generator, needs_shared

HARNESS = Path(__file__).parent / "html_consumer" / "axe_check.mjs"
CHROMIUM = os.environ.get("SMAUDIT_CHROMIUM", "/usr/bin/chromium")
TOOLS = os.environ.get("SMAUDIT_HTML_TOOLS", "")
EMAIL_LIMIT = 5_000_000
"""Bytes: what a page of 2,000 accounts must stay under to go as an e-mail attachment."""


def _missing() -> str | None:
    """Why the consumer cannot run here, or None."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is absent (apt-get install chromium, or set SMAUDIT_CHROMIUM)"
    packages = ("axe-core", "playwright-core")
    if not TOOLS or not all((Path(TOOLS) / "node_modules" / p).is_dir() for p in packages):
        return (
            "axe-core and playwright-core are not installed: npm install --prefix DIR "
            "axe-core playwright-core, then set SMAUDIT_HTML_TOOLS=DIR"
        )
    return None


MISSING = _missing()
if os.environ.get("SMAUDIT_EXPECT_HTML_CONSUMER"):
    assert MISSING is None, f"CI installs the HTML consumer: {MISSING}"
needs_consumer = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")


def consume(page: Path, *extra: str) -> dict[str, Any]:
    """The harness's findings on `page`: requests made, and axe's violations per scheme."""
    command = ["node", str(HARNESS), str(page), *extra]
    env = {**os.environ, "SMAUDIT_HTML_TOOLS": TOOLS, "SMAUDIT_CHROMIUM": CHROMIUM}
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=600, check=False, env=env
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def assert_clean(found: dict[str, Any]) -> None:
    assert found["requests"] == []
    assert set(found["schemes"]) == {"light", "dark"}
    assert found["schemes"] == {"light": [], "dark": []}


def _check(*args: str) -> None:
    result = CliRunner().invoke(cli, ["check", *args, "--as-of", AS_OF])
    assert result.exit_code in (0, 1), result.output


@needs_consumer
def test_the_consumer_rejects_what_it_should(tmp_path: Path) -> None:
    """Not vacuous: a page that fetches an image, lacks a language and has faint text fails."""
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>t</title><style>p{color:#bbb;background:#fff}"
        '</style></head><body><p>faint</p><img src="https://example.invalid/a.png"></body></html>',
        "utf-8",
    )
    found = consume(page)
    assert found["requests"] == ["https://example.invalid/a.png"]
    ids = {v["id"] for v in found["schemes"]["light"]}
    assert {"color-contrast", "html-has-lang", "image-alt"} <= ids


@needs_consumer
def test_the_sample_with_waivers_a_baseline_and_a_history(tmp_path: Path) -> None:
    """Every part of the page: waivers in force, expired and unused, the strip, the trend."""
    baseline, page = tmp_path / "baseline.json", tmp_path / "report.html"
    history = str(tmp_path / "history.db")
    agency, waivers = str(SAMPLES / "agency.yaml"), str(SAMPLES / "waivers.yaml")
    _check(agency, f"--output=json:{baseline}", "--history", history)
    _check(agency, "--waivers", waivers, "--history", history)
    _check(
        agency,
        "--waivers",
        waivers,
        "--baseline",
        str(baseline),
        "--history",
        history,
        f"--output=html:{page}",
    )
    text = page.read_text("utf-8")
    assert "Compared with run" in text
    assert text.count("<polyline") == 2
    assert_clean(consume(page))


@needs_consumer
def test_the_held_out_inventory(tmp_path: Path) -> None:
    """391 real Commerce accounts, imported: almost everything not assessed, one owner."""
    records = needs_shared("realdata/us-digital-registry-2017/DOC_accts.json")
    inventory, page = tmp_path / "commerce.yaml", tmp_path / "report.html"
    result = CliRunner().invoke(
        cli, ["import", "registry", str(records), "-q", "-o", str(inventory)]
    )
    assert result.exit_code == 0, result.output
    _check(str(inventory), f"--output=html:{page}")
    assert "more accounts of this owner not listed here" in page.read_text("utf-8")
    assert_clean(consume(page))


@pytest.fixture(scope="module")
def two_thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page for benchmarks/generate.py's 2,000 accounts (seed 7)."""
    generate = generator()
    folder = tmp_path_factory.mktemp("html2000")
    with (folder / "accounts.yaml").open("w", encoding="utf-8") as out:
        out.writelines(generate.to_yaml(generate.inventory(2_000, 7)))
    with contextlib.chdir(folder):
        _check("accounts.yaml", "--output=html:report.html")
    return folder / "report.html"


def test_two_thousand_accounts_fit_an_email(two_thousand: Path) -> None:
    text = two_thousand.read_text("utf-8")
    assert len(text.encode()) < EMAIL_LIMIT
    assert "not listed here: the JSON feed" in text  # the caps are met, and said


@needs_consumer
def test_two_thousand_accounts(two_thousand: Path) -> None:
    assert_clean(consume(two_thousand))
