"""How many small visual edits do the image tests catch?

Run from the repository root, in the test environment (``pip install -e
".[test]"``)::

    python benchmarks/mutation.py             # every edit
    python benchmarks/mutation.py -k dark     # the edits whose name has 'dark'
    python benchmarks/mutation.py --list      # the edits, without running

Each edit is one small change a reader could see in a figure (a colour one
hex digit off, a line 0.2 pt thinner, a marker moved by a few pixels, the
legend frame on, ...). The repository's files (``git ls-files``) are copied to
a temporary folder once; each edit is applied to that copy alone, the image
tests run there against the copy's package, and the file is restored before
the next edit. The checkout itself is never written to.

An edit is *caught* when an image comparison fails ("Image files did not
match", "Image dimensions did not match", or matplotlib's "Image sizes do
not match" when an opaque PNG meets a transparent baseline). A test failing for another
reason (an error, a warning) is reported as such and does not count. The
score is caught / run; an edit whose text is not found in the package (the
code moved on) is reported and left out of the score. With exact comparison,
an edit escapes only when no image test's figure shows it: it needs a
baseline that does. The exit code is 1 when an edit escapes or the unedited copy fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The image tests (the files with pytest-mpl comparisons), as in the README.
IMAGE_TESTS = (
    "tests/test_images.py",
    "tests/test_images_zoo.py",
    "tests/test_themes.py",
    "tests/test_annotations.py",
    "tests/test_grid.py",
    "tests/test_venues.py",
    "tests/test_formula.py",
    "tests/test_teaching.py",
    "tests/test_images_features.py",
    "tests/test_images_files.py",
    "tests/test_animation.py",
)
PYTEST = ("-x", "-q", "-p", "no:cacheprovider", "-m", "mpl_image_compare")


#: What an image comparison says when it fails: pytest-mpl's messages, and
#: matplotlib's when the channels differ (an opaque PNG against a baseline
#: with transparency).
CAUGHT = (
    "Image files did not match",
    "Image dimensions did not match",
    "Image sizes do not match expected size",
)


@dataclass(frozen=True)
class Edit:
    """Replace the first *old* by *new* in the first of *paths* (relative to
    the root) that has it: code moves between modules."""

    name: str
    paths: str | tuple[str, ...]
    old: str
    new: str

    def target(self, root: Path) -> Path | None:
        """The file to edit in *root*, or None when no file has *old*."""
        paths = (self.paths,) if isinstance(self.paths, str) else self.paths
        for path in paths:
            if self.old in (root / path).read_text():
                return root / path
        return None


LIGHT = "tanhplot/light.mplstyle"
DARK = "tanhplot/dark.mplstyle"
PAPER = "tanhplot/paper.mplstyle"
SLIDES = "tanhplot/slides.mplstyle"
THEMES = "tanhplot/themes.py"
ANNOTATE = "tanhplot/annotate.py"
PLOTTING = "tanhplot/plotting.py"
FORMULA = "tanhplot/formula.py"
SPEC = "tanhplot/spec.py"
PLACE = "tanhplot/place.py"
CLI = "tanhplot/cli.py"
ANIMATION = "tanhplot/animation.py"
LINEWIDTH = "lines.linewidth: 3\n"

EDITS = (
    # colours one hex digit off
    Edit(
        "function colour #307EC7 -> #307EC8",
        THEMES,
        'SEED_COLORS = ("#307EC7"',
        'SEED_COLORS = ("#307EC8"',
    ),
    Edit(
        "derivative colour #9621E2 -> #9621E3",
        THEMES,
        '"#9621E2")',
        '"#9621E3")',
    ),
    Edit(
        "dark function colour #58A6FF -> #58A6FE",
        THEMES,
        '("#58A6FF"',
        '("#58A6FE"',
    ),
    Edit(
        "light annotation colour #57606A -> #57606B",
        THEMES,
        '"light": ThemeColors(*SEED_COLORS, "#57606A"',
        '"light": ThemeColors(*SEED_COLORS, "#57606B"',
    ),
    Edit(
        "light background white -> FFFFFE",
        LIGHT,
        "axes.facecolor: white",
        "axes.facecolor: FFFFFE",
    ),
    Edit(
        "light first cycle colour 0072B2 -> 0072B3",
        LIGHT,
        "'0072B2'",
        "'0072B3'",
    ),
    Edit(
        "dark background 121417 -> 121418",
        DARK,
        "axes.facecolor: 121417",
        "axes.facecolor: 121418",
    ),
    Edit(
        "dark text colour E6EDF3 -> E6EDF4",
        DARK,
        "text.color: E6EDF3",
        "text.color: E6EDF4",
    ),
    Edit(
        "dark tick label colour E6EDF3 -> E6EDF4",
        DARK,
        "xtick.labelcolor: E6EDF3",
        "xtick.labelcolor: E6EDF4",
    ),
    # sizes and widths
    Edit("light linewidth 3 -> 2.8", LIGHT, LINEWIDTH, "lines.linewidth: 2.8\n"),
    Edit(
        "light spine width 0.8 -> 0.9",
        LIGHT,
        LINEWIDTH,
        LINEWIDTH + "axes.linewidth: 0.9\n",
    ),
    Edit(
        "light tick label size 10 -> 10.5",
        LIGHT,
        LINEWIDTH,
        LINEWIDTH + "xtick.labelsize: 10.5\n",
    ),
    Edit(
        "light legend font size 10 -> 10.5",
        LIGHT,
        LINEWIDTH,
        LINEWIDTH + "legend.fontsize: 10.5\n",
    ),
    Edit(
        "light title size 12 -> 12.5",
        LIGHT,
        LINEWIDTH,
        LINEWIDTH + "axes.titlesize: 12.5\n",
    ),
    # (figure.dpi and figure.figsize in the style files are not used: the
    # spec's defaults are)
    Edit("default dpi 200 -> 201", SPEC, "DEFAULT_DPI = 200.0", "DEFAULT_DPI = 201.0"),
    Edit(
        "default height 5 -> 5.05 in",
        SPEC,
        "DEFAULT_SIZE = (9.0, 5.0)",
        "DEFAULT_SIZE = (9.0, 5.05)",
    ),
    Edit(
        "light legend frame on",
        LIGHT,
        "legend.frameon: False",
        "legend.frameon: True",
    ),
    Edit(
        "paper tick label size 8 -> 8.5",
        PAPER,
        "xtick.labelsize: 8",
        "xtick.labelsize: 8.5",
    ),
    Edit(
        "paper spine width 0.6 -> 0.7",
        PAPER,
        "axes.linewidth: 0.6",
        "axes.linewidth: 0.7",
    ),
    Edit(
        "paper tick length 3 -> 3.5",
        PAPER,
        "xtick.major.size: 3",
        "xtick.major.size: 3.5",
    ),
    Edit(
        "paper legend handle length 1.8 -> 2.0",
        PAPER,
        "legend.handlelength: 1.8",
        "legend.handlelength: 2.0",
    ),
    Edit(
        "slides linewidth 5 -> 4.8",
        SLIDES,
        "lines.linewidth: 5",
        "lines.linewidth: 4.8",
    ),
    Edit(
        "slides tick width 2 -> 2.5",
        SLIDES,
        "xtick.major.width: 2",
        "xtick.major.width: 2.5",
    ),
    # drawing
    Edit(
        "derivative of several activations dash-dot instead of dashed",
        PLOTTING,
        'dstyle = "-" if single else "--"',
        'dstyle = "-" if single else "-."',
    ),
    Edit(
        "origin label 1 pt farther from the axes",
        (PLOTTING, PLACE),
        "    gap = 4.0  # points",
        "    gap = 5.0  # points",
    ),
    Edit(
        "max-slope marker moved right by 0.05 (~6 px)",
        ANNOTATE,
        "[xy[0]],",
        "[xy[0] + 0.05],",
    ),
    Edit(
        "max-slope marker 1 pt smaller (its clearance from a tick label)",
        ANNOTATE,
        "def _dot_fits_gap(clearance: float = 3.0)",
        "def _dot_fits_gap(clearance: float = 3.5)",
    ),
    Edit(
        "max-slope marker edge 1.0 -> 1.2",
        ANNOTATE,
        "markeredgewidth=1.0,",
        "markeredgewidth=1.2,",
    ),
    Edit(
        "leader line with an arrowhead",
        ANNOTATE,
        '"arrowstyle": "-",',
        '"arrowstyle": "->",',
    ),
    Edit(
        "leader line width 0.8 -> 1.0",
        ANNOTATE,
        '"linewidth": 0.8,',
        '"linewidth": 1.0,',
    ),
    Edit(
        "axis arrowhead > -> tri_right",
        ANNOTATE,
        '(">", "bottom"',
        '("4", "bottom"',
    ),
    Edit(
        "axis arrowhead 0.5 pt larger",
        ANNOTATE,
        "return 4.0 + 2.5 * float(",
        "return 4.5 + 2.5 * float(",
    ),
    Edit(
        "asymptote dashes (4, 3) -> (4, 3.5)",
        ANNOTATE,
        "linestyle=(0, (4, 3)),",
        "linestyle=(0, (4, 3.5)),",
    ),
    Edit(
        "asymptote width 0.4 -> 0.42 of the curves'",
        ANNOTATE,
        'max(0.75, 0.4 * float(rcParams["lines.linewidth"]))',
        'max(0.75, 0.42 * float(rcParams["lines.linewidth"]))',
    ),
    Edit(
        "saturation band alpha 0.14 -> 0.16",
        PLOTTING,
        "SATURATION_ALPHA = 0.14",
        "SATURATION_ALPHA = 0.16",
    ),
    Edit(
        "center_spines leaves the top spine visible",
        PLOTTING,
        'ax.spines["top"].set_visible(False)',
        'ax.spines["top"].set_visible(True)',
    ),
    Edit(
        "light SVG text as fonts, not glyph outlines (SVG only)",
        LIGHT,
        "svg.fonttype: path",
        "svg.fonttype: none",
    ),
    Edit(
        "--transparent ignored",
        SPEC,
        'extra["savefig.transparent"] = True',
        'extra["savefig.transparent"] = False',
    ),
    Edit(
        "--expr drawn before the named activations (colours swapped)",
        CLI,
        "named = [*(activations or ()), *_expressions(expr or ())]",
        "named = [*_expressions(expr or ()), *(activations or ())]",
    ),
    Edit(
        "animation's vertical margin 8% -> 9%",
        ANIMATION,
        "pad = 0.08 * max(hi - lo, 1e-9)",
        "pad = 0.09 * max(hi - lo, 1e-9)",
    ),
    Edit(
        "formula card text 2% larger",
        FORMULA,
        'size = _SCALE * float(rcParams["font.size"])',
        'size = 1.02 * _SCALE * float(rcParams["font.size"])',
    ),
)


def _copy(into: Path) -> None:
    """Copy the files git knows (tracked and untracked, not ignored)."""
    names = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, names):
        source = ROOT / os.fsdecode(name)
        if source.is_file():
            target = into / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def _env(copy: Path) -> dict[str, str]:
    # The copy's package first: its own tanhplot, not the installed one.
    return {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}


def _pytest(copy: Path) -> tuple[str, float]:
    """Run the image tests in *copy*: ("pass" | "caught" | "other", seconds)."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", *IMAGE_TESTS, *PYTEST],
        cwd=copy,
        env=_env(copy),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    seconds = time.perf_counter() - start
    out = result.stdout + result.stderr
    if result.returncode == 0:
        return "pass", seconds
    if any(message in out for message in CAUGHT):
        return "caught", seconds
    tail = [line for line in out.splitlines() if line.startswith(("FAILED", "ERROR"))]
    return "other: " + (tail[0] if tail else out.strip()[-200:]), seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "-k", action="append", default=[], help="only edits whose name has this"
    )
    parser.add_argument("--list", action="store_true", help="list the edits")
    args = parser.parse_args(argv)
    keys = [k.lower() for k in args.k] or [""]
    edits = [e for e in EDITS if any(k in e.name.lower() for k in keys)]
    if args.list:
        for edit in edits:
            print(f"{edit.name}  ({edit.paths})")
        return 0
    with tempfile.TemporaryDirectory(prefix="tanhplot-mutation-") as folder:
        copy = Path(folder)
        _copy(copy)
        found = subprocess.run(
            [sys.executable, "-c", "import tanhplot; print(tanhplot.__file__)"],
            cwd=copy,
            env=_env(copy),
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if not Path(found).is_relative_to(copy):
            print(f"the copy's tanhplot is not the one imported: {found}")
            return 1
        status, seconds = _pytest(copy)
        print(f"unedited: {status} ({seconds:.0f} s)")
        if status != "pass":
            return 1
        caught, escaped, skipped = [], [], []
        for edit in edits:
            path = edit.target(copy)
            if path is None:
                skipped.append(edit)
                print(f"  n/a     {edit.name}: text not found in {edit.paths}")
                continue
            original = path.read_text()
            path.write_text(original.replace(edit.old, edit.new, 1))
            try:
                status, seconds = _pytest(copy)
            finally:
                path.write_text(original)
            (caught if status == "caught" else escaped).append(edit)
            word = "caught" if status == "caught" else "ESCAPED"
            detail = "" if status in ("caught", "pass") else f" [{status}]"
            print(f"  {word:7} {edit.name} ({seconds:.0f} s){detail}", flush=True)
    run = len(caught) + len(escaped)
    print(f"score: {len(caught)}/{run} edits caught by the image tests", end="")
    print(f" ({len(skipped)} not applicable)" if skipped else "")
    for edit in escaped:
        print(f"escaped: {edit.name}")
    return 1 if escaped else 0


if __name__ == "__main__":
    sys.exit(main())
