"""Plain-text columns: what the findings and drift tables show in a terminal."""

from __future__ import annotations

from textwrap import TextWrapper

from hypothesis import given, settings
from hypothesis import strategies as st

from smaudit.formats.plaintext import columns, wrap, wrap_words


def test_cells_are_shown_as_written_left_aligned() -> None:
    rows = [(["1e5"], ["x"]), (["0012"], ["longer"])]
    assert columns(rows) == ["1e5   x", "0012  longer"]


def test_a_wrapped_cell_makes_its_row_taller_and_the_others_wait_on_its_first_line() -> None:
    message = wrap("one two three four five", 9)
    assert message == ["one two", "three", "four five"]
    assert columns([(["a"], message, ["f.yaml:3"]), (["bb"], ["ok"], ["f.yaml:9"])]) == [
        "a   one two    f.yaml:3",
        "    three",
        "    four five",
        "bb  ok         f.yaml:9",
    ]


def test_wrapping_cuts_a_word_longer_than_the_line_and_keeps_no_blank_lines() -> None:
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert wrap("first\n\n  \nsecond", 70) == ["first", "second"]
    assert wrap("", 70) == [""]
    assert columns([]) == []


_TEXT = st.text(alphabet=st.sampled_from("ab -\t\n\r\x0b\x0c\xa0\u2003é.;"), max_size=40)


@settings(max_examples=3000, deadline=None)
@given(_TEXT, st.integers(min_value=1, max_value=30), st.sampled_from(["", "  "]))
def test_wrapping_is_textwraps_exactly(text: str, width: int, indent: str) -> None:
    """The short-line path gives what TextWrapper gives, whitespace of every kind included."""
    plain = TextWrapper(width=width)
    assert wrap(text, width) == ([p for ln in text.splitlines() for p in plain.wrap(ln)] or [""])
    words = TextWrapper(
        width=width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
    )
    expected = [p for ln in text.splitlines() for p in words.wrap(ln)] or [""]
    assert wrap_words(text, width, indent) == expected
