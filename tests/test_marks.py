"""Places packed into one int come back as they went in, however long the line."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from smaudit.marks import pack, unpack
from smaudit.yamlio import load_bytes


@given(st.integers(1, 2**31), st.integers(1, 2**32 - 1))
def test_a_place_survives_packing(line: int, column: int) -> None:
    assert unpack(pack(line, column)) == (line, column)


def test_a_value_far_along_one_line_keeps_its_column() -> None:
    # a minified JSON inventory is one line: columns run into the millions
    padding = ", ".join(f'"k{i}": {i}' for i in range(100_000))
    raw = f'{{{padding}, "last": true}}'.encode()
    doc = load_bytes(raw, "one-line.json")
    assert doc.where(("last",)) == (1, raw.index(b"true") + 1)
    assert doc.where(("last",), key=True) == (1, raw.index(b'"last"') + 1)
