"""Formula cards: f(z), f'(z) and f' in terms of f, set with mathtext."""

from __future__ import annotations

from pathlib import Path

import numpy as np
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
    assert formulas(tanhplot.get("tanh")) == [
        r"$f(z) = \tanh(z)$",
        r"$f'(z) = \mathrm{sech}^2(z)$",
        r"$f' = 1 - \tanh^2(z)$",
    ]


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
