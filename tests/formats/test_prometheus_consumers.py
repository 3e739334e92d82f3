"""The Prometheus output in Prometheus's own tools: `promtool check metrics` on the small
report, the sample through the CLI and 10,000 accounts, and a real node_exporter serving two
agencies' textfiles from one directory, scraped over HTTP."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from prometheus_client.parser import text_string_to_metric_families

from smaudit.cli.app import cli
from smaudit.formats import RenderOptions
from smaudit.formats.findings import prometheus
from smaudit.model import Report
from tests.conftest import AS_OF, SAMPLES
from tests.formats.conftest import render, view
from tests.formats.prometheus_tools import node_exporter, promtool_problems, scrape
from tests.formats.test_prometheus import series_per_run

Series = set[tuple[str, frozenset[tuple[str, str]], float]]


def _series(text: str, prefix: str = "smaudit_") -> Series:
    """Each sample as Prometheus stores it: a label with an empty value is no label (and
    node_exporter gives every series of a metric all its labels, empty where they had none)."""
    return {
        (sample.name, frozenset((k, v) for k, v in sample.labels.items() if v), sample.value)
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name.startswith(prefix)
    }


def _sample_textfile(folder: Path, *flags: str) -> Path:
    """sample_accounts/agency.yaml through the CLI, as a cron job writes the textfile."""
    out = folder / "dcr.prom"
    args = ["check", str(SAMPLES / "agency.yaml"), "--as-of", AS_OF, f"--output=prometheus:{out}"]
    result = CliRunner().invoke(cli, [*args, *flags])
    assert result.exit_code == 1, result.output  # the sample has failures
    return out


def test_promtool_accepts_the_small_report(report: Report) -> None:
    assert promtool_problems(render(report, "prometheus")) == ""
    per_account = prometheus.render(report, RenderOptions(per_account_metrics=True))
    assert promtool_problems(per_account) == ""


def test_promtool_rejects_a_broken_exposition() -> None:
    assert "unescaped new-line" in promtool_problems('smaudit_accounts{a="unterminated} 1\n')
    counter = "# HELP smaudit_runs Runs.\n# TYPE smaudit_runs counter\nsmaudit_runs 1\n"
    assert "_total" in promtool_problems(counter)  # its lint, too


def test_the_sample_through_the_cli(tmp_path: Path) -> None:
    default = _sample_textfile(tmp_path).read_text("utf-8")
    series = _series(default)
    assert len(series) == series_per_run(51)
    agencies = {dict(labels)["agency"] for _, labels, _ in series}
    assert agencies == {"Department of Coastal Resilience"}
    opted = _sample_textfile(tmp_path, "--per-account-metrics").read_text("utf-8")
    assert len(_series(opted)) == series_per_run(51) + 34
    assert promtool_problems(default) == promtool_problems(opted) == ""


def test_promtool_accepts_ten_thousand_accounts(scale_report: Report) -> None:
    """By default and with one series per account (10,000 of them) too."""
    report = view(scale_report, "prometheus")
    assert promtool_problems(prometheus.render(report)) == ""
    per_account = prometheus.render(report, RenderOptions(per_account_metrics=True))
    assert promtool_problems(per_account) == ""


def test_two_agencies_prometheus_textfiles_on_one_node_are_both_scraped(
    report: Report, tmp_path: Path
) -> None:
    """The issue's test: two agencies' files in one textfile directory, each series of each
    file in the scrape, and node_exporter reporting no error."""
    folder = tmp_path / "textfiles"
    folder.mkdir()
    (folder / "examples.prom").write_text(render(report, "prometheus"), "utf-8")
    dcr = _sample_textfile(folder)
    with node_exporter(folder) as (address, log):
        scraped = scrape(address)
    ours = _series((folder / "examples.prom").read_text("utf-8"))
    theirs = _series(dcr.read_text("utf-8"))
    assert ours and theirs and not ours & theirs
    assert _series(scraped) == ours | theirs
    assert _series(scraped, "node_textfile_scrape_error") == {
        ("node_textfile_scrape_error", frozenset(), 0.0)
    }
    assert "error gathering metrics" not in log.read_text()


def test_the_scrape_would_show_a_collision(report: Report, tmp_path: Path) -> None:
    """The test above is not vacuous: two files with the same series (what two inventories
    wrote before they carried their names) lose one copy, and node_exporter still reports no
    scrape error; only its log says so."""
    folder = tmp_path / "textfiles"
    folder.mkdir()
    text = render(report, "prometheus")
    for name in ("first.prom", "second.prom"):
        (folder / name).write_text(text, "utf-8")
    with node_exporter(folder) as (address, log):
        scraped = scrape(address)
    assert _series(scraped) == _series(text)  # one file's worth, not two
    assert ("node_textfile_scrape_error", frozenset(), 0.0) in _series(scraped, "node_textfile")
    assert "was collected before with the same name and label values" in log.read_text()
