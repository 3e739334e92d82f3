"""The terminal (issue 19, item 3): the table fits the terminal's width without cutting a word,
a long run opens with a summary that fits one screen, and progress shows only on a terminal
outside CI."""

from __future__ import annotations

import io
import re

import pytest
from click.testing import CliRunner

from smaudit.cli import progress
from smaudit.cli.app import cli
from smaudit.formats import RenderOptions
from smaudit.formats.findings import table
from smaudit.formats.plaintext import wrap_words
from smaudit.model import Report
from tests.conftest import AS_OF, SAMPLES

SAMPLE = str(SAMPLES / "agency.yaml")


def _table(*args: str, columns: int = 80) -> str:
    result = CliRunner().invoke(
        cli, ["check", SAMPLE, "--as-of", AS_OF, *args], env={"COLUMNS": str(columns)}
    )
    assert result.exit_code == 1, result.output
    return result.stdout


def _words(text: str) -> set[str]:
    return set(re.findall(r"\S+", text))


def _wide_words(report_args: tuple[str, ...]) -> set[str]:
    """Every word the table says, laid out so wide that nothing wraps."""
    return _words(_table(*report_args, columns=10_000))


@pytest.mark.parametrize(
    "args", [("--details",), ("--details", "--group-by", "owner"), ("--summary",)]
)
def test_at_80_columns_every_line_fits_and_no_word_is_cut(args: tuple[str, ...]) -> None:
    text = _table(*args)
    long = [line for line in text.splitlines() if len(line) > 80]
    # a line may pass 80 only when it is one word too long for any line (a long path)
    assert all(len(line.split()) == 1 for line in long), long
    if args != ("--summary",):  # (the summary shortens titles at a word, with " ...")
        assert _words(text) == _wide_words(args)  # the same words: none was cut in two


def test_ids_stay_whole_at_40_columns() -> None:
    text = _table("--details", columns=40)
    assert "SM-IA-01" in _words(text) and "dcr-instagram-hurricane" in _words(text)
    assert not re.search(r"(^|\s)SM-\s*$", text, re.M)


def test_wrap_words_keeps_a_long_word_whole() -> None:
    assert wrap_words("a person-1a2b3c4d b", 5) == ["a", "person-1a2b3c4d", "b"]


def test_the_summary_fits_one_screen_and_names_the_worst_control_first() -> None:
    text = _table("--summary")
    lines = text.splitlines()
    assert len(lines) <= 24 and "SM-IA-01" in lines[2]
    assert "--details lists each one" in text and "143 failed" in text


def test_a_long_run_on_a_terminal_opens_with_the_summary(report: Report) -> None:
    short = RenderOptions(width=80, screen_lines=5)
    assert table.render(report, short).startswith("Needs attention, by control")
    tall = RenderOptions(width=80, screen_lines=500)
    assert table.render(report, tall).startswith("CRITICAL")
    assert table.render(report, RenderOptions(width=80)).startswith("CRITICAL")  # not a tty
    forced = RenderOptions(width=80, screen_lines=5, table_view="details")
    assert table.render(report, forced).startswith("CRITICAL")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_outside_ci() -> None:
    assert progress.wanted(_Tty(), {"TERM": "xterm"})
    assert not progress.wanted(_Tty(), {"CI": "true"})
    assert not progress.wanted(_Tty(), {"TERM": "dumb"})
    assert not progress.wanted(io.StringIO(), {})


def test_progress_shows_after_the_delay_and_clears_its_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stream = _Tty()
    monkeypatch.setattr(progress.sys, "stderr", stream)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "_EVERY", 0.01)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    with progress.progress("checking"):
        import time

        time.sleep(0.1)
    text = stream.getvalue()
    assert "smaudit: checking (" in text and text.endswith("\r\033[K")
    quiet = _Tty()
    monkeypatch.setattr(progress.sys, "stderr", quiet)
    monkeypatch.setattr(progress, "DELAY", 5.0)
    with progress.progress("checking"):
        pass
    assert quiet.getvalue() == ""
