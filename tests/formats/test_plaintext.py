"""Plain-text columns: what the findings and drift tables show in a terminal."""

from __future__ import annotations

from smaudit.formats.plaintext import columns, wrap


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
