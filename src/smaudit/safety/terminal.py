"""Text from input files made safe to show a person: one escaping function for every human output.

Ids, handles, file names and control text come from files other people write. Shown raw, an
escape sequence in one could clear the screen, rewrite the clipboard (OSC 52), plant a link
(OSC 8), move the cursor back over a failure (CR), or reorder what a reviewer reads (bidi
overrides, as in "Trojan Source"). click strips only colour sequences, and only off a terminal.
So every table, explanation, diff, history listing, control page and error message passes its
data through `escape`, and such characters show as visible `\\x1b`, `\\u202e` escapes instead.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL; format characters that reorder or hide text (bidi embeddings,
# overrides and isolates, the Arabic letter mark, zero-width characters, the byte-order mark);
# line and paragraph separators; lone surrogates (a file name that is not UTF-8 decodes to them,
# and a terminal stream cannot encode one).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
    "\ud800-\udfff]"
)
# the same, newline and tab included: for one value (an id, a file name) that must stay one line
_UNSAFE_INLINE = re.compile(_UNSAFE.pattern[:-1] + "\t\n]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str) -> str:
    """`text` with every character that could drive a terminal or reorder a line written as a
    visible escape; newlines and tabs stay, so a rendered page keeps its lines."""
    return _UNSAFE.sub(_visible, text)


def escape_inline(text: str) -> str:
    """`escape` for one value inside a line: a newline or tab in it is escaped too, so an id
    cannot start a line of its own that reads like another finding."""
    return _UNSAFE_INLINE.sub(_visible, text)


def display_path(path: object) -> str:
    """A file name as text that can be shown and written anywhere: bytes that are not UTF-8
    (Python keeps them as lone surrogates) become `\\xNN`, as `ls -b` would show them."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text
