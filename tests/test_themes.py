"""Themes: style files usable from matplotlib, fonts embedded as TrueType,
transparency, light+dark output with a <picture> snippet, and one image
baseline per theme (light's is test_images.test_default)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import images
import matplotlib.style
import numpy as np
import pytest
from matplotlib import rcParams
from matplotlib.figure import Figure
from PIL import Image
from typer.testing import CliRunner

import tanhplot
from tanhplot.cli import app
from tanhplot.spec import THEMES, FigureSpec
from tanhplot.themes import style_file

NEW_THEMES = [t for t in THEMES if t != "light"]


def compare(theme: str) -> pytest.MarkDecorator:
    """Compare images saved in the theme's style, as `tanhplot.save` does
    (pytest-mpl saves in mpl-default-style, light, otherwise)."""
    return images.compare(style=f"tanhplot.{theme}")


@compare("dark")
def test_dark() -> Figure:
    return tanhplot.figure(theme="dark")


@compare("paper")
def test_paper() -> Figure:
    return tanhplot.figure(theme="paper")


@compare("slides")
def test_slides() -> Figure:
    return tanhplot.figure(theme="slides")


def test_themes_are_the_shipped_style_files() -> None:
    shipped = sorted(p.stem for p in Path(tanhplot.__file__).parent.glob("*.mplstyle"))
    assert sorted(THEMES) == shipped
    assert THEMES[0] == "light" and FigureSpec().theme == "light"


def test_styles_resolve_by_dotted_name_without_importing_tanhplot() -> None:
    code = (
        "import sys, matplotlib.style\n"
        "for t in ('light', 'dark', 'paper', 'slides'):\n"
        "    matplotlib.style.use('tanhplot.' + t)\n"
        "print('tanhplot' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    # the package is imported by matplotlib to find the file, nothing registers
    assert out.stdout.strip() in ("True", "False")


@pytest.mark.parametrize("theme", THEMES)
def test_figures_use_the_style_file_the_name_stands_for(theme: str) -> None:
    # FigureSpec.styles gives the file (no importlib.resources at start-up),
    # on top of matplotlib's defaults (no matplotlibrc leaks in).
    spec = FigureSpec(theme=theme)
    assert spec.styles == ["default", style_file(theme)]
    assert Path(style_file(theme)).is_file()
    with matplotlib.style.context(spec.styles):
        by_file = dict(rcParams)
    with matplotlib.style.context(["default", spec.style]):
        assert dict(rcParams) == by_file


@pytest.mark.parametrize("theme", THEMES)
def test_every_theme_embeds_truetype(theme: str) -> None:
    with matplotlib.style.context(f"tanhplot.{theme}"):
        assert rcParams["pdf.fonttype"] == 42 and rcParams["ps.fonttype"] == 42


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
def test_pdf_fonts_are_truetype_not_type3(theme: str, tmp_path: Path) -> None:
    path = tanhplot.save(
        tanhplot.figure(theme=theme, labels="formula", mark_max_slope=True),
        tmp_path / "f.pdf",
    )
    data = path.read_bytes()
    assert b"/FontFile2" in data
    assert b"/Type3" not in data
    if shutil.which("pdffonts"):
        listing = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert listing, "no fonts listed"
        for row in listing:
            assert "TrueType" in row and "Type 3" not in row, row
            assert re.search(r"\byes\b", row), f"not embedded: {row}"


def test_paper_is_serif_with_stix_math() -> None:
    with matplotlib.style.context("tanhplot.paper"):
        assert rcParams["font.family"] == ["serif"]
        assert rcParams["mathtext.fontset"] == "stix"
        assert rcParams["lines.linewidth"] < 2
    with matplotlib.style.context("tanhplot.slides"):
        assert rcParams["font.size"] >= 18 and rcParams["lines.linewidth"] >= 4


def test_dark_background_is_dark() -> None:
    from legibility import luminance

    with matplotlib.style.context("tanhplot.dark"):
        assert luminance(rcParams["axes.facecolor"]) < 0.02
        assert luminance(rcParams["figure.facecolor"]) < 0.02


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
def test_transparent_works_with_every_theme(theme: str, tmp_path: Path) -> None:
    opaque = tanhplot.save(tanhplot.figure(theme=theme), tmp_path / "o.png")
    clear = tanhplot.save(
        tanhplot.figure(theme=theme, transparent=True), tmp_path / "t.png"
    )
    with Image.open(opaque) as a, Image.open(clear) as b:
        assert np.asarray(a.convert("RGBA"))[0, 0, 3] == 255
        alpha = np.asarray(b.convert("RGBA"))[..., 3]
    assert alpha[0, 0] == 0
    assert alpha.max() == 255  # the curves are still there


def test_single_activation_colours_come_from_the_theme_table() -> None:
    from matplotlib.colors import to_hex

    from tanhplot.themes import THEME_COLORS

    for theme in THEMES:
        function, derivative = tanhplot.figure(theme=theme).axes[0].get_lines()[:2]
        assert to_hex(function.get_color()) == THEME_COLORS[theme].function.lower()
        assert to_hex(derivative.get_color()) == THEME_COLORS[theme].derivative.lower()


def test_light_and_dark_with_a_picture_snippet(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app, ["render", "--theme", "light,dark", "-o", "tanh.svg"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "wrote tanh.svg\n"
        "wrote tanh-dark.svg\n"
        "<picture>\n"
        '  <source srcset="tanh-dark.svg" media="(prefers-color-scheme: dark)">\n'
        '  <img src="tanh.svg" alt="tanh and its derivative">\n'
        "</picture>\n"
    )
    light = (tmp_path / "tanh.svg").read_text()
    dark = (tmp_path / "tanh-dark.svg").read_text()
    assert "#121417" in dark and "#121417" not in light


def test_unknown_theme_in_a_list_is_an_error(tmp_path: Path) -> None:
    out = tmp_path / "t.svg"
    result = CliRunner().invoke(
        app, ["render", "--theme", "light,drak", "-o", str(out)]
    )
    assert result.exit_code == 2
    assert "unknown theme 'drak'; did you mean 'dark'?" in result.stderr
    assert not out.exists()


def test_in_style_applies_styles_not_already_in_effect() -> None:
    """`in_style` applies its styles once: inside the same styles, with
    rcParams as they made them, nothing is applied; with rcParams changed
    meanwhile, or other styles, they are applied again; every change is
    undone on leaving."""
    from unittest import mock

    from tanhplot.record import _rc, in_style

    styles = FigureSpec.from_options({}).styles
    dark = FigureSpec.from_options({"theme": "dark"}).styles
    before = rcParams["lines.linewidth"]
    with (
        mock.patch.object(
            matplotlib.style, "context", wraps=matplotlib.style.context
        ) as context,
        in_style(styles),
    ):
        inside = _rc()
        with in_style(list(styles)):  # equal, not the same list
            assert _rc() == inside
        assert context.call_count == 1
        rcParams["lines.linewidth"] = 9.0
        with in_style(styles):
            assert rcParams["lines.linewidth"] == inside["lines.linewidth"]
        assert rcParams["lines.linewidth"] == 9.0
        assert context.call_count == 2
        with in_style(dark):
            assert rcParams["axes.facecolor"] != inside["axes.facecolor"]
        assert context.call_count == 3
    assert rcParams["lines.linewidth"] == before


def test_a_gif_applies_its_styles_once() -> None:
    """A GIF's frames are built, placed and drawn in the animation's styles,
    applied once (twice a frame before: ~1.4 ms each), with the same bytes
    as frames drawn each in styles of their own."""
    from unittest import mock

    from tanhplot.animexport import gif_bytes

    def gif() -> bytes:
        anim = tanhplot.animate(
            "leaky_relu(negative_slope=0..0.3)", frames=4, size=(3, 2), dpi=50
        )
        return gif_bytes(anim)

    with mock.patch.object(
        matplotlib.style, "context", wraps=matplotlib.style.context
    ) as context:
        once = gif()
    assert context.call_count == 1
    with mock.patch("tanhplot.record._IN_EFFECT") as never:
        never.get.return_value = None  # every frame in styles of its own
        assert gif() == once
