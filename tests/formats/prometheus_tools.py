"""Prometheus's own tools, as the tests run them: promtool, and a node_exporter serving a
textfile directory on localhost. Absent on a developer machine, they are skipped with the
command that installs them; CI sets SMAUDIT_EXPECT_PROMETHEUS, and there an absent tool fails."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

INSTALL = "apt-get install prometheus prometheus-node-exporter (Debian's packages)"


def tool(*names: str) -> str:
    """The first of `names` on PATH (Debian names node_exporter prometheus-node-exporter)."""
    for name in names:
        found = shutil.which(name)
        if found is not None:
            return found
    if os.environ.get("SMAUDIT_EXPECT_PROMETHEUS"):
        pytest.fail(f"{names[0]} is not installed, and SMAUDIT_EXPECT_PROMETHEUS requires it")
    pytest.skip(f"{names[0]} is not installed: {INSTALL}")


def promtool_problems(text: str) -> str:
    """What `promtool check metrics` says of an exposition (parse errors and lint), "" if
    nothing."""
    done = subprocess.run(
        [tool("promtool"), "check", "metrics"],
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return "" if done.returncode == 0 else (done.stdout + done.stderr or f"exit {done.returncode}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def node_exporter(directory: Path) -> Iterator[tuple[str, Path]]:
    """A node_exporter with only the textfile collector, reading `directory`: yields its
    /metrics address on localhost and the file its log goes to. Stopped on leaving."""
    binary = tool("prometheus-node-exporter", "node_exporter")
    port = _free_port()
    log = directory.parent / f"{directory.name}-node-exporter.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [
                binary,
                f"--web.listen-address=127.0.0.1:{port}",
                "--collector.disable-defaults",
                "--collector.textfile",
                f"--collector.textfile.directory={directory}",
            ],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    address = f"http://127.0.0.1:{port}/metrics"
    try:
        _wait_for(address, process, log)
        yield address, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(address: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"node_exporter exited with {process.returncode}: {log.read_text()}")
        with contextlib.suppress(OSError), urllib.request.urlopen(address, timeout=2):
            return
        time.sleep(0.1)
    pytest.fail(f"node_exporter did not answer on {address}: {log.read_text()}")


def scrape(address: str) -> str:
    """One scrape, as Prometheus makes it."""
    with urllib.request.urlopen(address, timeout=10) as response:
        text: str = response.read().decode("utf-8")
        return text
