"""Venues: figure sizes from tueplots (or the LaTeX classes), font sizes,
errors, the `venues` command; PDF fonts, PGF and usetex."""

from __future__ import annotations

import inspect
import re
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
from tanhplot.venues import DEFAULT_ASPECT, VENUES, listing, venues

GOLDEN = (5**0.5 - 1) / 2
# IEEE's and ACM's widths in inches: the LaTeX classes' \columnwidth and
# \textwidth (TeX points / 72.27); every other venue's come from tueplots.
LATEX_WIDTHS = {
    ("ieee", 1): 252 / 72.27,
    ("ieee", 2): 516 / 72.27,
    ("acm", 1): 241.14749 / 72.27,
    ("acm", 2): 506.295 / 72.27,
}
# Every venue under every name, with each number of columns it has.
CASES = sorted(
    (name, columns)
    for name, venue in venues().items()
    for columns in range(1, venue.columns + 1)
)
TUEPLOTS_CASES = [(n, c) for n, c in CASES if VENUES[n].figsizes]


def test_the_required_venues_are_there() -> None:
    # the seven of before, tueplots' other conferences and journals, slides
    assert set(VENUES) >= {
        *("neurips", "icml", "iclr", "aistats", "jmlr", "ieee", "acm"),
        *("cvpr", "eccv", "aaai", "uai", "tmlr", "colm", "probnum"),
        *("icml2022", "icml2024", "neurips2021", "aistats2022", "cvpr2022"),
        "beamer169",
    }
    assert {(n, c) for n, c in CASES if not VENUES[n].figsizes} == set(LATEX_WIDTHS)


def test_every_tueplots_venue_size_is_there() -> None:
    # each figsizes function of a dated venue is one venue's column or text
    used = {f for venue in VENUES.values() for f in venue.figsizes}
    dated = {
        name
        for name, value in vars(figsizes).items()
        if inspect.isfunction(value)
        and re.fullmatch(r"[a-z]+\d{4}(_half|_full)?", name)
    }
    assert dated <= used
    assert "beamer_169" in used


def test_plain_names_are_the_newest_year() -> None:
    for names, venue in listing():
        if len(names) == 2:
            plain, dated = names
            years = [
                int(n[len(plain) :])
                for n in VENUES
                if n.startswith(plain) and n[len(plain) :].isdigit()
            ]
            assert dated == f"{plain}{max(years)}"
            assert VENUES[plain].figsizes == venue.figsizes
            assert VENUES[plain].title == venue.title
    assert VENUES["icml"].title == "ICML 2024"
    assert VENUES["icml2022"].figsizes == ("icml2022_half", "icml2022_full")


@pytest.mark.parametrize("venue, columns", TUEPLOTS_CASES)
def test_every_venue_size_is_tueplots(venue: str, columns: int) -> None:
    # exactly tueplots' numbers: the width, and its height rule for 1x1 and
    # for a 2x3 grid
    function = getattr(figsizes, VENUES[venue].figsizes[columns - 1])
    if function is figsizes.beamer_169:  # the slides: tueplots' default figure
        fig = tanhplot.figure(venue=venue, columns=columns)
        assert tuple(fig.get_size_inches()) == function()["figure.figsize"]
        return
    for rows, cols in ((1, 1), (2, 3)):
        expected = function(nrows=rows, ncols=cols, height_to_width_ratio=GOLDEN)
        spec = tanhplot.FigureSpec(
            activations=("tanh",) * rows * cols,
            grid=True,
            grid_shape=(rows, cols),
            venue=venue,
            columns=columns,
        )
        assert spec.size == expected["figure.figsize"]


@pytest.mark.parametrize("venue, columns", sorted(LATEX_WIDTHS))
def test_latex_class_venue_sizes(venue: str, columns: int) -> None:
    fig = tanhplot.figure(venue=venue, columns=columns)
    width, height = fig.get_size_inches()
    assert width == pytest.approx(LATEX_WIDTHS[venue, columns], abs=1e-9)
    assert height == pytest.approx(width * GOLDEN, abs=1e-9)
    assert pytest.approx(GOLDEN) == DEFAULT_ASPECT


@pytest.mark.parametrize("venue, columns", CASES)
def test_aspect_and_rel_width(venue: str, columns: int) -> None:
    full = tanhplot.FigureSpec(venue=venue, columns=columns, rel_width=1.0).size
    half = tanhplot.FigureSpec(venue=venue, columns=columns, rel_width=0.5).size
    flat = tanhplot.FigureSpec(venue=venue, columns=columns, aspect=0.4).size
    assert half[0] == pytest.approx(full[0] / 2, rel=1e-12)
    assert half[1] == pytest.approx(full[1] / 2, rel=1e-12)
    assert flat[1] == pytest.approx(0.4 * flat[0], rel=1e-12)


def test_rel_width_subfigures_side_by_side() -> None:
    # k figures of rel_width 1/k fill the column; the default is the whole
    # column for papers, tueplots' 0.9 of the text width for slides
    third = tanhplot.figure(venue="cvpr", columns=2, rel_width=1 / 3)
    assert 3 * third.get_size_inches()[0] == pytest.approx(6.875)
    assert tanhplot.FigureSpec(venue="icml").size[0] == 3.25
    slide = figsizes.beamer_169()["figure.figsize"]
    assert tanhplot.FigureSpec(venue="beamer169").size == slide
    assert tanhplot.FigureSpec(venue="beamer169", rel_width=1.0).size[0] == (
        pytest.approx(398.3386 / 72.27)
    )


@pytest.mark.parametrize("venue, columns", TUEPLOTS_CASES)
def test_every_venue_font_size_is_tueplots(venue: str, columns: int) -> None:
    fig = tanhplot.figure(venue=venue, columns=columns)
    fig.draw_without_rendering()
    name = VENUES[venue].fontsizes
    assert name is not None
    expected = getattr(fontsizes, name)()
    sizes = {t.get_fontsize() for t in fig.axes[0].get_xticklabels()}
    assert sizes == {expected["xtick.labelsize"]}
    legend = fig.axes[0].get_legend().get_texts()[0].get_fontsize()
    assert legend == expected["legend.fontsize"]


def test_cvpr2022_takes_tueplots_nearest_font_sizes() -> None:
    # tueplots sizes CVPR 2022's figures but has fonts only for CVPR 2024
    assert not hasattr(fontsizes, "cvpr2022")
    assert VENUES["cvpr2022"].fontsizes == "cvpr2024"


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
    half = tanhplot.grid("tanh", "sigmoid", venue="icml", columns=2, rel_width=0.5)
    assert tuple(half.get_size_inches()) == pytest.approx((6.75 / 2, 6.75 / 4 * GOLDEN))


@pytest.mark.parametrize(
    "options, message",
    [
        ({"venue": "nips"}, "unknown venue 'nips'"),
        ({"venue": "icm"}, "did you mean 'icml'"),
        ({"venue": "neurips", "columns": 2}, "columns must be 1 for the single-column"),
        ({"venue": "icml", "columns": 3}, "columns must be 1 or 2"),
        ({"venue": "icml2023"}, "did you mean 'icml2024'"),
        ({"venue": "beamer"}, "did you mean 'beamer169'"),
        ({"venue": 3}, "venue must be a name"),
        ({"venue": "neurips2024", "columns": 2}, "single-column venue 'neurips2024'"),
        ({"columns": 2}, "needs a venue"),
        ({"rel_width": 0.5}, "rel_width=0.5 needs a venue"),
        ({"venue": "icml", "rel_width": 0}, "more than 0 and at most 1"),
        ({"venue": "icml", "rel_width": 1.01}, "more than 0 and at most 1"),
        ({"venue": "icml", "rel_width": -0.5}, "more than 0 and at most 1"),
        ({"venue": "icml", "rel_width": float("nan")}, "more than 0 and at most 1"),
        ({"venue": "icml", "rel_width": "half"}, "rel_width must be a number"),
        ({"venue": "icml", "rel_width": True}, "rel_width must be a number"),
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
    assert lines[0].split() == ["name", "venue", "1", "column", "2", "columns", "font"]
    icml = next(line for line in lines if line.startswith("icml, icml2024 "))
    assert icml.split()[-6:] == ["3.25", "in", "6.75", "in", "8", "pt"]
    beamer = next(line for line in lines if line.startswith("beamer169 "))
    assert beamer.split()[-5:] == ["4.96", "in", "-", "9", "pt"]
    # every name once, each venue on one line
    listed = [n for line in lines[1:] for n in line.split("  ")[0].split(", ")]
    assert sorted(listed) == sorted(VENUES)
    assert len(lines) == 1 + len(listing())


@pytest.mark.parametrize(
    "args, message",
    [
        (["--venue", "icm"], "unknown venue 'icm'; did you mean 'icml'?"),
        (["--venue", "icml", "--columns", "3"], "columns must be 1 or 2"),
        (["--venue", "icml", "--rel-width", "1.5"], "at most 1"),
        (["--venue", "icml", "--rel-width", "0"], "more than 0"),
        (["--rel-width", "0.5"], "needs a venue"),
    ],
)
def test_bad_venue_on_the_command_line(
    args: list[str], message: str, tmp_path: Path
) -> None:
    out = tmp_path / "tanh.png"
    result = CliRunner().invoke(app, ["render", *args, "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("tanhplot: error: ")
    assert message in result.stderr
    assert not out.exists()


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


# A venue new with the tueplots table: CVPR, one column and the text width
# (three sub-figures side by side).
@compare(style=tanhplot.FigureSpec(theme="paper", venue="cvpr").styles)
def test_cvpr_one_column() -> Figure:
    return tanhplot.figure(
        "tanh", "sigmoid", theme="paper", venue="cvpr", labels="formula"
    )


@compare(style=tanhplot.FigureSpec(theme="paper", venue="cvpr", columns=2).styles)
def test_cvpr_two_columns() -> Figure:
    return tanhplot.grid(
        "tanh", "sigmoid", "gelu", theme="paper", venue="cvpr", columns=2
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
