"""Venues: figure sizes from tueplots (or the LaTeX classes), font sizes,
errors, the `venues` command; PDF fonts, PGF and usetex."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from images import compare
from matplotlib.figure import Figure
from tueplots import figsizes, fontsizes
from typer.testing import CliRunner

import tanhplot
from tanhplot import TanhplotError
from tanhplot.cli import app
from tanhplot.venues import DEFAULT_ASPECT, VENUES

GOLDEN = (5**0.5 - 1) / 2
# Widths in inches: tueplots' numbers for the ML venues, the LaTeX classes'
# \columnwidth / \textwidth (TeX points / 72.27) for IEEE and ACM.
WIDTHS = {
    ("neurips", 1): 5.5,
    ("icml", 1): 3.25,
    ("icml", 2): 6.75,
    ("iclr", 1): 5.5,
    ("aistats", 1): 3.25,
    ("aistats", 2): 6.75,
    ("jmlr", 1): 6.0,
    ("ieee", 1): 252 / 72.27,
    ("ieee", 2): 516 / 72.27,
    ("acm", 1): 241.14749 / 72.27,
    ("acm", 2): 506.295 / 72.27,
}


def test_the_required_venues_are_there() -> None:
    assert set(VENUES) >= {"neurips", "icml", "iclr", "aistats", "jmlr", "ieee", "acm"}
    assert {
        (v.name, n) for v in VENUES.values() for n in range(1, v.columns + 1)
    } == set(WIDTHS)


@pytest.mark.parametrize("venue, columns", sorted(WIDTHS))
def test_every_venue_figure_size(venue: str, columns: int) -> None:
    fig = tanhplot.figure(venue=venue, columns=columns)
    width, height = fig.get_size_inches()
    assert width == pytest.approx(WIDTHS[venue, columns], abs=1e-9)
    assert height == pytest.approx(width * GOLDEN, abs=1e-9)
    assert pytest.approx(GOLDEN) == DEFAULT_ASPECT


@pytest.mark.parametrize("venue, columns", sorted(WIDTHS))
def test_aspect_sets_the_height(venue: str, columns: int) -> None:
    fig = tanhplot.figure(venue=venue, columns=columns, aspect=0.4)
    _, height = fig.get_size_inches()
    assert height == pytest.approx(0.4 * WIDTHS[venue, columns], abs=1e-9)


def test_sizes_agree_with_tueplots() -> None:
    assert tanhplot.figure(venue="icml").get_size_inches() == pytest.approx(
        figsizes.icml2024_half(nrows=1, ncols=1)["figure.figsize"]
    )
    assert tanhplot.figure(venue="neurips").get_size_inches() == pytest.approx(
        figsizes.neurips2024(nrows=1, ncols=1)["figure.figsize"]
    )


@pytest.mark.parametrize(
    "venue, expected",
    [
        ("icml", fontsizes.icml2024()["xtick.labelsize"]),
        ("neurips", fontsizes.neurips2024()["xtick.labelsize"]),
        ("jmlr", fontsizes.jmlr2001()["xtick.labelsize"]),
        ("ieee", 6.0),
    ],
)
def test_venue_font_sizes(venue: str, expected: float) -> None:
    fig = tanhplot.figure(venue=venue)
    fig.draw_without_rendering()
    sizes = {t.get_fontsize() for t in fig.axes[0].get_xticklabels()}
    assert sizes == {expected}
    assert fig.axes[0].get_legend().get_texts()[0].get_fontsize() == expected


def test_grid_at_a_venue_is_as_wide_as_the_text() -> None:
    fig = tanhplot.grid("tanh", "sigmoid", venue="icml", columns=2)
    width, height = fig.get_size_inches()
    assert width == pytest.approx(6.75)
    assert height == pytest.approx(6.75 / 2 * GOLDEN)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"venue": "nips"}, "unknown venue 'nips'"),
        ({"venue": "icm"}, "did you mean 'icml'"),
        ({"venue": "neurips", "columns": 2}, "columns must be 1 for the single-column"),
        ({"venue": "icml", "columns": 3}, "columns must be 1 or 2"),
        ({"columns": 2}, "needs a venue"),
        ({"venue": "icml", "size": (3, 2)}, "give either size or venue"),
        ({"venue": "icml", "aspect": 0}, "aspect must be a positive number"),
    ],
)
def test_bad_venue_options(options: dict[str, object], message: str) -> None:
    with pytest.raises(TanhplotError, match=message):
        tanhplot.FigureSpec(**options)  # type: ignore[arg-type]


def test_venues_command_lists_widths() -> None:
    result = CliRunner().invoke(app, ["venues"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["name", "venue", "1", "column", "2", "columns"]
    icml = next(line for line in lines if line.startswith("icml "))
    assert icml.split()[-4:] == ["3.25", "in", "6.75", "in"]
    assert len(lines) == 1 + len(VENUES)


def test_tueplots_and_matplotlib_load_only_when_needed() -> None:
    code = (
        "import sys, tanhplot\n"
        "from tanhplot.cli import app\n"
        "tanhplot.FigureSpec()\n"
        "a = 'tueplots' in sys.modules\n"
        "tanhplot.FigureSpec(venue='icml')\n"
        "print(a, 'tueplots' in sys.modules, 'matplotlib' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "True", "False"]


@compare(style=tanhplot.FigureSpec(theme="paper", venue="icml").styles)
def test_icml_paper_figure() -> Figure:
    return tanhplot.figure(
        theme="paper", venue="icml", labels="formula", axis_labels=True, arrows=True
    )


def test_pgf_needs_latex(tmp_path: Path) -> None:
    out = tmp_path / "tanh.pgf"
    result = CliRunner().invoke(app, ["render", "-o", str(out)])
    if shutil.which("xelatex") is None:
        assert result.exit_code == 2
        assert result.stderr == (
            "tanhplot: error: pgf output needs a LaTeX installation, but 'xelatex' "
            "is not on PATH; install TeX Live (or MiKTeX), or write .pdf or .svg "
            "instead\n"
        )
        assert not out.exists()
    else:  # pragma: no cover - machines with TeX
        assert result.exit_code == 0, result.output
        assert out.read_text().startswith("%% Creator: Matplotlib")


def test_usetex_without_latex_is_one_clear_line(tmp_path: Path) -> None:
    out = tmp_path / "tanh.png"
    result = CliRunner().invoke(app, ["render", "--usetex", "-o", str(out)])
    if shutil.which("latex") is None:
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1
        assert "usetex needs a LaTeX installation" in result.stderr
        assert not out.exists()
    else:  # pragma: no cover - machines with TeX
        assert result.exit_code == 0, result.output
