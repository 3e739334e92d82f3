"""Columns of plain text for the terminal: what the findings and drift tables are made of.

Written out rather than laid out by tabulate: at a million rows tabulate took minutes, in its
ANSI-aware wrapping and in guessing which cells are numbers, and the guessing showed an account
id such as 1e5 as 100000.0. Here every cell is text, left-aligned, as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from textwrap import TextWrapper


@cache
def _wrapper(width: int) -> TextWrapper:
    return TextWrapper(width=width)


def wrap(text: str, width: int) -> list[str]:
    """The text in lines of at most `width` characters (a longer word is cut), blank lines
    left out; one empty line for no text."""
    return _wrapped(text, width, _wrapper(width))


def _wrapped(text: str, width: int, wrapper: TextWrapper) -> list[str]:
    lines: list[str] = []
    for line in text.splitlines():
        short = _fitting(line, width)
        if short is None:
            lines += _wrapped_line(line, wrapper)
        elif short:
            lines.append(short)
    return lines or [""]


@lru_cache(maxsize=8192)
def _wrapped_line(line: str, wrapper: TextWrapper) -> tuple[str, ...]:
    """A long line wrapped, remembered: findings repeat their messages (at 10,000 accounts,
    77,000 long messages held 11,800 distinct texts), and the lines come out the same."""
    return tuple(wrapper.wrap(line))


def _fitting(line: str, width: int) -> str | None:
    """What TextWrapper makes of a printable ASCII line that fits in `width`, without its
    chunking (most cells fit; at 10,000 accounts wrapping them was half of writing the table):
    the line less its trailing spaces, "" for a blank one. None for a line to wrap, or with
    tabs or other whitespace, whose treatment (expanded, dropped at a line's end, kept in a
    word) TextWrapper decides."""
    if len(line) > width or not (line.isascii() and line.isprintable()):
        return None
    return line.rstrip(" ")


def columns(rows: Sequence[Sequence[list[str]]]) -> list[str]:
    """Rows of cells, each cell its lines, as lines of text: each column as wide as its widest
    line, two spaces between columns, a row as tall as its tallest cell, no trailing spaces."""
    if not rows:
        return []
    widths = [max(len(line) for row in rows for line in row[i]) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        for i in range(max(len(cell) for cell in row)):
            texts = [cell[i] if i < len(cell) else "" for cell in row]
            lines.append(
                "  ".join(f"{t:<{w}}" for t, w in zip(texts, widths, strict=True)).rstrip()
            )
    return lines


@cache
def _word_wrapper(width: int, indent: str) -> TextWrapper:
    return TextWrapper(
        width=width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
    )


def wrap_words(text: str, width: int, indent: str = "") -> list[str]:
    """The text in lines of at most `width` characters, broken only between words: a word (an
    id, a path, `person-1a2b3c4d`) longer than the line is kept whole on a line of its own.
    Lines after the first start with `indent`. One empty line for no text."""
    width = max(width, 1)
    return _wrapped(text, width, _word_wrapper(width, indent))
