"""tanhplot's commands timed against a plain-matplotlib script, in pairs.

Run from a clone of the repository, with tanhplot installed in the Python
that runs this script (``pip install .``), no arguments needed::

    python benchmarks/compare.py             # 11 pairs per measure
    python benchmarks/compare.py --pairs 31  # steadier

The reference is ``benchmarks/reference_plot.py``: the seed blog post's figure
(tanh and 1 - tanh^2 on centered spines, saved as PNG) as its author wrote it
with pyplot. Every command runs as a fresh process (a cold start: a new
interpreter, imports and all). Each measure runs its two sides as pairs, one
right after the other, the order alternating (A B, B A, A B, ...), so both
sides of a pair see the same machine load; the ratio of each pair is taken,
and the table shows the median ratio, the spread of the pair ratios (first to
third quartile) and the median times, next to the goal. The live preview
(``tanhplot build --watch``, ``tanhplot render --watch``) is one process
kept running: its measure is the time from saving the watched file to the
watch's line that the figure is written, paired with a cold reference run.
Peak memory is each process's own maximum resident set size (``os.wait4``);
a million samples has a goal for it beside its time. The exit code is 1
when a median ratio misses its goal.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "reference_plot.py"
NOOP_FIGURES = 24


@dataclass
class Sample:
    seconds: float
    max_rss_mb: float


def child_env() -> dict[str, str]:
    """The environment of every timed process: Agg, no user matplotlibrc,
    and Python's default of caching compiled modules, as in an installed
    tanhplot (pip compiles them on install; a PYTHONDONTWRITEBYTECODE left in
    the shell would have an editable install compile all of tanhplot on
    every start, which no user's run does)."""
    env = {**os.environ, "MPLBACKEND": "Agg"}
    for name in ("MATPLOTLIBRC", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


def run(argv: Sequence[str], cwd: Path) -> Sample:
    """Run *argv* to completion; wall time and the child's own peak RSS."""
    import time

    env = child_env()
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if code != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({code}): {stderr}")
    return Sample(seconds, usage.ru_maxrss / 1024)


@dataclass
class Measure:
    """Side A against side B: the goal is median(A / B) <= goal."""

    name: str
    a: list[str]
    b: list[str]
    goal: float
    b_name: str = "reference"


#: The measure of a million samples against the default render, and its
#: goal for peak memory (the time's goal is on the measure).
MILLION = "a million samples"
MILLION_MEMORY = 1.5

#: The sweep `tanhplot animate` is timed with, at the default size.
SWEEP = "leaky_relu(negative_slope=0..0.3)"


def tanhplot_command() -> list[str]:
    """The installed console script next to this Python, else ``-m``."""
    script = shutil.which("tanhplot", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "tanhplot"]


def check_installed(python: str) -> None:
    probe = subprocess.run(
        [python, "-c", "import tanhplot"], capture_output=True, text=True, check=False
    )
    if probe.returncode != 0:
        raise SystemExit(
            "tanhplot is not installed in this Python; run `pip install .` in the "
            "repository first"
        )


def write_noop_spec(folder: Path) -> Path:
    """NOOP_FIGURES figures like the reference's, built once here so that
    every timed build has nothing to do."""
    spec = folder / "figures.toml"
    tables = "".join(
        f'[[figure]]\noutput = "out/fig{i:02d}.png"\n' for i in range(NOOP_FIGURES)
    )
    spec.write_text(tables)
    subprocess.run(
        [*tanhplot_command(), "build", str(spec), "--quiet"],
        check=True,
        cwd=folder,
        env=child_env(),  # also caches tanhplot's compiled modules, as pip would
    )
    return spec


class Watcher:
    """``tanhplot build --watch`` on a one-figure spec (or, with *render*,
    ``tanhplot render --watch`` on a file of one figure's options), kept
    running: each `save` changes the figure's activation and times the wait
    from writing the file to the watch's line saying the new figure is
    written."""

    ACTIVATIONS = ("tanh", "sigmoid")

    def __init__(self, folder: Path, *, render: bool = False) -> None:
        self.render = render
        self.spec = folder / ("options.toml" if render else "watched.toml")
        self.saves = 0
        self._write()
        env = child_env()
        command = (
            ["render", "--watch", str(self.spec), "-o", "rendered.png"]
            if render
            else ["build", "--watch", str(self.spec)]
        )
        self.proc = subprocess.Popen(
            [*tanhplot_command(), *command],
            cwd=folder,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self._until("watching")  # the first build, cold: not timed

    def _write(self) -> None:
        """Save the watched file as editors that write a new file and rename
        it do: the watch never sees it half written (a round drawn from a
        half-written file would print a line that the next save's wait
        takes for its own)."""
        name = self.ACTIVATIONS[self.saves % len(self.ACTIVATIONS)]
        table = "" if self.render else '[[figure]]\noutput = "watched.png"\n'
        new = self.spec.with_name(self.spec.name + ".new")
        new.write_text(f'{table}activations = ["{name}"]\n')
        os.replace(new, self.spec)

    def _until(self, word: str) -> None:
        assert self.proc.stdout is not None
        while word not in (line := self.proc.stdout.readline()):
            if not line:
                raise SystemExit("tanhplot --watch ended early")

    def save(self) -> Sample:
        import time

        self.saves += 1
        start = time.perf_counter()
        self._write()
        # build --watch ends a round with its summary, render --watch with
        # the file written
        self._until("wrote" if self.render else "watching")
        return Sample(time.perf_counter() - start, 0.0)

    def close(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.communicate()


def quartiles(values: list[float]) -> tuple[float, float]:
    if len(values) < 2:
        return values[0], values[0]
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], q[2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pairs", type=int, default=11, help="pairs per measure (default 11)"
    )
    parser.add_argument(
        "--only",
        metavar="TEXT",
        help="only the measures whose name holds TEXT (e.g. 'cheat')",
    )
    args = parser.parse_args()
    python = sys.executable
    check_installed(python)
    tanhplot = tanhplot_command()
    reference = [python, str(REFERENCE), "reference.png"]

    work = Path(tempfile.mkdtemp(prefix="tanhplot-bench-"))
    try:
        spec = write_noop_spec(work)
        measures = [
            Measure(
                "render (cold, PNG)",
                [*tanhplot, "render", "-o", "t.png"],
                reference,
                0.8,
            ),
            Measure("tanhplot list", [*tanhplot, "list"], reference, 0.2),
            Measure("tanhplot --help", [*tanhplot, "--help"], reference, 0.2),
            Measure(
                f"build, nothing to do ({NOOP_FIGURES})",
                [*tanhplot, "build", str(spec), "--quiet"],
                reference,
                0.3,
            ),
            Measure(
                "render PDF vs PNG",
                [*tanhplot, "render", "-o", "t.pdf"],
                [*tanhplot, "render", "-o", "t.png"],
                1.1,
                "render PNG",
            ),
            Measure(
                "cheat sheet (--grid --all)",
                [*tanhplot, "render", "--grid", "--all", "-o", "all.png"],
                [*tanhplot, "render", "-o", "t.png"],
                2.5,
                "render PNG",
            ),
            Measure(
                MILLION,
                [*tanhplot, "render", "--samples", "1000000", "-o", "m.png"],
                [*tanhplot, "render", "-o", "t.png"],
                1.3,
                "render PNG",
            ),
            Measure(
                "animate 30-frame GIF",
                [*tanhplot, "animate", SWEEP, "--frames", "30", "-o", "s.gif"],
                [*tanhplot, "render", "-o", "t.png"],
                5.0,
                "render PNG",
            ),
        ]
        if args.only:
            measures = [m for m in measures if args.only in m.name]
        results: dict[str, list[tuple[Sample, Sample]]] = {m.name: [] for m in measures}
        # the live previews: save -> written file, against a cold reference
        watched = [
            Measure(f"{what}: save -> file", [f"({what})"], reference, 0.25)
            for what in ("build --watch", "render --watch")
            if not args.only or args.only in f"{what}: save -> file"
        ]
        for measure in watched:
            results[measure.name] = []
            watcher = Watcher(work, render=measure.name.startswith("render"))
            for index in range(args.pairs):
                if index % 2 == 0:
                    a, b = watcher.save(), run(reference, work)
                else:
                    b, a = run(reference, work), watcher.save()
                results[measure.name].append((a, b))
            watcher.close()
        for index in range(args.pairs):
            for measure in measures:
                if index % 2 == 0:
                    a, b = run(measure.a, work), run(measure.b, work)
                else:
                    b, a = run(measure.b, work), run(measure.a, work)
                results[measure.name].append((a, b))
            print(f"pair {index + 1}/{args.pairs}", file=sys.stderr, end="\r")
        print(file=sys.stderr)
        measures += watched
    finally:
        shutil.rmtree(work, ignore_errors=True)

    import matplotlib
    import numpy

    print(
        f"{args.pairs} pairs per measure; python {platform.python_version()}, "
        f"matplotlib {matplotlib.__version__}, numpy {numpy.__version__}, "
        f"{os.cpu_count()} cores"
    )
    header = (
        f"{'measure':<28} {'A (s)':>7} {'B (s)':>7} {'B is':<11} "
        f"{'A/B':>5} {'spread':>11} {'goal':>7}"
    )
    print(header)
    print("-" * (len(header) + 7))
    failed = False
    for measure in measures:
        pairs = results[measure.name]
        ratios = [a.seconds / b.seconds for a, b in pairs]
        ratio = statistics.median(ratios)
        low, high = quartiles(ratios)
        ok = ratio <= measure.goal
        failed |= not ok
        a_time = statistics.median(a.seconds for a, _ in pairs)
        b_time = statistics.median(b.seconds for _, b in pairs)
        print(
            f"{measure.name:<28} {a_time:>7.3f} {b_time:>7.3f} {measure.b_name:<11} "
            f"{ratio:>5.2f} {f'{low:.2f}-{high:.2f}':>11} "
            f"{'<= ' + format(measure.goal, 'g'):>7} {'ok' if ok else 'MISSED'}"
        )
    for name, b_name, goal in (
        ("render (cold, PNG)", "reference", None),
        ("animate 30-frame GIF", "render PNG", None),
        (MILLION, "render PNG", MILLION_MEMORY),
    ):
        pairs = results.get(name)
        if not pairs:
            continue
        memory = statistics.median(a.max_rss_mb / b.max_rss_mb for a, b in pairs)
        a_mb = statistics.median(a.max_rss_mb for a, _ in pairs)
        b_mb = statistics.median(b.max_rss_mb for _, b in pairs)
        verdict = ""
        if goal is not None:
            ok = memory <= goal
            failed |= not ok
            verdict = f" (goal <= {goal:g}: {'ok' if ok else 'MISSED'})"
        print(
            f"{name} peak memory: {a_mb:.1f} MB, {b_name} {b_mb:.1f} MB, "
            f"ratio {memory:.2f}{verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
