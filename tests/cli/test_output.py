"""Atomic output files (smaudit.output): a reader sees the old file or the new one, never a
part, whether the text comes whole or as a stream that fails midway."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from smaudit.cli.output import write_atomic, write_stream_atomic
from smaudit.errors import InputError


def _chunks_then_failure() -> Iterator[bytes]:
    yield b'{\n  "findings": ['
    yield b"\n    {}" * 1000
    raise RuntimeError("the renderer failed midway")


def test_a_stream_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "feed.json"
    write_stream_atomic(target, iter([b"caf", "\u00e9 ".encode(), b"", b"ok\n"]))
    assert target.read_bytes() == "caf\u00e9 ok\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["feed.json"]


def test_a_failing_stream_leaves_the_target_untouched(tmp_path: Path) -> None:
    target = tmp_path / "feed.json"
    target.write_bytes(b"the previous run\n")
    os.chmod(target, 0o640)
    with pytest.raises(RuntimeError, match="midway"):
        write_stream_atomic(target, _chunks_then_failure())
    assert target.read_bytes() == b"the previous run\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["feed.json"]  # the temporary is removed


def test_a_failing_stream_creates_no_target(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        write_stream_atomic(tmp_path / "feed.json", _chunks_then_failure())
    assert list(tmp_path.iterdir()) == []


def test_permissions_are_those_of_a_plain_file_or_of_the_file_replaced(tmp_path: Path) -> None:
    """mkstemp's private 0600 would lock out a collector running as another user."""
    umask = os.umask(0o022)
    try:
        write_stream_atomic(tmp_path / "new.json", [b"{}\n"])
        write_atomic(tmp_path / "new.txt", "text\n")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o644
    existing = tmp_path / "existing.json"
    existing.write_bytes(b"old")
    os.chmod(existing, 0o604)
    write_stream_atomic(existing, [b"new"])
    assert existing.read_bytes() == b"new" and existing.stat().st_mode & 0o777 == 0o604


def test_write_atomic_writes_utf8_text_as_is(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_atomic(target, "line\r\nna\u00efve\n")
    assert target.read_bytes() == "line\r\nna\u00efve\n".encode()


def test_an_unwritable_target_is_an_input_error_naming_it(tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "feed.json"
    with pytest.raises(InputError) as caught:
        write_stream_atomic(target, [b"{}\n"])
    assert str(target) in str(caught.value.problems[0])


@pytest.mark.parametrize("stop", [KeyboardInterrupt, SystemExit])
def test_a_stop_just_as_the_temporary_file_is_made_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: type[BaseException]
) -> None:
    """A Ctrl-C (or a stopping signal's exit) arriving the moment the temporary file exists,
    before anything else runs: a busy machine once left `.out.json.XXXX.tmp` behind this way,
    when the name came back from tempfile.mkstemp only after the file was made."""
    real_open = os.open

    def open_then_stop(name: Any, flags: int, mode: int = 0o777) -> int:
        real_open(name, flags, mode)
        raise stop

    monkeypatch.setattr(os, "open", open_then_stop)
    with pytest.raises(stop):
        write_stream_atomic(tmp_path / "out.json", iter([b"{}"]))
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []
