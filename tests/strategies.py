"""Hypothesis strategies shared by the property-based tests."""

from __future__ import annotations

from hypothesis import strategies as st

from tests.conftest import SAMPLES

_SAMPLE = (SAMPLES / "agency.yaml").read_text(encoding="utf-8").splitlines(keepends=True)


@st.composite
def mutated_sample(
    draw: st.DrawFn, lines: int = 400, inserted: st.SearchStrategy[str] | None = None
) -> str:
    """The first `lines` of the sample inventory with one to four random edits: lines deleted,
    duplicated, inserted, cut short or indented."""
    text = _SAMPLE[:lines]
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(text) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "truncate", "indent"]))
        if action == "delete":
            del text[index]
        elif action == "duplicate":
            text.insert(index, text[index])
        elif action == "insert":
            text.insert(index, draw(st.text(max_size=40) if inserted is None else inserted) + "\n")
        elif action == "truncate":
            text[index] = text[index][: draw(st.integers(0, len(text[index])))]
        else:
            text[index] = "  " + text[index]
    return "".join(text)
