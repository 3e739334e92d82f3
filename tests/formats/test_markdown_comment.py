"""Markdown that fits its channels (issue 19, item 5): the pull-request comment within 65,536
characters at any size, rendered by GitHub's renderer without loss, and `file:line` linked to
the repository only when GitHub Actions says which repository and commit."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from smaudit.cli.app import cli
from smaudit.cli.github import repository_links
from smaudit.formats import FORMATS, RenderOptions
from smaudit.formats.findings import markdown_comment, markdown_groups
from smaudit.formats.findings.markdown_text import COMMENT
from smaudit.formats.options import RepositoryLinks
from smaudit.model import Report
from tests.conftest import AS_OF, SAMPLES
from tests.formats.conftest import view

SHA = "0123456789abcdef0123456789abcdef01234567"
ACTIONS = {
    "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_REPOSITORY": "dcr/social-inventory",
    "GITHUB_SHA": SHA,
    "GITHUB_RUN_ID": "4242",
}
BLOB = f"https://github.com/dcr/social-inventory/blob/{SHA}"
NO_ACTIONS: dict[str, str | None] = dict.fromkeys(ACTIONS)


def _github(text: str) -> str:
    cmarkgfm = pytest.importorskip("cmarkgfm", reason="cmarkgfm (GitHub's cmark-gfm) is absent")
    return str(cmarkgfm.github_flavored_markdown_to_html(text))


def _comment(env: dict[str, str | None]) -> str:
    args = ["check", str(SAMPLES / "agency.yaml"), "--as-of", AS_OF]
    result = CliRunner().invoke(cli, [*args, "--format", "markdown-comment"], env=env)
    assert result.exit_code == 1, result.output
    return result.stdout


def _table_lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.startswith("| "))


def test_actions_environment_makes_links_and_nothing_else_does() -> None:
    links = repository_links({k: v for k, v in ACTIONS.items() if v is not None})
    assert links == RepositoryLinks(
        BLOB, "https://github.com/dcr/social-inventory/actions/runs/4242"
    )
    assert repository_links({}) is None
    for key, bad in (
        ("GITHUB_SERVER_URL", "javascript:alert(1)//"),
        ("GITHUB_SERVER_URL", "http://github.com"),
        ("GITHUB_REPOSITORY", "dcr/social)[x](y"),
        ("GITHUB_SHA", "main"),
    ):
        assert repository_links({**ACTIONS, key: bad}) is None  # type: ignore[dict-item]


def test_the_comment_links_each_place_to_its_line_at_the_commit() -> None:
    text = _comment(ACTIONS)  # type: ignore[arg-type]
    links = re.findall(r"\]\((https://[^)]+)\)", text)
    places = [u for u in links if "/blob/" in u]
    assert places and all(
        re.fullmatch(rf"{BLOB}/sample_accounts/agency\.yaml#L\d+", u) for u in places
    )
    assert "https://github.com/dcr/social-inventory/actions/runs/4242" in links
    page = _github(text)
    assert page.count(f'<a href="{BLOB}/') == len(places)


def test_without_actions_no_link_and_a_pointer_to_the_other_outputs() -> None:
    text = _comment(NO_ACTIONS)
    assert "](" not in text and "`--format markdown` writes the job summary" in text
    page = _github(text)
    assert page.count("<tr>") == _table_lines(text) and "<a " not in page


def test_a_file_outside_the_repository_is_not_linked(report: Report, tmp_path: Path) -> None:
    options = RenderOptions(source_root=tmp_path, repository=RepositoryLinks(BLOB))
    text = markdown_comment.render(view(report, "markdown-comment"), options)
    assert BLOB not in text and "inventory/agency.yaml:" in text


def test_ten_thousand_accounts_fit_one_comment_without_loss(
    scale_report: Report, scale_repository: Path
) -> None:
    options = RenderOptions(
        source_root=scale_repository,
        repository=RepositoryLinks(BLOB, "https://github.com/dcr/social-inventory/actions/runs/1"),
    )
    with contextlib.chdir(scale_repository):  # its files are named as from its root
        text = FORMATS["markdown-comment"].render(view(scale_report, "markdown-comment"), options)
    assert len(text) <= COMMENT.limit and len(text.encode()) <= COMMENT.limit
    page = _github(text)
    assert page.count("<tr>") == _table_lines(text)  # every table line a row: no table broke
    accounts = re.findall(r"^\| [a-z]+ \| SM-[A-Z0-9-]+ \| ([^|]+) \|", text, re.M)
    assert len(accounts) == markdown_comment.TOP_FINDINGS
    assert all(f"<td>{account.strip()}</td>" in page for account in accounts)
    assert page.count(f'<a href="{BLOB}/inventory/accounts.yaml#L') == len(accounts)
    assert "more not shown here" in text and "job summary and artifacts of this run" in text


@pytest.mark.parametrize("key", ["owner", "platform"])
def test_ten_thousand_accounts_grouped_fit_one_comment(scale_report: Report, key: str) -> None:
    """A line per group, the most failures first, the rest counted; still one comment."""
    options = RenderOptions(group_by=key)
    text = FORMATS["markdown-comment"].render(view(scale_report, "markdown-comment"), options)
    assert len(text.encode()) <= COMMENT.limit
    assert _github(text).count("<tr>") == _table_lines(text)
    section = text[text.index(f"### By {key} (") : text.index("### The worst findings")]
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]
    failed = [int(line.split(" | ")[1]) for line in rows]
    assert failed == sorted(failed, reverse=True) and len(rows) <= markdown_groups.TOP_GROUPS
    groups = int(re.search(rf"### By {key} \((\d+) group", section).group(1))  # type: ignore[union-attr]
    assert groups <= len(rows) or f"{groups - len(rows)} more not shown here" in section
