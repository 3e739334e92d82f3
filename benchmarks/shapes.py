"""smaudit's whole check beside PyYAML merely loading the same file, per inventory shape, on
the fast path and on the pure-Python reference, which must write the same feed.

    python benchmarks/shapes.py                          # N = 3,000 and 10,000
    python benchmarks/shapes.py --sizes 100000 --no-reference --no-load

Unlike run.py, which measures this checkout's src/, this measures smaudit as installed for
`--python` (default: this interpreter): install the wheel (`pip install .`) to measure the
compiled modules. Each N is generated in three shapes:

- generated: benchmarks/generate.py's block YAML, the shape run.py measures;
- pyyaml: the same data written by PyYAML's safe_dump, which anchors every list that is one
  object in the data (as a script's constants are): anchors and aliases throughout;
- independent: benchmarks/independent.py's, written from the format's documentation alone by
  someone who had not read generate.py (block style).

For each, in child processes (wall time, peak RSS): PyYAML's CSafeLoader loading the file, as a
script would (`yaml.load(f, Loader=yaml.CSafeLoader)`, nothing else); `smaudit check --format
json --output json:FILE` as installed; the same with SMAUDIT_PURE_PYTHON=1; and whether the two
feeds are the same bytes apart from the run's id and start time.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from child import SMAUDIT, Measured, measure

HERE = Path(__file__).resolve().parent
AS_OF = "2026-11-20"
LOAD = "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"
RUN_OWN = re.compile(
    rb"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
    rb"|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)"
)


def write_generated(n: int, seed: int, path: Path, python: str) -> None:
    with path.open("w", encoding="utf-8") as out:
        subprocess.run(
            [python, str(HERE / "generate.py"), str(n), "--seed", str(seed)], stdout=out, check=True
        )


def write_pyyaml(n: int, seed: int, path: Path, python: str) -> None:
    with path.open("w", encoding="utf-8") as out:
        command = [python, str(HERE / "generate.py"), str(n), "--seed", str(seed)]
        subprocess.run([*command, "--format", "pyyaml"], stdout=out, check=True)


def write_independent(n: int, seed: int, path: Path, python: str) -> None:
    with path.open("w", encoding="utf-8") as out:
        command = [python, str(HERE / "independent.py"), str(n), "--seed", str(seed)]
        subprocess.run([*command, "--as-of", AS_OF, "--style", "block"], stdout=out, check=True)


SHAPES: dict[str, Callable[[int, int, Path, str], None]] = {
    "generated": write_generated,
    "pyyaml": write_pyyaml,
    "independent": write_independent,
}


def check(inventory: Path, feed: Path, python: str, pure: bool, jobs: int = 1) -> Measured:
    args = ["check", str(inventory), "--format", "json", "--as-of", AS_OF, "--jobs", str(jobs)]
    args += ["--output", f"json:{feed}"]
    # past the default limits (about 11,000 such accounts: SECURITY.md), on purpose
    args += ["--max-nodes", "200000000", "--max-evaluations", "100000000"]
    args += ["--max-file-size", str(1 << 40), "--max-total-size", str(1 << 40)]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SMAUDIT_PURE_PYTHON")}
    if pure:
        env["SMAUDIT_PURE_PYTHON"] = "1"
    done = measure(SMAUDIT, args, env, python)
    if done.returncode not in (0, 1, 3):
        raise SystemExit(f"smaudit check exited {done.returncode}:\n{done.stderr}")
    return done


def same_feed(a: Path, b: Path) -> bool:
    return RUN_OWN.sub(b"", a.read_bytes()) == RUN_OWN.sub(b"", b.read_bytes())


def build_line(python: str, pure: bool) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["SMAUDIT_PURE_PYTHON"] = "1" if pure else ""
    out = subprocess.run(
        [python, "-m", "smaudit", "--version"], capture_output=True, text=True, env=env, check=True
    ).stdout
    return out.strip().splitlines()[-1]


def cell(m: Measured | None) -> str:
    return f"{m.wall:8.2f} s {m.peak_kib / 1024:6.0f} MiB" if m else f"{'not run':^21}"


def bench(n: int, shape: str, work: Path, args: argparse.Namespace) -> None:
    """One row: the bare load and the fast check measured --repeat times, alternately, so
    that a slow spell of a shared machine weighs on both alike, and the medians; the ratio is
    the median of each pair's, with its lowest and highest beside it."""
    inventory = work / f"{shape}-{n}.yaml"
    SHAPES[shape](n, args.seed, inventory, args.python)
    size = inventory.stat().st_size / 1e6
    loads: list[Measured] = []
    checks: list[Measured] = []
    for _ in range(args.repeat):
        if args.load:
            loads.append(measure(LOAD, [str(inventory)], dict(os.environ), args.python))
        checks.append(check(inventory, work / "fast.json", args.python, False, args.jobs))
    reference, agree = None, "-"
    if args.reference:
        reference = check(inventory, work / "pure.json", args.python, pure=True)
        agree = "same" if same_feed(work / "fast.json", work / "pure.json") else "DIFFERENT"
    ratio = f"{'-':^17}"
    if loads:
        ratios = sorted(c.wall / lo.wall for c, lo in zip(checks, loads, strict=True))
        ratio = f"{statistics.median(ratios):5.2f} ({ratios[0]:.2f}-{ratios[-1]:.2f})"
    print(
        f"{n:>8,} {shape:<12} {size:7.1f} MB | {cell(median(loads))} | {cell(median(checks))}"
        f" | {cell(reference)} | {ratio} | {agree}",
        flush=True,
    )
    inventory.unlink()


def median(runs: list[Measured]) -> Measured | None:
    """The run of median wall time (the lower middle of an even number), None for none."""
    return sorted(runs, key=lambda m: m.wall)[(len(runs) - 1) // 2] if runs else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="3000,10000")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--python", default=sys.executable, help="the interpreter to measure")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="times the load and the fast check are measured, alternately (medians shown)",
    )
    parser.add_argument(
        "--no-reference",
        dest="reference",
        action="store_false",
        help="leave out the pure-Python run (minutes at 100,000 accounts)",
    )
    parser.add_argument(
        "--no-load", dest="load", action="store_false", help="leave out CSafeLoader's bare load"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="smaudit check --jobs for the fast check (the reference runs with 1)",
    )
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    shapes = [s for s in args.shapes.split(",") if s]
    if "independent" in shapes and not (HERE / "independent.py").exists():
        print("note: benchmarks/independent.py is absent: its shape is left out")
        shapes.remove("independent")
    print(f"fast path:      {build_line(args.python, pure=False)}, --jobs {args.jobs}")
    print(f"reference path: {build_line(args.python, pure=True)}")
    print(
        f"{'N':>8} {'shape':<12} {'YAML':>10} | {'CSafeLoader load':^21} | "
        f"{'smaudit check, fast':^21} | {'... reference':^21} | {'fast/load (range)':^17} | feeds"
    )
    with tempfile.TemporaryDirectory(prefix="smaudit-shapes-") as scratch:
        for n in [int(s.replace("_", "")) for s in args.sizes.split(",") if s]:
            for shape in shapes:
                bench(n, shape, Path(scratch), args)


if __name__ == "__main__":
    main()
