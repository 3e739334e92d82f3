"""Benchmark smaudit on generated inventories: end to end, split by stage, and against regorus.

    python benchmarks/run.py                       # N = 1,000 and 10,000
    python benchmarks/run.py --sizes 1000,10000,100000
    python benchmarks/run.py --sizes 1000 --repeat 1 --json /tmp/bench.json

For each N it generates a seeded inventory (benchmarks/generate.py) into a temporary folder, then:

1. end to end: `smaudit check FILE --format json --as-of 2026-11-20 --output json:OUT` in a
   child process: wall time, and the child's own peak RSS (child.py: VmHWM at its exit; with
   --jobs, the largest worker's too);
2. in process, median of --repeat runs: the stages of the same run (parse, validate, build,
   plan, evaluate, render), timed by wrapping the library functions the loader calls;
3. the six-control subset (benchmarks/rego/subset.rego) evaluated by smaudit and by regorus over
   the same data, checked to agree account by account, and the ratio of their times.

benchmarks/README.md says what each figure means.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SRC = REPO / "src"
# Measure this checkout's code, whatever else is installed.
sys.path[:0] = [str(SRC), str(HERE)]

import generate  # noqa: E402  (benchmarks/generate.py)
from child import SMAUDIT, measure  # noqa: E402  (benchmarks/child.py)

from smaudit import __version__  # noqa: E402
from smaudit.assessment import engine, planner  # noqa: E402
from smaudit.assessment.compiled import compile_controls  # noqa: E402
from smaudit.cli.output import write_stream_atomic  # noqa: E402
from smaudit.formats import FORMATS, RenderOptions  # noqa: E402
from smaudit.inventory import loader  # noqa: E402
from smaudit.model import Status  # noqa: E402
from smaudit.reading import files, native, validation  # noqa: E402
from smaudit.reading.limits import Limits  # noqa: E402

AS_OF = dt.date(2026, 11, 20)
SUBSET = ("SM-IA-01", "SM-IA-02", "SM-IA-08", "SM-GOV-05", "SM-TP-01", "SM-GOV-06")
STATUSES = ("pass", "fail", "error", "not_applicable")
REGO = HERE / "rego" / "subset.rego"
REGO_QUERY = "data.smaudit.results"


# the default limits admit about 11,000 accounts of this kind (SECURITY.md); the benchmark
# measures past them on purpose, in the child (as flags) and in process alike
LIMITS = Limits(
    max_bytes=1 << 40, max_total_bytes=1 << 40, max_nodes=200_000_000, max_evaluations=100_000_000
)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# --------------------------------------------------------------------------- end to end


@dataclass
class EndToEnd:
    command: list[str]
    wall: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    worker_peak_kib: list[int] = field(default_factory=list)
    exit_codes: list[int] = field(default_factory=list)


def end_to_end(inventory: Path, work: Path, repeat: int, jobs: int) -> EndToEnd:
    out = work / "x.json"
    args = ["check", str(inventory), "--format", "json", "--as-of", AS_OF.isoformat()]
    args += ["--jobs", str(jobs)]
    args += ["--output", f"json:{out}"]
    args += ["--max-nodes", str(LIMITS.max_nodes), "--max-evaluations", str(LIMITS.max_evaluations)]
    args += ["--max-file-size", str(LIMITS.max_bytes), "--max-total-size", str(LIMITS.max_bytes)]
    result = EndToEnd(["smaudit", *args])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH")) if p)
    for _ in range(repeat):
        done = measure(SMAUDIT, args, env)
        if done.returncode not in (0, 1, 3):  # clean, failures found, some not assessed
            raise SystemExit(f"smaudit check exited {done.returncode}:\n{done.stderr}")
        result.wall.append(done.wall)
        result.exit_codes.append(done.returncode)
        result.peak_kib.append(done.peak_kib)
        result.worker_peak_kib.append(done.worker_peak_kib)
    return result


# --------------------------------------------------------------------------- in process


class Stopwatch:
    """Seconds and calls per label, filled by the wrappers `instrumented` installs."""

    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()

    @contextlib.contextmanager
    def time(self, label: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[label] += time.perf_counter() - start
            self.calls[label] += 1


# (module, attribute, label, which calls count): the functions load_inventory calls, looked up
# at call time, so wrapping them times each stage of one real run without running it twice.
_WRAPPED: tuple[tuple[Any, str, str, Callable[..., bool] | None], ...] = (
    (planner, "load_inventory", "load_inventory", None),
    (loader, "load_bytes", "parse", None),
    # every file a run reads is scanned inside load_bytes; only the inventory's scan counts here
    (files, "check_no_secrets", "secrets", lambda doc, *_, **__: _is_inventory(doc.file)),
    (
        validation,
        "check",
        "schema",
        lambda *args, **kwargs: (args[1:2] or (kwargs.get("schema"),))[0] == "inventory",
    ),
)


def _is_inventory(name: str) -> bool:
    return not {"controls", "_catalogue"} & set(Path(name).parts)


@contextlib.contextmanager
def instrumented(watch: Stopwatch) -> Iterator[None]:
    saved = []
    for module, name, label, counts in _WRAPPED:
        original = getattr(module, name, None)
        if original is None:
            continue

        def wrapper(
            *args: Any,
            _original: Callable[..., Any] = original,
            _label: str = label,
            _counts: Callable[..., bool] | None = counts,
            **kwargs: Any,
        ) -> Any:
            if _counts is not None and not _counts(*args, **kwargs):
                return _original(*args, **kwargs)
            with watch.time(_label):
                return _original(*args, **kwargs)

        setattr(module, name, wrapper)
        saved.append((module, name, original))
    try:
        yield
    finally:
        for module, name, original in reversed(saved):
            setattr(module, name, original)


STAGES = (
    ("parse", "  parse: YAML to data with line/column marks (reading.files.load_bytes)"),
    ("build", "  build: read, hash, merge, normalise (load_inventory - parse - validate)"),
    ("validate", "validate: secrets scan + inventory schema"),
    ("plan", "plan: catalogue, profile, capabilities, parameters (plan - load_inventory)"),
    ("evaluate", "evaluate: full modern profile, CLI options (engine.evaluate)"),
    ("render", "render + write: the JSON feed streamed to a file, as --output json: does"),
)


def in_process(inventory: Path, work: Path, jobs: int) -> tuple[dict[str, float], planner.Plan]:
    """One run of what `smaudit check` does, stage by stage (seconds), and its plan."""
    watch = Stopwatch()
    with instrumented(watch), watch.time("plan_total"):
        run = planner.plan([inventory], as_of=AS_OF, limits=LIMITS)
    fmt = FORMATS["json"]
    options = engine.Options(
        include_passed=fmt.needs_all_outcomes,
        profile=run.profile_name,
        catalogue_version=run.catalogue.version,
        severity_overrides=run.severity_overrides,
        jobs=jobs,
    )
    with watch.time("evaluate"):
        report = engine.evaluate(run.inventory, run.controls, AS_OF, run.parameters, options)
    # as the CLI does for --output json:FILE: the feed rendered in batches and streamed to the
    # file, so rendering and writing interleave and are timed as one stage
    assert fmt.stream is not None
    with watch.time("render"):
        view = report if fmt.needs_all_outcomes else report.without_passes()
        rendering = RenderOptions(color=False, jobs=jobs)
        write_stream_atomic(work / "in-process.json", fmt.stream(view, rendering))
    s = watch.seconds
    missing = [label for label in ("load_inventory", "parse", "schema") if not watch.calls[label]]
    if missing:
        print(f"  note: not measured (the code changed?): {', '.join(missing)}")
    stages = {
        "parse": s["parse"] - s["secrets"],  # the scan runs inside load_bytes
        "validate": s["secrets"] + s["schema"],
        "secrets": s["secrets"],
        "schema": s["schema"],
        "build": s["load_inventory"] - s["parse"] - s["schema"],
        "plan": s["plan_total"] - s["load_inventory"],
        "evaluate": s["evaluate"],
        "render": s["render"],
    }
    stages["load"] = stages["parse"] + stages["build"]
    stages["total"] = s["plan_total"] + s["evaluate"] + s["render"]
    return stages, run


# --------------------------------------------------------------------------- rule subset


def smaudit_subset(run: planner.Plan) -> tuple[float, dict[str, dict[str, int]]]:
    """engine.evaluate on the six controls only, default Options(): seconds, counts."""
    controls = [run.catalogue.controls[cid] for cid in SUBSET]
    start = time.perf_counter()
    report = engine.evaluate(run.inventory, controls, AS_OF, run.parameters, engine.Options())
    seconds = time.perf_counter() - start
    counts = {
        cid: {s.value: by.get(s, 0) for s in Status if s.value in STATUSES}
        for cid, by in report.counts_by_control.items()
    }
    return seconds, counts


def smaudit_verdicts(run: planner.Plan) -> float | None:
    """What the Rego computes, no more: compile the six checks, then for each account the scope
    test and the compiled verdict, collected as account ids per control and status (the Rego's
    output). No findings, messages or report. None if the engine's internals moved."""
    applies = getattr(engine, "_applies", None)
    outcome = getattr(engine, "_STATUS_OF", None)
    if applies is None or outcome is None:
        return None
    controls = [run.catalogue.controls[cid] for cid in SUBSET]
    accounts = run.inventory.accounts
    start = time.perf_counter()
    compiled = compile_controls(controls, run.parameters, AS_OF)
    results: dict[str, dict[Status, list[str]]] = {}
    for unit in compiled:
        verdict = unit.verdict
        ids = results[unit.control.id] = {status: [] for status in Status}
        for account in accounts:
            status, _ = applies(unit, account)
            if status is None:
                status = outcome[verdict(account.fields, account.fields)]
            ids[status].append(account.id)
    return time.perf_counter() - start


def smaudit_by_account(run: planner.Plan) -> dict[tuple[str, str], str]:
    """Every (control, account) status, passes included: the reference for the comparison."""
    controls = [run.catalogue.controls[cid] for cid in SUBSET]
    options = engine.Options(include_passed=True)
    report = engine.evaluate(run.inventory, controls, AS_OF, run.parameters, options)
    return {(f.control_id, f.account_id): f.status.value for f in report.findings}


@dataclass
class RegorusRun:
    compile: float
    parse_input: list[float] = field(default_factory=list)
    evaluate: list[float] = field(default_factory=list)
    results: dict[str, dict[str, list[str]]] = field(default_factory=dict)


def regorus_version() -> str | None:
    try:
        import regorus  # noqa: F401
    except ImportError:
        return None
    names = importlib.metadata.packages_distributions().get("regorus", ["regorus"])
    try:
        return f"{names[0]} {importlib.metadata.version(names[0])}"
    except importlib.metadata.PackageNotFoundError:
        return "regorus (version unknown)"


def regorus_subset(input_json: str, repeat: int) -> RegorusRun:
    """Policy compiled once (reported, not counted); each run on a fresh clone of the engine:
    set_input_json (the input's JSON parse, reported separately) then one evaluation of
    data.smaudit.results, serialised to JSON by regorus (counted); our json.loads of that
    result is not counted."""
    import regorus

    start = time.perf_counter()
    base = regorus.Engine()
    base.add_policy_from_file(str(REGO))
    result = RegorusRun(time.perf_counter() - start)
    for _ in range(repeat):
        eng = base.clone()
        start = time.perf_counter()
        eng.set_input_json(input_json)  # JSON text, never Python objects (True would be 1.0)
        parsed = time.perf_counter()
        text = eng.eval_rule_as_json(REGO_QUERY)
        result.evaluate.append(time.perf_counter() - parsed)
        result.parse_input.append(parsed - start)
        result.results = json.loads(text)
        del eng, text
    return result


def compare(
    reference: dict[tuple[str, str], str],
    counts: dict[str, dict[str, int]],
    rego: dict[str, dict[str, list[str]]],
) -> list[str]:
    """Lines describing every disagreement; empty when both engines agree on everything."""
    lines = []
    rows = []
    for cid in SUBSET:
        for status in STATUSES:
            ours = counts.get(cid, {}).get(status, 0)
            theirs = len(rego.get(cid, {}).get(status, []))
            if ours != theirs:
                rows.append((cid, status, ours, theirs))
    if rows:
        lines.append(f"    {'control':<10} {'status':<15} {'smaudit':>8} {'regorus':>8}")
        lines += [f"    {c:<10} {s:<15} {a:>8} {b:>8}" for c, s, a, b in rows]
    theirs_by_account = {
        (cid, account): status
        for cid, groups in rego.items()
        for status, accounts in groups.items()
        for account in accounts
    }
    differ = sorted(
        key
        for key in reference.keys() | theirs_by_account.keys()
        if reference.get(key) != theirs_by_account.get(key)
    )
    if differ:
        lines.append(f"    {len(differ)} (control, account) pairs differ, e.g.:")
        lines += [
            f"      {cid} {account}: smaudit {reference.get((cid, account))}, "
            f"regorus {theirs_by_account.get((cid, account))}"
            for cid, account in differ[:10]
        ]
    return lines


# Edits to generated accounts that reach every branch of the six checks, the missing-field
# errors above all (the generated inventories have none for these controls): both engines must
# agree on them too before their times are compared.
EDGE_CASES: tuple[Callable[[dict[str, Any]], Any], ...] = (
    lambda a: a["mfa"].pop("enabled"),
    lambda a: a["mfa"].update(enabled=True, methods=[]),
    lambda a: a["mfa"].update(enabled=True, methods=["sms", "email"]),
    lambda a: a["mfa"].update(enabled=True, methods=["voice", "totp"]),
    lambda a: (a["mfa"].update(enabled=True), a["mfa"].pop("methods")),
    lambda a: a["mfa"].update(enabled=False),
    lambda a: a["credentials"].pop("stored_in"),
    lambda a: a["credentials"].update(type="sso", stored_in="none"),
    lambda a: a["credentials"].update(type="shared_password", stored_in="none"),
    lambda a: (a["credentials"].pop("type"), a["credentials"].update(stored_in="none")),
    lambda a: (a["credentials"].pop("type"), a["credentials"].update(stored_in="spreadsheet")),
    lambda a: a["login"].update(email="Team@Mail.Gmail.COM."),
    lambda a: a["login"].update(email="team@notgmail.com"),
    lambda a: a["login"].pop("email"),
    lambda a: a.update(account_type="personal"),
    lambda a: a.update(third_party_apps=[]),
    lambda a: a.pop("third_party_apps"),
    lambda a: a.update(third_party_apps=[{"name": "X", "approved": True}]),
    lambda a: a.update(third_party_apps=[{"name": "X", "approval_ref": "R"}]),
    lambda a: a.update(
        third_party_apps=[
            {"name": "X", "approval_ref": "R"},
            {"name": "Y", "approved": False, "approval_ref": "R"},
        ]
    ),
    lambda a: a["registry"].pop("registered"),
    lambda a: a.pop("status"),
    lambda a: a.update(status="retired"),
    lambda a: a.update(status="dormant"),
    lambda a: a.pop("mfa"),
    lambda a: a.pop("credentials"),
    lambda a: a.pop("login"),
    lambda a: a.pop("registry"),
    lambda a: a.pop("account_type"),
)


def check_edge_cases(work: Path, seed: int) -> None:
    data = generate.inventory(len(EDGE_CASES) + 10, seed)
    for account, edit in zip(data["accounts"], EDGE_CASES, strict=False):
        account["status"] = "active"
        edit(account)
    path = work / "edge-cases.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    run = planner.plan([path], as_of=AS_OF)
    _, counts = smaudit_subset(run)
    reference = smaudit_by_account(run)
    problems = compare(reference, counts, regorus_subset(json.dumps(data), 1).results)
    seen = Counter(reference.values())
    if problems:
        print("semantics check: MISMATCH between smaudit and regorus on the edge cases:")
        print("\n".join(problems))
    else:
        print(
            f"semantics check: {len(EDGE_CASES)} edited accounts and {len(reference)} verdicts "
            f"({', '.join(f'{seen[s]} {s}' for s in STATUSES)}): smaudit and regorus agree"
        )


# --------------------------------------------------------------------------- driver


def generate_files(n: int, seed: int, work: Path) -> tuple[Path, Path, float]:
    """The YAML file smaudit reads, and the same data as JSON for regorus (written to a file so
    that neither the data nor its text stays in memory while smaudit is measured)."""
    start = time.perf_counter()
    data = generate.inventory(n, seed)
    path = work / f"inventory-{n}.yaml"
    with path.open("w", encoding="utf-8") as out:
        out.writelines(generate.to_yaml(data))
    as_json = work / f"inventory-{n}.json"
    with as_json.open("w", encoding="utf-8") as out:
        json.dump(data, out)
    return path, as_json, time.perf_counter() - start


def fmt_seconds(value: float | None) -> str:
    if value is None or value != value:
        return "n/a"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def show(label: str, seconds: float | None) -> None:
    print(f"  {label:<74} {fmt_seconds(seconds):>8}")


def bench_size(n: int, args: argparse.Namespace, work: Path, rego: str | None) -> dict[str, Any]:
    print(f"\n== N = {n:,} accounts (seed {args.seed}, as of {AS_OF}) ==")
    inventory, as_json, made = generate_files(n, args.seed, work)
    mb_yaml = inventory.stat().st_size / 1e6
    mb_json = as_json.stat().st_size / 1e6
    print(f"generated in {made:.1f} s: {mb_yaml:.1f} MB of YAML, {mb_json:.1f} MB as JSON")
    row: dict[str, Any] = {"n": n, "yaml_mb": mb_yaml, "json_mb": mb_json}

    e2e = end_to_end(inventory, work, args.e2e_repeat, args.jobs)
    row["e2e_wall"] = median(e2e.wall)
    row["e2e_peak_mib"] = max(e2e.peak_kib) / 1024
    row["e2e_worker_peak_mib"] = max(e2e.worker_peak_kib) / 1024
    row["e2e_runs"] = e2e.wall
    print(f"end to end: {' '.join(e2e.command)}".replace(str(work), "$TMP"))
    print(
        f"  wall {fmt_seconds(row['e2e_wall'])} s (median of {len(e2e.wall)}), "
        f"peak RSS {row['e2e_peak_mib']:.0f} MiB"
        + (
            f" (largest --jobs worker {row['e2e_worker_peak_mib']:.0f} MiB)"
            if args.jobs > 1
            else ""
        )
        + f", exit {e2e.exit_codes[-1]}"
    )
    print("  (one rendering of the JSON goes to the file and to stdout, discarded here)")

    runs: list[dict[str, float]] = []
    run = None
    for _ in range(args.repeat):
        run = None
        gc.collect()
        stages, run = in_process(inventory, work, args.jobs)
        runs.append(stages)
    assert run is not None
    split = {key: median([r[key] for r in runs]) for key in runs[0]}
    row["split"] = split
    row["split_runs"] = runs
    print(f"in process, median of {args.repeat} (seconds):")
    show("load = parse + build", split["load"])
    for key, label in STAGES:
        show(label, split[key])
        if key == "validate":
            show("  secrets", split["secrets"])
            show("  schema", split["schema"])
    show("total", split["total"])

    print(f"rule subset: {', '.join(SUBSET)}; median of {args.repeat} (seconds):")
    subset_runs = [smaudit_subset(run) for _ in range(args.repeat)]
    ours = median([seconds for seconds, _ in subset_runs])
    counts = subset_runs[-1][1]
    verdicts = [smaudit_verdicts(run) for _ in range(args.repeat)]
    verdict_time = None if None in verdicts else median([v for v in verdicts if v is not None])
    row["subset_smaudit"] = ours
    row["subset_verdicts"] = verdict_time
    show("smaudit: engine.evaluate, Options() (report with findings)", ours)
    show("smaudit: verdicts only (compiled checks, no findings)", verdict_time)
    if rego is None:
        print("  regorus: not installed, comparison skipped (see benchmarks/README.md)")
        row["subset_regorus"] = None
        return row
    theirs = regorus_subset(as_json.read_text(encoding="utf-8"), args.repeat)
    row["subset_regorus"] = median(theirs.evaluate)
    row["regorus_parse_input"] = median(theirs.parse_input)
    row["regorus_compile"] = theirs.compile
    show(f"regorus: {REGO_QUERY}, input already parsed", row["subset_regorus"])
    show(
        "  not counted: set_input_json (regorus parsing the JSON input)", row["regorus_parse_input"]
    )
    show("  not counted: policy parse and compile, once", theirs.compile)
    row["ratio"] = row["subset_regorus"] / ours
    line = f"  ratio regorus / smaudit evaluate: {row['ratio']:.2f}x"
    if verdict_time:
        row["ratio_verdicts"] = row["subset_regorus"] / verdict_time
        line += f"; regorus / smaudit verdicts only: {row['ratio_verdicts']:.2f}x"
    print(line)
    problems = compare(smaudit_by_account(run), counts, theirs.results)
    row["agree"] = not problems
    if problems:
        print("  MISMATCH between smaudit and regorus:")
        print("\n".join(problems))
    else:
        print(f"  agreement: all {len(SUBSET)} controls x {n:,} accounts, status by status")
    return row


SUMMARY = (
    ("e2e wall (s)", lambda r: r["e2e_wall"]),
    ("e2e peak RSS (MiB)", lambda r: r["e2e_peak_mib"]),
    ("load: parse (s)", lambda r: r["split"]["parse"]),
    ("load: build (s)", lambda r: r["split"]["build"]),
    ("validate (s)", lambda r: r["split"]["validate"]),
    ("plan other (s)", lambda r: r["split"]["plan"]),
    ("evaluate, full (s)", lambda r: r["split"]["evaluate"]),
    ("render + write (s)", lambda r: r["split"]["render"]),
    ("in-process total (s)", lambda r: r["split"]["total"]),
    ("subset: smaudit (s)", lambda r: r["subset_smaudit"]),
    ("subset: verdicts (s)", lambda r: r["subset_verdicts"]),
    ("subset: regorus (s)", lambda r: r["subset_regorus"]),
    ("regorus / smaudit", lambda r: r.get("ratio")),
    ("regorus / verdicts", lambda r: r.get("ratio_verdicts")),
)


def short(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def summary(rows: list[dict[str, Any]]) -> None:
    sizes = [r["n"] for r in rows]
    pairs = [
        (a, b) for a in range(len(rows)) for b in range(len(rows)) if sizes[b] == 10 * sizes[a]
    ]
    head = f"{'figure':<22}" + "".join(f"{n:>12,}" for n in sizes)
    head += "".join(f"{f'{short(sizes[b])}/{short(sizes[a])}':>14}" for a, b in pairs)
    print("\n== summary (linearity: figure at 10N / figure at N; target at most 11) ==")
    print(head)
    for name, get in SUMMARY:
        values = [get(r) for r in rows]
        line = f"{name:<22}" + "".join(
            f"{'n/a' if v is None else (f'{v:.0f}' if 'MiB' in name else f'{v:.3f}'):>12}"
            for v in values
        )
        if not name.startswith("regorus /"):
            for a, b in pairs:
                ok = values[a] and values[b] is not None
                line += f"{(f'{values[b] / values[a]:.1f}' if ok else 'n/a'):>14}"
        print(line)


def git_state() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--", "src", "controls"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" + uncommitted changes in src/ or controls/" if dirty else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="1000,10000", help="comma-separated account counts (default 1000,10000)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--jobs", type=int, default=1, help="smaudit check --jobs for the full runs (default 1)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="in-process runs (median taken)")
    parser.add_argument("--e2e-repeat", type=int, default=1, help="end-to-end runs per size")
    parser.add_argument("--workdir", type=Path, help="keep generated files here (else a temp dir)")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    rego = regorus_version()
    cpus = os.cpu_count()
    print(
        f"smaudit {__version__} at {git_state()}; Python {platform.python_version()}; "
        f"{platform.machine()}, {cpus} CPUs; regorus: {rego or 'not installed'}; "
        f"full runs with --jobs {args.jobs}"
    )
    # src/ is imported first: an editable install builds the C reader there, a plain one not
    built = native._speedups is not None
    print("YAML reader:", "C (smaudit.reading._speedups)" if built else "Python (C one not built)")
    rows = []
    with contextlib.ExitStack() as stack:
        if args.workdir:
            args.workdir.mkdir(parents=True, exist_ok=True)
            work = args.workdir
        else:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="smaudit-bench-")))
        if rego is not None:
            check_edge_cases(work, args.seed)
        for n in sizes:
            rows.append(bench_size(n, args, work, rego))
            gc.collect()
    summary(rows)
    if args.json:
        args.json.write_text(json.dumps({"sizes": rows, "regorus": rego}, indent=2) + "\n")


if __name__ == "__main__":
    main()
