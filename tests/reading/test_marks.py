"""Places packed into one int, and the table of them by path."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from smaudit.reading.files import load_bytes
from smaudit.reading.marks import pack, unpack


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


# The table against an oracle that shares none of its code: PyYAML's own node graph, walked.
def _oracle(text: str) -> dict[tuple[str | int, ...], tuple[int, int]]:
    table: dict[tuple[str | int, ...], tuple[int, int]] = {}

    def walk(node: yaml.Node, path: tuple[str | int, ...]) -> None:
        table[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, (*path, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, ())
    return table


_keys = st.text("abcdefgh_", min_size=1, max_size=6)
_data = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 10**12) | st.text("xyz :-#'\"\n", max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=30,
)


@given(_data, st.booleans())
def test_the_table_gives_every_place_the_parser_saw(data: object, flow: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow)
    marks = load_bytes(text.encode(), "f.yaml").marks
    expected = _oracle(text)
    assert {path: unpack(mark) for path, mark in marks.items()} == expected
    assert len(marks) == len(expected)
    for path, place in expected.items():
        assert unpack(marks[path]) == place
        # a step off the end of any path finds nothing, and the nearest place is the path's own
        for missing in ((*path, "no such key"), (*path, 10**6), (*path, -1)):
            assert marks.get(missing) is None
            assert marks.deepest((*missing, "deeper")) == (marks[path], len(path))


def test_an_empty_file_has_no_places() -> None:
    marks = load_bytes(b"# nothing here\n", "empty.yaml").marks
    assert len(marks) == 0
    assert list(marks) == []
    assert marks.get(()) is None
    assert marks.deepest(("a", 1)) == (0, 0)


def test_a_place_is_found_by_the_path_of_each_value() -> None:
    text = "accounts:\n  - id: a\n    mfa: {enabled: true, methods: [totp, sms]}\n  - id: b\n"
    marks = load_bytes(text.encode(), "inv.yaml").marks
    assert unpack(marks[("accounts", 0, "mfa", "methods", 1)]) == (3, 42)
    assert unpack(marks[("accounts", 1, "id")]) == (4, 9)
    assert marks.get(("accounts", 2)) is None
    assert marks.get(("accounts", "0")) is None  # a sequence is indexed by numbers only
    assert unpack(marks.deepest(("accounts", 1, "mfa", "enabled"))[0]) == (4, 5)
