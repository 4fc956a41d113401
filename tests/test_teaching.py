"""Teaching overlays: the saturated region, the second derivative and
lettered panels, in the library, the CLI, spec files and the alt text, with
exact image baselines."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
from images import compare
from matplotlib.figure import Figure
from typer.testing import CliRunner

import tanhplot
from tanhplot.cli import app
from tanhplot.errors import TanhplotError
from tanhplot.plotting import SATURATION_GID
from tanhplot.saturation import describe, saturated
from tanhplot.spec import FigureSpec, panel_letter

runner = CliRunner()


# --------------------------------------------------------------------------
# Saturation
# --------------------------------------------------------------------------


def _sigmoid_edge(fraction: float) -> float:
    # sigma (1 - sigma) = fraction / 4  ->  sigma = (1 - sqrt(1 - fraction)) / 2
    s = (1 - math.sqrt(1 - fraction)) / 2
    return -math.log(s / (1 - s))  # |z| where sigmoid' falls to the level


#: Activations whose saturated region is known in closed form:
#: (name, range, fraction, intervals).
EXACT = [
    (
        "tanh",
        (-4.0, 4.0),
        0.05,
        [(-4.0, -math.acosh(math.sqrt(20))), (math.acosh(math.sqrt(20)), 4.0)],
    ),
    (
        "tanh",
        (-4.0, 4.0),
        0.5,
        [(-4.0, -math.acosh(math.sqrt(2))), (math.acosh(math.sqrt(2)), 4.0)],
    ),
    (
        "sigmoid",
        (-8.0, 8.0),
        0.05,
        [(-8.0, -_sigmoid_edge(0.05)), (_sigmoid_edge(0.05), 8.0)],
    ),
    (
        "softsign",
        (-5.0, 5.0),
        0.05,
        [(-5.0, 1 - math.sqrt(20)), (math.sqrt(20) - 1, 5.0)],
    ),
    ("relu", (-4.0, 4.0), 0.05, [(-4.0, 0.0)]),
    ("elu", (-6.0, 2.0), 0.05, [(-6.0, math.log(0.05))]),
    ("hardtanh", (-3.0, 3.0), 0.2, [(-3.0, -1.0), (1.0, 3.0)]),
    ("identity", (-4.0, 4.0), 0.05, []),
]


@pytest.mark.parametrize("name, xlim, fraction, expected", EXACT)
def test_saturation_boundaries_are_exact(
    name: str,
    xlim: tuple[float, float],
    fraction: float,
    expected: list[tuple[float, float]],
) -> None:
    region = saturated(tanhplot.get(name), xlim, fraction)
    assert len(region.intervals) == len(expected)
    for (start, end), (a, b) in zip(region.intervals, expected, strict=True):
        assert start == pytest.approx(a, abs=1e-11)
        assert end == pytest.approx(b, abs=1e-11)


def test_saturation_peak_between_samples_is_found() -> None:
    # gelu' peaks at z* where gelu'' = phi(z) (2 - z^2) = 0: z* = sqrt(2)
    act = tanhplot.get("gelu")
    region = saturated(act, (-4.0, 4.0), 0.05)
    assert region.peak == pytest.approx(float(act.derivative(math.sqrt(2))), rel=1e-14)
    for edge in [v for span in region.intervals for v in span if abs(v) < 4]:
        assert abs(float(act.derivative(edge))) == pytest.approx(
            0.05 * region.peak, rel=1e-9
        )


@pytest.mark.parametrize("name", ["gelu", "silu", "mish"])
def test_f_prime_passing_through_zero_is_no_saturation(name: str) -> None:
    # gelu' < 0 left of its minimum and > 0 right of it: near z = -0.75 |f'|
    # is tiny for a moment, but the slope does not vanish there; only the
    # left tail saturates
    region = saturated(tanhplot.get(name), (-4.0, 4.0), 0.05)
    assert len(region.intervals) == 1 and region.intervals[0][0] == -4.0
    # a dead zone inside the range (f' = 0, the same sign either side) is one
    for dead in ("softshrink", "hardshrink"):
        zone = saturated(tanhplot.get(dead), (-4.0, 4.0), 0.05)
        assert zone.intervals == (pytest.approx((-0.5, 0.5), abs=1e-12),)


def test_saturation_in_words() -> None:
    tanh, relu, sigmoid = (tanhplot.get(n) for n in ("tanh", "relu", "sigmoid"))
    assert describe(tanh, saturated(tanh, (-4, 4), 0.05), (-4, 4)) == (
        "tanh saturates (|f'| below 5% of its peak 1) where |z| > 2.18"
    )
    assert describe(relu, saturated(relu, (-4, 4), 0.05), (-4, 4)).endswith(
        "where z < 0"
    )
    assert "does not saturate on this range" in describe(
        sigmoid, saturated(sigmoid, (-4, 4), 0.05), (-4, 4)
    )
    text = tanhplot.alt_text(FigureSpec(saturation=True))
    assert text.endswith(
        "; shaded: tanh saturates (|f'| below 5% of its peak 1) where |z| > 2.18."
    )


def test_saturation_is_shaded_where_it_is() -> None:
    fig = tanhplot.figure(saturation=True, saturation_level=0.05)
    ax = fig.axes[0]
    spans = sorted(
        (patch.get_x(), patch.get_x() + patch.get_width())  # type: ignore[attr-defined]
        for patch in ax.patches
        if patch.get_gid() == SATURATION_GID
    )
    edge = math.acosh(math.sqrt(20))
    assert spans == [pytest.approx((-4, -edge)), pytest.approx((edge, 4))]
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts == ["tanh", "derivative", "saturated: |f′| < 5% of peak"]
    several = tanhplot.figure("tanh", "relu", saturation=True).axes[0]
    texts = [t.get_text() for t in several.get_legend().get_texts()]
    assert "tanh saturated: |f′| < 5% of peak" in texts
    assert "relu saturated: |f′| < 5% of peak" in texts
    assert not [p for p in tanhplot.figure().axes[0].patches if p.get_gid()]


@pytest.mark.parametrize("value", [0, 1, 1.5, -0.1, True, "x", float("nan")])
def test_saturation_level_must_be_a_fraction(value: object) -> None:
    with pytest.raises(TanhplotError, match="saturation_level must be a fraction"):
        FigureSpec(saturation=True, saturation_level=value)  # type: ignore[arg-type]


def test_saturation_is_five_percent_by_default() -> None:
    assert FigureSpec(saturation=True).saturation_fraction == 0.05
    assert FigureSpec(saturation=True, saturation_level=0.2).saturation_fraction == 0.2
    assert FigureSpec().saturation_fraction is None
    with pytest.raises(TanhplotError, match="needs saturation=True"):
        FigureSpec(saturation_level=0.2)


def test_cli_saturation(tmp_path) -> None:
    out = tmp_path / "t.svg"
    flag = runner.invoke(app, ["render", "--saturation", "-o", str(out), "--alt-text"])
    assert flag.exit_code == 0, flag.stderr
    assert "where |z| > 2.18." in flag.stdout
    level = runner.invoke(
        app,
        [
            "render",
            "--saturation",
            "--saturation-level",
            "0.5",
            "-o",
            str(out),
            "--alt-text",
        ],
    )
    assert level.exit_code == 0
    assert "below 50% of its peak 1) where |z| > 0.88." in level.stdout
    bad = runner.invoke(
        app, ["render", "--saturation", "--saturation-level", "2", "-o", str(out)]
    )
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1
    assert "saturation_level must be a fraction" in bad.stderr
    alone = runner.invoke(app, ["render", "--saturation-level", "0.1", "-o", str(out)])
    assert alone.exit_code == 2
    assert "needs saturation=True (--saturation)" in alone.stderr
    value = runner.invoke(app, ["render", "--saturation", "0.1", "-o", str(out)])
    assert value.exit_code == 2 and value.stderr == (
        "tanhplot: error: --saturation takes no value (got '0.1' after it): "
        "add --saturation-level 0.1 for 10% of the peak\n"
    )


# --------------------------------------------------------------------------
# Second derivative
# --------------------------------------------------------------------------


def test_second_derivative_is_drawn() -> None:
    ax = tanhplot.figure(second_derivative=True).axes[0]
    function, derivative, second = ax.get_lines()[:3]
    z = np.asarray(second.get_xdata(), dtype=float)
    np.testing.assert_array_equal(
        second.get_ydata(), tanhplot.get("tanh").second_derivative(z)
    )
    assert second.get_linestyle() != function.get_linestyle()  # dash-dotted
    assert len({function.get_color(), derivative.get_color(), second.get_color()}) == 3
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts == ["tanh", "derivative", "second derivative"]


def test_second_derivative_labels() -> None:
    ax = tanhplot.figure("tanh", "silu", second_derivative=True, labels="formula").axes[
        0
    ]
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts[2] == r"$\tanh''(z)$"
    assert texts[5] == r"$\left(z\,\sigma(z)\right)''$"
    text = tanhplot.alt_text(FigureSpec(second_derivative=True))
    assert text.startswith(
        "Line plot of tanh(z), its derivative 1 - tanh(z)^2 and its second "
        "derivative for z from -4 to 4; "
    )
    assert "; its second derivative ranges from -0.77 to 0.77." in text


EXPRESSIONS = [
    ("z**3/(1 + z**2)", lambda z: z**3 / (1 + z**2)),
    ("sin(z)*exp(-z**2/4)", lambda z: mpmath.sin(z) * mpmath.exp(-(z**2) / 4)),
    ("log(1 + z**2)", lambda z: mpmath.log(1 + z**2)),
    ("z*sigmoid(z)", lambda z: z / (1 + mpmath.exp(-z))),
    (
        "tanh(2*z) - 0.5*softplus(z)",
        lambda z: mpmath.tanh(2 * z) - 0.5 * mpmath.log1p(mpmath.exp(z)),
    ),
]


@pytest.mark.parametrize(
    "text, reference", EXPRESSIONS, ids=[e[0] for e in EXPRESSIONS]
)
def test_expression_second_derivative_is_symbolic(text: str, reference) -> None:
    act = tanhplot.from_expression(text, name="f")
    z = np.linspace(-6, 6, 49) + 0.013
    with mpmath.workdps(50):
        expected = [float(mpmath.diff(reference, mpmath.mpf(float(v)), 2)) for v in z]
    np.testing.assert_allclose(
        act.second_derivative(z), expected, rtol=1e-12, atol=1e-14
    )
    assert "d^2/dz^2" not in act.second_derivative_text  # a formula, not d/dz


def test_expression_uses_builtins_own_second_derivative() -> None:
    act = tanhplot.from_expression("z*sigmoid(z)", name="f")
    assert act.second_derivative_text == "z*sigmoid''(z) + 2*sigmoid'(z)"
    z = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(
        act.second_derivative(z), tanhplot.get("silu").second_derivative(z), rtol=1e-13
    )


# --------------------------------------------------------------------------
# Panel labels
# --------------------------------------------------------------------------


def test_panel_letters() -> None:
    assert [panel_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == [
        "(a)",
        "(b)",
        "(z)",
        "(aa)",
        "(ab)",
        "(zz)",
        "(aaa)",
    ]


def test_grid_panels_are_lettered() -> None:
    fig = tanhplot.grid("tanh", "sigmoid", "relu", panel_labels=True)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == ["(a) tanh", "(b) sigmoid", "(c) relu"]
    plain = tanhplot.grid("tanh", "sigmoid")
    assert [ax.get_title(loc="left") for ax in plain.axes] == ["tanh", "sigmoid"]
    text = tanhplot.alt_text(fig)
    assert text.startswith("3 line plots, one per activation, lettered (a) tanh, ")


def test_panel_labels_need_a_grid() -> None:
    with pytest.raises(TanhplotError, match="needs grid=True"):
        FigureSpec(panel_labels=True)
    result = runner.invoke(app, ["render", "--panel-labels", "-o", "x.png"])
    assert result.exit_code == 2 and "needs grid=True (--grid)" in result.stderr


# --------------------------------------------------------------------------
# Image baselines
# --------------------------------------------------------------------------


@compare()
def test_saturation_image() -> Figure:
    return tanhplot.figure(saturation=True)


@compare()
def test_second_derivative_image() -> Figure:
    return tanhplot.figure(second_derivative=True)


@compare()
def test_panel_labels_image() -> Figure:
    return tanhplot.grid(
        "tanh", "sigmoid", "relu", "gelu", panel_labels=True, saturation=True
    )
