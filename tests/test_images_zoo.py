"""Image comparisons for the activation zoo (pytest-mpl, always on), and the
legend and colour rules on these figures.

Regenerate a baseline only for a change you meant, and look at it first:
    pytest tests/test_images_zoo.py --mpl-generate-path=baseline_images
"""

from __future__ import annotations

import pytest
from images import compare
from legibility import curves_under_legend
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

import tanhplot

FOUR = ("relu", "gelu", "silu", "mish")
LEAKY = "leaky_relu(negative_slope=0.1)"
OKABE_ITO = ["#0072b2", "#d55e00", "#009e73", "#cc79a7"]


def _gelu_sigmoid() -> tanhplot.Activation:
    # GELU's sigmoid approximation, written as an expression.
    return tanhplot.from_expression("z * sigmoid(1.702 * z)", name="gelu_sigmoid")


def _expression_figure() -> Figure:
    act = _gelu_sigmoid()
    return tanhplot.figure(act, title=f"${act.latex}$")


@compare()
def test_four_activations() -> Figure:
    return tanhplot.figure(*FOUR)


@compare()
def test_leaky_relu_parameter() -> Figure:
    return tanhplot.figure(LEAKY)


@compare()
def test_expression() -> Figure:
    return _expression_figure()


FIGURES = {
    "four": lambda: tanhplot.figure(*FOUR),
    "leaky": lambda: tanhplot.figure(LEAKY),
    "expression": _expression_figure,
}


@pytest.mark.parametrize("which", sorted(FIGURES))
def test_legend_covers_no_curve(which: str) -> None:
    fig = FIGURES[which]()
    fig.canvas.draw()
    assert curves_under_legend(fig.axes[0]) == []


def test_several_activations_get_okabe_ito_colours_and_dashed_derivatives() -> None:
    lines = tanhplot.figure(*FOUR).axes[0].get_lines()
    functions, derivatives = lines[0::2], lines[1::2]
    assert [to_hex(line.get_color()) for line in functions] == OKABE_ITO
    for function, derivative in zip(functions, derivatives, strict=True):
        assert derivative.get_color() == function.get_color()
        assert derivative.get_linestyle() == "--" and function.get_linestyle() == "-"
        assert derivative.get_label() == f"{function.get_label()}′"


def test_one_activation_keeps_the_seed_colours() -> None:
    function, derivative = tanhplot.figure(LEAKY).axes[0].get_lines()
    assert to_hex(function.get_color()) == "#307ec7"
    assert to_hex(derivative.get_color()) == "#9621e2"
    assert function.get_label() == LEAKY


def test_expression_title_is_sympys_latex() -> None:
    fig = _expression_figure()
    assert fig.axes[0].get_title() == r"$z \sigma\left(1.702 z\right)$"
