"""The registry: every findings format's functions exist, though imported only when used."""

from __future__ import annotations

import subprocess
import sys

import pytest

from smaudit.formats import FORMATS, RenderOptions
from smaudit.model import Report


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_renders_and_streams_the_same_text(name: str, report: Report) -> None:
    chosen = FORMATS[name]
    text = chosen.render(report, RenderOptions())
    assert text
    if chosen.stream is not None:
        assert b"".join(chosen.stream(report, RenderOptions())).decode() == text


def test_the_formats_are_imported_only_when_written() -> None:
    probe = (
        "import sys\n"
        "from smaudit.formats import FORMATS\n"
        "print(sorted(m for m in sys.modules if m.startswith('smaudit.formats.findings.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert "html" not in result.stdout and "jsonfeed" not in result.stdout
