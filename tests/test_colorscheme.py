"""theme="auto": one SVG file whose colours follow the reader's light or dark
setting. How browsers draw it is in test_consumers.py (Chromium, both
schemes, pixel for pixel against the plain light and dark files)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tanhplot
from tanhplot.cli import app
from tanhplot.colorscheme import CLASS_PREFIX, adaptive_svg, dark_rules
from tanhplot.errors import TanhplotError
from tanhplot.export import figure_bytes

runner = CliRunner()


def _svg(**options: object) -> bytes:
    return figure_bytes(tanhplot.figure(**options), "x.svg")


def _style_rules(svg: bytes) -> dict[str, str]:
    block = re.search(
        rb"@media \(prefers-color-scheme: dark\) \{(.*?)\n  \}", svg, re.S
    )
    assert block is not None
    return {
        name.decode(): rule.decode()
        for name, rule in re.findall(rb"\.([\w-]+) \{ ([^}]*) \}", block.group(1))
    }


def test_auto_svg_is_the_light_file_with_dark_rules() -> None:
    light, dark, auto = (_svg(theme=t) for t in ("light", "dark", "auto"))
    rules = _style_rules(auto)
    # the page, the curves, the tick labels: the dark theme's colours
    assert rules[f"{CLASS_PREFIX}fill-121417"] == "fill: #121417 !important"
    assert rules[f"{CLASS_PREFIX}stroke-58a6ff"] == "stroke: #58a6ff !important"
    assert rules[f"{CLASS_PREFIX}stroke-c297ff"] == "stroke: #c297ff !important"
    # without the classes and the style block, it is the light file
    plain = re.sub(rb' class="[^"]*"', b"", auto)
    plain = re.sub(
        rb" <style type=\"text/css\">\n  @media.*?</style>\n", b"", plain, flags=re.S
    )
    assert plain == light
    assert dark != light


def test_auto_svg_keeps_its_alt_text_and_is_reproducible() -> None:
    fig = tanhplot.figure(theme="auto")
    first, second = figure_bytes(fig, "x.svg"), _svg(theme="auto")
    assert first == second
    text = tanhplot.alt_text(fig)
    assert text == tanhplot.alt_text(tanhplot.FigureSpec())
    assert f"<title>{text}</title>".encode() in first
    assert f"<desc>{text}</desc>".encode() in first


@pytest.mark.parametrize("suffix", ["png", "pdf", "pgf"])
def test_auto_theme_is_svg_only(suffix: str, tmp_path: Path) -> None:
    fig = tanhplot.figure(theme="auto")
    with pytest.raises(TanhplotError, match=f"needs an .svg file; a {suffix} file"):
        tanhplot.save(fig, tmp_path / f"x.{suffix}")
    assert not list(tmp_path.iterdir())


def test_cli_refuses_auto_for_raster_in_one_line(tmp_path: Path) -> None:
    target = tmp_path / "tanh.png"
    target.write_bytes(b"precious")
    result = runner.invoke(app, ["render", "--theme", "auto", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("tanhplot: error: theme 'auto'")
    assert target.read_bytes() == b"precious"
    mixed = runner.invoke(app, ["render", "--theme", "auto,dark", "-o", "x.svg"])
    assert mixed.exit_code == 2 and "give it alone" in mixed.stderr


def test_cli_auto_writes_one_svg_by_default(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["render", "--theme", "auto"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "wrote tanh.svg\n"
    assert (tmp_path / "tanh.svg").read_bytes() == _svg(theme="auto")
    card = runner.invoke(app, ["formula", "sigmoid", "--theme", "auto"])
    assert card.exit_code == 0
    assert (
        b"prefers-color-scheme: dark" in (tmp_path / "sigmoid-formula.svg").read_bytes()
    )


def test_spec_file_refuses_auto_for_pdf(tmp_path: Path) -> None:
    spec = tmp_path / "figures.toml"
    spec.write_text('[[figure]]\noutput = "a.pdf"\ntheme = "auto"\n')
    result = runner.invoke(app, ["build", str(spec)])
    assert result.exit_code == 2
    assert "figure 1 (a.pdf): theme 'auto'" in result.stderr
    spec.write_text('[[figure]]\noutput = "a.svg"\ntheme = "auto"\n')
    assert runner.invoke(app, ["build", str(spec)]).exit_code == 0
    assert b"prefers-color-scheme" in (tmp_path / "a.svg").read_bytes()


def test_figures_that_differ_in_more_than_colour_are_refused() -> None:
    with pytest.raises(TanhplotError, match="differ in more than their colours"):
        dark_rules(_svg(), _svg(activations=("sigmoid",), theme="dark"))
    with pytest.raises(TanhplotError, match="differ in a <path> element"):
        dark_rules(_svg(), _svg(samples=799, theme="dark"))


def test_unchanged_styles_get_no_rules() -> None:
    light = _svg()
    assert dark_rules(light, light) == []
    assert adaptive_svg(light, light) == light
