"""Render a run's documents to their targets: the terminal, files, and streamed formats written
once whatever the number of their files."""

from __future__ import annotations

import codecs
import collections
import os
import shutil
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import click

from smaudit.cli.output import write_atomic, write_stream_atomic
from smaudit.errors import InputError
from smaudit.formats import FORMATS, RenderOptions
from smaudit.formats.findings.table_overview import summary_line
from smaudit.formats.options import DEFAULT_OPTIONS
from smaudit.formats.registry import Format
from smaudit.model import Report

D = TypeVar("D")


def emit(
    report: Report,
    targets: Sequence[tuple[str, Path | None]],
    listed: bool,
    options: RenderOptions = DEFAULT_OPTIONS,
) -> None:
    """Render each target, in the order given; formats that report every outcome get the
    passes, others only what needs attention unless passes were asked for. The summary goes to
    stderr unless the table is on the terminal."""
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    files: dict[str, Path] = {}
    for name, path in targets:
        if path is not None:
            files.setdefault(name, path)
    options = replace(options, outputs=files)
    done: set[str] = set()
    for name, path in targets:
        chosen = FORMATS[name]
        view = report if listed or chosen.needs_all_outcomes else report.without_passes()
        if chosen.stream is not None:
            if name not in done:  # every target of this format, at its first place
                done.add(name)
                _emit_stream(chosen.stream(view, options), [p for n, p in targets if n == name])
            continue
        text = chosen.render(view, _for_terminal(options, color) if path is None else options)
        if path is None:
            click.echo(text, nl=False)
        else:
            write_atomic(path, text)
    if ("table", None) not in targets:
        click.echo(summary_line(report), err=True)


def _for_terminal(options: RenderOptions, color: bool) -> RenderOptions:
    """What the table on stdout is laid out for: on a terminal (or when COLUMNS asks), its
    width, and on a terminal its height. Into a pipe or a file, the layout that does not depend
    on where it ran (messages at 70 characters, one summary line), as scripts read it."""
    terminal = sys.stdout.isatty()
    if not terminal and "COLUMNS" not in os.environ:
        return replace(options, color=color)
    size = shutil.get_terminal_size()
    screen = size.lines if terminal else None
    return replace(options, color=color, width=max(size.columns, 20), screen_lines=screen)


def write_targets(
    document: D, targets: Sequence[tuple[str, Path | None]], formats: Mapping[str, Format[D]]
) -> None:
    """Render a drift or history view to each target, in the order given (these are small:
    one text each, never streamed)."""
    for name, path in targets:
        text = formats[name].render(document, RenderOptions())
        if path is None:
            click.echo(text, nl=False)
        else:
            write_atomic(path, text)


def _emit_stream(chunks: Iterable[bytes], paths: list[Path | None]) -> None:
    """A streamed format is rendered once, chunk by chunk, whatever the number of its targets
    (`--format json --output json:F` is common in CI): the whole text never exists at once."""
    files = [p for p in paths if p is not None]
    to_stdout = None in paths
    if to_stdout:
        chunks = _echoed(chunks)
    if files:
        try:
            write_stream_atomic(files[0], chunks)
        except InputError:
            if to_stdout:  # stdout still gets the whole text before the file's error is reported
                collections.deque(chunks, maxlen=0)
            raise
    elif to_stdout:
        collections.deque(chunks, maxlen=0)  # each chunk is echoed as it passes
    for path in files[1:]:  # the same format to several files: copy the first one
        with files[0].open("rb") as first:
            write_stream_atomic(path, iter(lambda: first.read(1 << 20), b""))


def _echoed(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The chunks, each also written to stdout as it passes, as text: through the stream's own
    encoding, as any other output is. Where that encoding is UTF-8 and lines end in a bare
    newline, the UTF-8 chunks are that text already and go to the stream's bytes unchanged:
    decoding them only for the stream to encode them again cost 0.8 s per 300 MB of feed
    (measured at 10,000 accounts), and a raw escape character, which click.echo strips off a
    pipe, cannot occur in JSON (orjson writes one as \\u001b)."""
    out = sys.stdout
    binary = getattr(out, "buffer", None) if _plain_utf8(out) else None
    if binary is None:
        for chunk in chunks:
            click.echo(chunk.decode("utf-8"), nl=False)  # chunks end between JSON values
            yield chunk
        return
    out.flush()  # what was echoed before goes first
    for chunk in chunks:
        binary.write(chunk)
        binary.flush()  # as click.echo does: a reader of the pipe sees each chunk as it comes
        yield chunk


def _plain_utf8(stream: object) -> bool:
    encoding = getattr(stream, "encoding", None)
    try:
        utf8 = isinstance(encoding, str) and codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False
    return utf8 and os.linesep == "\n"
