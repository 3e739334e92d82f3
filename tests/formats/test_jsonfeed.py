"""The JSON feed written as a stream (issue 6): byte for byte the text of the whole document
serialised at once, whatever the findings, and never held whole while it is written."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from smaudit.assessment import waivers
from smaudit.assessment.forked import ForkedChunks, can_fork
from smaudit.cli.app import cli
from smaudit.formats import FORMATS, RenderOptions
from smaudit.formats.findings import jsonfeed
from smaudit.model import Report
from tests.conftest import AS_OF as CLI_AS_OF
from tests.conftest import SAMPLES
from tests.formats.conftest import AS_OF, a_waiver


def whole(report: Report) -> bytes:
    """The feed as it was written before it streamed: the whole document, serialised at once."""
    return orjson.dumps(jsonfeed.document(report), option=orjson.OPT_INDENT_2) + b"\n"


def streamed(report: Report) -> bytes:
    return b"".join(jsonfeed.iter_render(report))


def waived(report: Report) -> Report:
    """hq-x's failure waived, and a waiver that matches nothing (listed as unused)."""
    granted = [a_waiver("W-1", "hq-x", dt.date(2027, 1, 31)), a_waiver("W-2", "gone", AS_OF)]
    return waivers.apply(report, granted, AS_OF)


def expired(report: Report) -> Report:
    """hq-x's waiver has run out: the failure stays, naming the waiver (listed as expired)."""
    return waivers.apply(report, [a_waiver("W-1", "hq-x", dt.date(2026, 11, 19))], AS_OF)


def odd_text(report: Report) -> Report:
    """Strings orjson must escape or keep as UTF-8, and a control with empty lists."""
    first = report.controls[0]
    control = dataclasses.replace(
        first,
        title='Tab\there, "quoted", naïve — 日本',
        remediation="Line one\nline two \\ \u2028 \x1b[31m",
        nist_800_53=(),
        references=(),
    )
    findings = tuple(
        dataclasses.replace(f, message=f"{f.message}\n\u00e9\U0001f600", evidence=())
        if f.control_id == first.id
        else f
        for f in report.findings
    )
    return dataclasses.replace(report, controls=(control, *report.controls[1:]), findings=findings)


def no_findings(report: Report) -> Report:
    return dataclasses.replace(report, findings=(), passes_listed=False)


VARIANTS: dict[str, Callable[[Report], Report]] = {
    "passes listed": lambda r: r,
    "passes not listed": Report.without_passes,
    "waived, passes listed": waived,
    "waived, passes not listed": lambda r: waived(r).without_passes(),
    "expired waiver": lambda r: expired(r).without_passes(),
    "escaped text and empty lists": odd_text,
    "no findings": no_findings,
}


@pytest.mark.parametrize("batch", [1, 2, 3, jsonfeed.BATCH])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_the_stream_is_the_whole_document(
    variant: str, batch: int, report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every batch size, so the separators between and around batches are checked too."""
    monkeypatch.setattr(jsonfeed, "BATCH", batch)
    view = VARIANTS[variant](report)
    expected = whole(view)
    assert streamed(view) == expected
    assert jsonfeed.render(view).encode("utf-8") == expected
    # the contract the feed has always kept: json.dumps's text, UTF-8 and not \u-escaped
    doc = json.loads(expected)
    assert expected.decode("utf-8") == json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.skipif(not can_fork(), reason="--jobs writes in one process where it cannot fork")
@pytest.mark.parametrize("batch", [1, 2, jsonfeed.BATCH])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_the_feed_written_by_two_processes_is_the_same(
    variant: str, batch: int, report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--jobs 2: the second half of the findings serialised in a fork, the same bytes."""
    monkeypatch.setattr(jsonfeed, "BATCH", batch)
    monkeypatch.setattr(jsonfeed, "FORKED_FROM", 1)
    view = VARIANTS[variant](report)
    two = b"".join(jsonfeed.iter_render(view, RenderOptions(jobs=2)))
    assert two == whole(view)


def test_a_failing_fork_is_reported_and_an_abandoned_one_stopped() -> None:
    def broken() -> Iterator[bytes]:
        yield b"half"
        raise ValueError("a bug")

    with pytest.raises(RuntimeError, match="forked process"):
        list(ForkedChunks(broken))
    endless = ForkedChunks(lambda: iter(lambda: b"x" * 65536, b""))
    endless.close()  # killed and reaped, its file gone: nothing left behind
    assert list(endless) == []


def test_the_variants_reach_what_they_are_meant_to(report: Report) -> None:
    """The cases above are not vacuous: each has the findings or lists it is named for."""
    docs = {name: json.loads(whole(make(report))) for name, make in VARIANTS.items()}
    assert any(f["status"] == "pass" for f in docs["passes listed"]["findings"])
    assert not any(f["status"] == "pass" for f in docs["passes not listed"]["findings"])
    for name in ("waived, passes listed", "waived, passes not listed"):
        assert [f["waiver"]["id"] for f in docs[name]["findings"] if "waiver" in f] == ["W-1"]
        assert [w["id"] for w in docs[name]["waivers"]["unused"]] == ["W-2"]
    assert docs["expired waiver"]["waivers"]["expired"] == ["W-1"]
    assert any(f.get("waiver_expired") for f in docs["expired waiver"]["findings"])
    odd = docs["escaped text and empty lists"]["findings"]
    assert any(f["references"] == {"nist_800_53": [], "sources": []} for f in odd)
    assert any(f["evidence"] == [] and "日本" in f["title"] for f in odd)
    assert docs["no findings"]["findings"] == []


def test_the_json_format_offers_the_stream(report: Report) -> None:
    chosen = FORMATS["json"]
    assert chosen.stream is not None
    assert chosen.render(report, RenderOptions()) == jsonfeed.render(report)
    assert b"".join(chosen.stream(report, RenderOptions())) == b"".join(
        jsonfeed.iter_render(report)
    )


def test_chunks_stay_the_size_of_a_batch_however_many_findings(report: Report) -> None:
    """12,000 findings: each chunk holds one batch of them, and rendering never holds more than
    a small part of the whole text."""
    many = dataclasses.replace(report, findings=report.findings * 1000)
    tracemalloc.start()
    try:
        sizes = [len(chunk) for chunk in jsonfeed.iter_render(many)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    total = sum(sizes)
    assert len(sizes) == 2 + -(-len(many.findings) // jsonfeed.BATCH)
    assert max(sizes) < total / 20
    assert peak < total / 5


# --------------------------------------------------------------------------- through the CLI


def _check(runner: CliRunner, *args: str) -> tuple[bytes, str]:
    agency = str(SAMPLES / "agency.yaml")
    result = runner.invoke(cli, ["check", agency, "--as-of", CLI_AS_OF, "--format", "json", *args])
    assert result.exit_code == 1, result.output  # the sample has failures
    return result.stdout_bytes, result.stderr


def _as_always(feed: bytes) -> bytes:
    """What the feed has always been: json.dumps(indent=2, ensure_ascii=False) of its document
    (a run's id and start time differ between runs, so each run is compared with itself)."""
    return (json.dumps(json.loads(feed), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@pytest.mark.parametrize("passed", [[], ["--include-passed"]])
def test_cli_terminal_and_file_get_the_same_bytes(
    runner: CliRunner, tmp_path: Path, passed: list[str]
) -> None:
    out = tmp_path / "feed.json"
    stdout, stderr = _check(runner, "--output", f"json:{out}", *passed)
    assert stdout == out.read_bytes() == _as_always(stdout)
    feed = json.loads(stdout)
    assert feed["findings"] and feed["run"]["passes_listed"] is bool(passed)
    assert any(f["status"] == "pass" for f in feed["findings"]) is bool(passed)
    assert "failed" in stderr  # the summary line, on stderr only


def test_a_stdout_in_another_encoding_gets_the_feed_as_text(tmp_path: Path) -> None:
    """UTF-8 chunks are copied to a UTF-8 stdout as they are; any other stdout is written text,
    in its own encoding, as every other output is."""
    out = tmp_path / "feed.json"
    stdout, _ = _check(CliRunner(charset="utf-16"), "--output", f"json:{out}")
    assert stdout.decode("utf-16").encode("utf-8") == out.read_bytes()


def test_cli_file_only(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "feed.json"
    stdout, _ = _check(runner, "--output", str(out))
    assert stdout == b""
    assert out.read_bytes() == _as_always(out.read_bytes())
    assert not [p.name for p in tmp_path.iterdir() if p.name != "feed.json"]  # no temporary left


def test_account_details_name_the_sources_of_the_facts(runner: CliRunner) -> None:
    """Schema 1.3: where each account's facts came from, without who attested them."""
    result = runner.invoke(
        cli, ["check", str(SAMPLES / "agency.yaml"), "--as-of", CLI_AS_OF, "--format", "json"]
    )
    feed = json.loads(result.stdout)
    assert feed["schema_version"] == "1.3.0"
    first = feed["account_details"][0]
    assert first["sources"] == [
        {"id": "dcr-review-2026-11-06", "system": "attestation", "recorded_on": "2026-11-06"}
    ]
    assert "pkim" not in json.dumps(feed["account_details"])
