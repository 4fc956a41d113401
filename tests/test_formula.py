"""Formula cards: f(z), f'(z) and f' in terms of f, set with mathtext."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from images import compare
from matplotlib.figure import Figure
from typer.testing import CliRunner

import tanhplot
from tanhplot import Activation
from tanhplot.cli import app
from tanhplot.formula import formulas


@compare()
def test_tanh_card() -> Figure:
    return tanhplot.formula_card("tanh")


@compare(style="tanhplot.dark")
def test_sigmoid_card_dark() -> Figure:
    return tanhplot.formula_card("sigmoid", theme="dark")


def test_formulas_come_from_the_registry() -> None:
    # tanh's definition, as `tanhplot list tanh` gives it
    assert formulas(tanhplot.get("tanh")) == [
        r"$f(z) = \tanh(z) = \dfrac{e^z - e^{-z}}{e^z + e^{-z}}$",
        r"$f'(z) = \mathrm{sech}^2(z) = \dfrac{4}{(e^z + e^{-z})^2}$",
        r"$f' = 1 - \tanh^2(z)$",
    ]
    assert tanhplot.get("tanh").text == "tanh(z) = (e^z - e^-z) / (e^z + e^-z)"


def test_your_own_activation_is_called_by_its_name() -> None:
    lines = formulas(tanhplot.from_expression("z*sigmoid(z)", name="my_swish"))
    assert lines[0].startswith(r"$\mathrm{my\_swish}(z) = ")
    assert lines[1].startswith(r"$\mathrm{my\_swish}'(z) = ")


def _ink_rows(fig: Figure) -> list[tuple[int, int]]:
    """The runs of rows of the drawn card that hold ink."""
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba()).astype(int)
    ink = (pixels != pixels[0, 0]).any(axis=(1, 2))
    edges = np.flatnonzero(np.diff(np.r_[0, ink.astype(int), 0]))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "gelu", "relu"])
def test_card_lines_are_evenly_spaced(name: str) -> None:
    runs = _ink_rows(tanhplot.formula_card(name))
    gaps = [b[0] - a[1] for a, b in itertools.pairwise(runs)]
    assert len(runs) >= 2
    assert max(gaps) - min(gaps) <= 1, runs  # to the pixel
    margins = (runs[0][0], tanhplot.formula_card(name).bbox.height - runs[-1][1])
    assert abs(margins[0] - margins[1]) <= 2, margins


def test_derivative_in_terms_of_f_is_shown_when_known() -> None:
    act = Activation(
        "tanh2", np.tanh, latex=r"\tanh(z)", derivative_in_terms_of_f="1 - f(z)^2"
    )
    assert formulas(act)[2] == "$f' = 1 - f(z)^2$"
    fig = tanhplot.formula_card(act)
    assert len(fig.texts) == 3


def test_card_fits_its_text() -> None:
    fig = tanhplot.formula_card("sigmoid")
    fig.draw_without_rendering()
    edge = fig.bbox
    boxes = [t.get_window_extent() for t in fig.texts]
    for box in boxes:
        assert edge.x0 < box.x0 and box.x1 < edge.x1
        assert edge.y0 < box.y0 and box.y1 < edge.y1
    assert boxes[0].y0 > boxes[1].y1  # one line per formula, top to bottom
    assert max(b.width for b in boxes) > 0.6 * edge.width


def test_formula_command(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app, ["formula", "sigmoid", "-o", "s.svg", "--theme", "dark"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote s.svg\n"
    assert "#121417" in (tmp_path / "s.svg").read_text()
    result = CliRunner().invoke(app, ["formula"])
    assert result.stdout == "wrote tanh-formula.png\n"
    result = CliRunner().invoke(app, ["formula", "tahn"])
    assert result.exit_code == 2 and "did you mean 'tanh'" in result.stderr
