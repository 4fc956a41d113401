"""Image comparisons for the activation zoo (pytest-mpl, always on), and the
legend and colour rules on these figures: every built-in's own figure (small),
several activations, a parameter, expressions in Python and from the command
line.

Regenerate a baseline only for a change you meant, and look at it first:
    pytest tests/test_images_zoo.py --mpl-generate-path=baseline_images
"""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from images import compare
from legibility import assert_legible, curves_under_legend, theme_background
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from typer.testing import CliRunner

import tanhplot
import tanhplot.figures
from tanhplot.activations import alias_of, builtins
from tanhplot.cli import app

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


#: Every built-in once (an alias draws the same figure as its activation).
BUILTINS = [name for name in builtins() if alias_of(name) is None]
#: The built-ins' figures at the default size and half the default
#: resolution, so that 27 baselines stay small (~26 kB each). At 100 dpi
#: every one is placed exactly as at 200 (each tick label on the same side);
#: at 50-80 dpi silu and hardswish place a label differently.
SMALL_DPI = 100


def _builtin_figure(name: str) -> Figure:
    return tanhplot.figure(name, dpi=SMALL_DPI)


@pytest.mark.parametrize("name", BUILTINS)
@compare()
def test_builtin(name: str) -> Figure:
    """Each built-in's single figure, as `tanhplot.figure(name)` draws it."""
    return _builtin_figure(name)


@pytest.mark.slow
@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_figure_is_legible(name: str) -> None:
    """The figures of `test_builtin`, at their small resolution, pass the
    legibility checks."""
    fig = _builtin_figure(name)
    fig.canvas.draw()
    assert_legible(fig, theme_background("light"))


#: The README's `--expr` example.
EXPR_ARGS = ["leaky_relu(negative_slope=0.1)", "--expr", "swish2=z*sigmoid(z)"]


def _command_line_figure() -> Figure:
    """The figure `tanhplot render` draws for `EXPR_ARGS`, taken as the
    command hands it to the file writer (the command writes its file too).
    No fixtures: `tests/test_consumers.py` calls every image test bare."""
    drawn: list[Figure] = []
    build = tanhplot.figures.figure

    def keep(*args: object, **kwargs: object) -> Figure:
        fig = build(*args, **kwargs)  # type: ignore[arg-type]
        drawn.append(fig)
        return fig

    with pytest.MonkeyPatch.context() as patch, TemporaryDirectory() as folder:
        patch.setattr(tanhplot.figures, "figure", keep)
        out = Path(folder) / "leaky_relu-swish2.png"
        result = CliRunner().invoke(app, ["render", *EXPR_ARGS, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.exists()
    (fig,) = drawn
    return fig


@compare()
def test_expression_from_the_command_line() -> Figure:
    """`tanhplot render "leaky_relu(negative_slope=0.1)" --expr
    "swish2=z*sigmoid(z)"`, the README's example."""
    return _command_line_figure()


def test_expression_from_the_command_line_is_legible() -> None:
    fig = _command_line_figure()
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert labels == [EXPR_ARGS[0], f"{EXPR_ARGS[0]}′", "swish2", "swish2′"]
    fig.canvas.draw()
    assert_legible(fig, theme_background("light"))


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
