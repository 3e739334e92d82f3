"""smaudit.terminal: whatever the text, nothing a terminal would act on survives escaping."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from smaudit.safety.terminal import display_path, escape, escape_inline

_ACTIVE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


@given(st.text())
def test_escaped_text_holds_no_active_character(text: str) -> None:
    shown = escape(text)
    assert not _ACTIVE.search(shown)
    assert escape(shown) == shown  # escaping twice changes nothing
    assert "\n" not in escape_inline(text) and "\t" not in escape_inline(text)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp"))))
def test_plain_text_is_left_as_it_is(text: str) -> None:
    assert escape(text) == text


def test_known_attacks_become_visible() -> None:
    assert escape("a\x1b]52;c;aGk=\x07b") == "a\\x1b]52;c;aGk=\\x07b"
    assert escape("ok\rFAIL") == "ok\\x0dFAIL"
    assert escape("\u202etxt.exe") == "\\u202etxt.exe"
    assert escape("\x9b31m") == "\\x9b31m"


def test_a_file_name_that_is_not_utf8_is_shown_byte_by_byte() -> None:
    name = b"inv\xff.yaml".decode("utf-8", "surrogateescape")
    assert display_path(name) == "inv\\xff.yaml"
    display_path(name).encode("utf-8")  # writable anywhere
