"""Roll-ups everywhere (issue 19, item 4): the feed and the CSV carry each account's office,
owner, platform and tier, masked as every format names a person, and `--group-by` lists the
table and the Markdown by group."""

from __future__ import annotations

import csv as std_csv
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from smaudit.cli.app import cli
from smaudit.formats.findings import csv, groups
from smaudit.safety.redact import pseudonym
from smaudit.schemas import load_schema
from tests.conftest import AS_OF, SAMPLES
from tests.formats.conftest import PERSONAL

SAMPLE = str(SAMPLES / "agency.yaml")
GITHUB = {"GITHUB_SERVER_URL": None, "GITHUB_REPOSITORY": None, "GITHUB_SHA": None}
WIDE = {**GITHUB, "COLUMNS": "10000"}  # one line a heading


def _check(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", SAMPLE, "--as-of", AS_OF, *args], env=WIDE)
    return result.exit_code, result.stdout, result.stderr


def test_the_owner_is_named_as_every_format_names_a_person() -> None:
    assert groups.owner_label(None, False) == groups.NO_OWNER
    assert groups.owner_label("jdoe", False) == pseudonym("jdoe")
    assert groups.owner_label({"id": "jdoe", "name": "Jane Doe"}, False) == pseudonym("jdoe")
    assert groups.owner_label({"name": "Jane Doe"}, False) == "J. D."
    assert groups.owner_label({"email": "jane@example.gov"}, False) == "j***@example.gov"
    assert groups.owner_label("jdoe", True) == "jdoe"


def test_the_feed_lists_each_accounts_groups_masked_and_valid() -> None:
    _, text, _ = _check("--format", "json")
    feed = json.loads(text)
    jsonschema.validate(feed, load_schema("findings"))
    details = feed["account_details"]
    assert [d["id"] for d in details] == feed["accounts"]
    assert all(d["platform"] for d in details)
    owners = [d["owner"] for d in details if "owner" in d]
    # a roster person by pseudonym, an owner written inline (an address) masked
    assert owners and all(o.startswith("person-") or "***@" in o for o in owners)
    assert {d["office"] for d in details} >= {"Office of Public Affairs"}
    assert {d["tier"] for d in details if "tier" in d} <= {"high-impact", "standard"}
    assert not [p for p in PERSONAL if p in json.dumps(details)]
    assert not re.search(r'"owner": "(mrivera|jchen)"', text)
    _, shown, _ = _check("--format", "json", "--show-personal-data")
    assert "mrivera" in {d.get("owner") for d in json.loads(shown)["account_details"]}


def test_the_feed_schema_says_what_each_absent_group_means() -> None:
    schema = load_schema("findings")["properties"]["account_details"]
    for name in ("office", "owner", "tier"):
        assert "Absent when" in schema["items"]["properties"][name]["description"]
    broken = {"id": "a", "platform": "x", "owner": 7}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema["items"])


def test_the_csv_has_an_owner_column_at_the_end_masked() -> None:
    _, text, _ = _check("--format", "csv")
    rows = list(std_csv.DictReader(io.StringIO(text.removeprefix(csv.BOM), newline="")))
    assert csv.HEADER[-1] == "owner" and csv.HEADER[:13][-1] == "fingerprint"
    assert rows and all(r["owner"].startswith(("person-", "g***@")) for r in rows if r["owner"])
    assert any(r["owner"] for r in rows)
    assert rows[0]["platform"] and any(r["office"] for r in rows)
    _, shown, _ = _check("--format", "csv", "--show-personal-data")
    assert "mrivera" in shown


@pytest.mark.parametrize("key", sorted(groups.GROUP_BY))
def test_the_table_by_group_counts_every_finding_once(key: str) -> None:
    code, text, _ = _check("--group-by", key)
    _, feed, _ = _check("--format", "json")
    headings = re.findall(r"^== (\w+): .*\[(\d+) failed, (\d+) not assessed", text, re.M)
    assert headings and {word for word, _, _ in headings} == {groups.GROUP_BY[key]}
    summary = json.loads(feed)["summary"]
    assert sum(int(f) for _, f, _ in headings) == summary["fail"]
    assert sum(int(e) for _, _, e in headings) == summary["error"]
    assert code == 1


def test_the_table_by_owner_masks_owners() -> None:
    _, text, _ = _check("--group-by", "owner")
    assert "== Owner: person-" in text and "mrivera" not in text


def test_markdown_by_group_has_a_heading_and_table_per_group() -> None:
    _, text, _ = _check("--group-by", "office", "--format", "markdown")
    headings = re.findall(r"^#### Office: (.+?): (\d+) failed", text, re.M)
    assert "Office of Public Affairs" in {name for name, _ in headings}
    assert "### Findings by office" in text and "### Failures, worst first" not in text
    cmarkgfm = pytest.importorskip("cmarkgfm")
    page = cmarkgfm.github_flavored_markdown_to_html(text)
    rows = sum(1 for line in text.splitlines() if line.startswith("| "))
    assert page.count("<tr>") == rows


@pytest.mark.parametrize("fmt", ["json", "csv", "sarif", "html"])
def test_group_by_is_refused_where_it_does_nothing(fmt: str) -> None:
    code, _, err = _check("--format", fmt, "--group-by", "office")
    assert code == 2 and "--group-by applies to the table, markdown and markdown-comment" in err


def test_group_by_is_taken_when_one_output_groups(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    code, text, _ = _check("--group-by", "tier", "--output", f"json:{feed}")
    assert code == 1 and "== Tier: " in text and json.loads(feed.read_text())["account_details"]
