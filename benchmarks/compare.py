"""tanhplot side by side with the seed blog post's plain-matplotlib script.

Run from the repository root, in an environment where tanhplot is installed
(``pip install .``)::

    python benchmarks/compare.py            # 15 rounds
    python benchmarks/compare.py --runs 31  # steadier medians

Every round runs each command once, in alternating order, as a fresh process,
so both sides see the same machine load; the table shows medians and the
ratio tanhplot / seed (lower is better) next to the goal. Peak memory is each
process's own maximum resident set size (``os.wait4``). The exit code is 1
when a ratio misses its goal.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = ROOT.parent / "shared" / "seed" / "seed_plot.py"
BUILD_FIGURES = 24


@dataclass
class Sample:
    seconds: float
    max_rss_mb: float


def run(argv: Sequence[str], cwd: Path) -> Sample:
    """Run *argv* to completion; wall time and the child's own peak RSS."""
    env = {**os.environ, "MPLBACKEND": "Agg"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        stderr = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {stderr}")
    if proc.stderr:
        proc.stderr.close()
    return Sample(seconds, usage.ru_maxrss / 1024)


def seed_runs(python: str, seed: Path, count: int) -> Callable[[Path], Sample]:
    """*count* runs of the seed script one after another, as one sample."""

    def go(cwd: Path) -> Sample:
        samples = [run([python, str(seed), f"seed{i}.png"], cwd) for i in range(count)]
        return Sample(
            sum(s.seconds for s in samples), max(s.max_rss_mb for s in samples)
        )

    return go


def write_build_spec(folder: Path) -> Path:
    """24 figures like the seed's (tanh and its derivative, PNG)."""
    spec = folder / "figures.toml"
    tables = "".join(
        f'[[figure]]\noutput = "out/fig{i:02d}.png"\n' for i in range(BUILD_FIGURES)
    )
    spec.write_text('[defaults]\nactivations = ["tanh"]\n\n' + tables)
    return spec


def has_build(tanhplot: str) -> bool:
    result = subprocess.run(
        [tanhplot, "build", "--help"], capture_output=True, text=True, check=False
    )
    return result.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="rounds (default 15)")
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED, help="seed_plot.py")
    args = parser.parse_args()
    python = sys.executable
    tanhplot = shutil.which("tanhplot", path=str(Path(python).parent)) or "tanhplot"
    if not args.seed.is_file():
        raise SystemExit(f"seed script not found: {args.seed} (use --seed)")

    work = Path(tempfile.mkdtemp(prefix="tanhplot-bench-"))
    spec = write_build_spec(work)
    seed_once = seed_runs(python, args.seed, 1)
    comparisons: list[
        tuple[str, Callable[[Path], Sample], Callable[[Path], Sample], float, str]
    ] = [
        (
            "render (default PNG)",
            lambda cwd: run([tanhplot, "render", "-o", "t.png"], cwd),
            seed_once,
            1.0,
            "time",
        ),
        (
            "tanhplot --help",
            lambda cwd: run([tanhplot, "--help"], cwd),
            seed_once,
            0.35,
            "time",
        ),
        (
            "tanhplot list",
            lambda cwd: run([tanhplot, "list"], cwd),
            seed_once,
            0.35,
            "time",
        ),
    ]
    if has_build(tanhplot):
        comparisons.append(
            (
                f"build {BUILD_FIGURES} figures",
                lambda cwd: run(
                    [tanhplot, "build", str(spec), "--force", "--quiet"], cwd
                ),
                seed_runs(python, args.seed, BUILD_FIGURES),
                0.2,
                "time",
            )
        )
    results: dict[str, tuple[list[Sample], list[Sample]]] = {
        name: ([], []) for name, *_ in comparisons
    }
    for round_ in range(args.runs):
        for name, ours, theirs, _, _ in comparisons:
            pair = [(0, ours), (1, theirs)]
            if round_ % 2:
                pair.reverse()
            for side, fn in pair:
                results[name][side].append(fn(work))
        print(f"round {round_ + 1}/{args.runs}", file=sys.stderr, end="\r")
    print(file=sys.stderr)

    rows = []
    failed = False
    for name, _, _, goal, _ in comparisons:
        ours, theirs = results[name]
        a = statistics.median(s.seconds for s in ours)
        b = statistics.median(s.seconds for s in theirs)
        ok = a / b <= goal
        failed |= not ok
        rows.append((f"{name}: time", a, b, a / b, goal, ok))
    render_ours, render_seed = results["render (default PNG)"]
    a = statistics.median(s.max_rss_mb for s in render_ours)
    b = statistics.median(s.max_rss_mb for s in render_seed)
    ok = a / b <= 1.1
    failed |= not ok
    rows.append(("render: peak memory (MB)", a, b, a / b, 1.1, ok))

    version = sys.version.split()[0]
    print(f"{args.runs} rounds, medians; python {version}, {os.cpu_count()} cores")
    header = f"{'measure':<28} {'tanhplot':>10} {'seed':>10} {'ratio':>7} {'goal':>6}"
    print(header)
    print("-" * len(header))
    for label, x, y, ratio, goal, ok in rows:
        unit = "" if "memory" in label else " s"
        print(
            f"{label:<28} {x:>8.3f}{unit:2} {y:>8.3f}{unit:2} {ratio:>7.2f} "
            f"{'<= ' + format(goal, 'g'):>6} {'ok' if ok else 'MISSED'}"
        )
    if not has_build(tanhplot):
        print(
            textwrap.dedent("""
            (tanhplot build is not available in this version: build not measured)""")
        )
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
