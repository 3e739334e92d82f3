"""The merge over inventories written every way people write YAML: it always merges block
styles exactly, and over randomly damaged files it merges exactly or refuses, nothing else."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from smaudit.errors import InputError
from smaudit.inventory.merge import IncomingAccount, merge
from smaudit.inventory.normalize import parse_url
from smaudit.reading import validation
from smaudit.reading.files import load_bytes
from tests.inventory.test_merge import assert_only_inserted
from tests.strategies import mutated_sample

COMMENT = st.sampled_from(["", "# a note", "#", "# - id: commented-out", "   # indented"])
OFFERED: dict[str, Any] = {
    "status": "active",
    "office": "Press Office",
    "registry": {"registered": True, "id": "7"},
}


@st.composite
def account(draw: st.DrawFn, number: int, dash: int, gap: int) -> list[str]:
    """One account's lines: its keys in any order, some facts present, comments and blank
    lines between them, a block scalar or a nested mapping maybe last."""
    indent = dash + 1 + gap
    pad = " " * indent
    handle = draw(st.sampled_from(["h{}", "H{}", "'@h{}'", '"h{}"'])).format(number)
    entries = [[f"{pad}platform: x"], [f"{pad}handle: {handle}"]]
    if draw(st.booleans()):
        entries.append([f"{pad}status: {draw(st.sampled_from(['active', 'dormant']))}"])
    if draw(st.booleans()):
        inner = " " * (indent + draw(st.sampled_from([2, 4])))
        keys = draw(st.lists(st.sampled_from(["registered: true", "id: '7'"]), unique=True))
        entries.append([f"{pad}registry:", *(inner + k for k in keys)] if keys else [])
    if draw(st.booleans()):
        body = " " * (indent + 2)
        entries.append(
            [
                f"{pad}purpose: {draw(st.sampled_from(['|', '>-', '|+']))}",
                f"{body}Text.",
                f"{body}# text",
            ]
        )
    entries = [e for e in draw(st.permutations(entries)) if e]
    lines = [f"{' ' * dash}-{' ' * gap}id: a{number}"]
    for entry in entries:
        if draw(st.booleans()):
            comment = draw(COMMENT)
            lines.append(comment and pad + comment.strip())  # "": a blank line
        lines += entry
    if draw(st.booleans()):
        lines.append(pad + "# to fill in: owner")
    return lines


@st.composite
def inventory(draw: st.DrawFn) -> tuple[str, int]:
    dash, gap = draw(st.sampled_from([0, 2, 4])), draw(st.sampled_from([1, 3]))
    count = draw(st.integers(1, 4))
    lines = ["smaudit: 1  # v1", "agency:", "  name: Department of Examples", "accounts:"]
    for number in range(count):
        lines += draw(account(number, dash, gap))
    if draw(st.booleans()):
        lines += ["# the end", "people: []"]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    end = draw(st.sampled_from([newline, "", newline * 2]))
    if any(line.endswith(("purpose: |", "purpose: |+")) for line in lines):
        # a literal's final line breaks are part of it: ending the file's last line, or
        # moving its trailing blank lines, would change it (the merge refuses; tested apart)
        end = newline
    return newline.join(lines) + end, count


def offered(numbers: list[int]) -> list[IncomingAccount]:
    found = []
    for number in numbers:
        url = f"https://x.com/h{number}"
        parsed = parse_url(url)
        assert parsed is not None
        fields = {"platform": "x", "url": url, **OFFERED}
        found.append(IncomingAccount(parsed.key, f"x-h{number}", fields))
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inventory(), st.lists(st.integers(0, 6), max_size=6))
def test_block_styles_always_merge_exactly(written: tuple[str, int], numbers: list[int]) -> None:
    text, _ = written
    document = load_bytes(text.encode("utf-8"), "inv.yaml")
    result = merge(text, document, offered(numbers))
    assert_only_inserted(text, result.text)
    again = merge(
        result.text, load_bytes(result.text.encode("utf-8"), "inv.yaml"), offered(numbers)
    )
    assert (again.added, again.filled, again.text) == ((), 0, result.text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_sample(lines=175))  # the agency, the roster, sources and an account
def test_damaged_files_merge_exactly_or_are_refused(text: str) -> None:
    try:
        document = load_bytes(text.encode("utf-8"), "inv.yaml")
        validation.check(document, "inventory")
    except InputError:
        assume(False)
    accounts = document.data.get("accounts") or []
    urls = [a["url"] for a in accounts if isinstance(a.get("url"), str)][:3]
    incoming = []
    for url in [*urls, "https://x.com/someone_new"]:
        parsed = parse_url(url)
        if parsed is not None:
            fields = {"platform": parsed.platform, "url": url, "purpose": "Merged in"}
            incoming.append(IncomingAccount(parsed.key, "new-account", fields))
    try:
        result = merge(text, document, incoming)
    except InputError as exc:
        assert str(exc).startswith("inv.yaml:")
        return
    assert_only_inserted(text, result.text)
