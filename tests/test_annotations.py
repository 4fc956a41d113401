"""Formula labels, axis labels, arrows, asymptotes and the maximum slope."""

from __future__ import annotations

import re

import numpy as np
import pytest
from images import compare
from matplotlib.figure import Figure
from matplotlib.text import Text

import tanhplot
from tanhplot import Activation, TanhplotError
from tanhplot.annotate import ANNOTATION_GID, ASYMPTOTE_GID, max_slope

ALL = {"axis_labels": True, "arrows": True, "asymptotes": True, "mark_max_slope": True}


def _labels(fig: Figure) -> list[Text]:
    return [t for t in fig.axes[0].texts if t.get_gid() == ANNOTATION_GID]


@compare()
def test_tanh_annotated() -> Figure:
    return tanhplot.figure(labels="formula", **ALL)


@compare()
def test_sigmoid_annotated() -> Figure:
    return tanhplot.figure("sigmoid", **ALL)


def test_formula_labels_come_from_the_registry() -> None:
    legend = tanhplot.figure(labels="formula").axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [
        r"$\tanh(z)$",
        r"$1 - \tanh^2(z)$",
    ]
    legend = tanhplot.figure("tanh", "sigmoid", labels="formula").axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()][2:] == [
        r"$\sigma(z)$",
        r"$\sigma(z)\,(1 - \sigma(z))$",
    ]


def test_name_labels_are_the_default() -> None:
    legend = tanhplot.figure().axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["tanh", "derivative"]
    with pytest.raises(TanhplotError, match="unknown labels 'formulas'; did you mean"):
        tanhplot.figure(labels="formulas")


@pytest.mark.parametrize("name, expected", [("tanh", [-1.0, 1.0]), ("sigmoid", [1.0])])
def test_asymptotes_from_registry(name: str, expected: list[float]) -> None:
    # sigmoid's other asymptote, y = 0 (tested in test_activations), is the
    # horizontal axis: no dashes over the axis line
    ax = tanhplot.figure(name, asymptotes=True).axes[0]
    lines = [line for line in ax.get_lines() if line.get_gid() == ASYMPTOTE_GID]
    assert sorted({float(line.get_ydata()[0]) for line in lines}) == expected
    assert all(line.get_linestyle() == "--" for line in lines)
    # pieces of one line span the whole width, with gaps only at tick labels
    for y in expected:
        pieces = [line for line in lines if float(line.get_ydata()[0]) == y]
        assert min(float(line.get_xdata()[0]) for line in pieces) == 0.0
        assert max(float(line.get_xdata()[1]) for line in pieces) == 1.0
    plain = tanhplot.figure(name).axes[0].get_lines()
    assert not [line for line in plain if line.get_gid()]


@pytest.mark.parametrize(
    "name, point", [("tanh", (0.0, 1.0)), ("sigmoid", (0.0, 0.25))]
)
def test_max_slope_of_builtins(name: str, point: tuple[float, float]) -> None:
    z = np.linspace(-4, 4, 801)
    assert max_slope(tanhplot.get(name), z) == pytest.approx(point, abs=1e-12)
    fig = tanhplot.figure(name, mark_max_slope=True)
    (label,) = _labels(fig)
    assert label.get_visible()
    assert label.get_text() == f"max slope (0, {point[1]:g})"
    assert label.xy == pytest.approx(point, abs=1e-12)


def test_max_slope_is_refined_between_grid_points() -> None:
    shift = 0.123456789
    act = Activation(
        "shifted", lambda z: np.tanh(z - shift), lambda z: 1 / np.cosh(z - shift) ** 2
    )
    z = np.linspace(-4, 4, 81)  # step 0.1: the grid alone would miss by 0.023
    where, height = max_slope(act, z)
    assert where == pytest.approx(shift, abs=1e-6)
    assert height == pytest.approx(1.0, abs=1e-12)


def test_max_slope_on_a_plateau_is_where_it_begins() -> None:
    # Where the derivative steps up to the plateau, found by bisection: not
    # the first grid point after the step (0.01 here), which the label would
    # show as "max slope (0.01, 1)" and which moves with the sample count.
    relu = Activation("ramp", lambda z: np.maximum(z, 0), lambda z: (z > 0) * 1.0)
    for samples in (401, 1000, 7, 2):
        assert max_slope(relu, np.linspace(-2, 2, samples)) == (0.0, 1.0)
    hardtanh = tanhplot.get("hardtanh")  # plateau of 1 on (-1, 1)
    where, height = max_slope(hardtanh, np.linspace(-4, 4, 801))
    assert where == pytest.approx(-1.0, abs=1e-12) and height == 1.0
    (label,) = _labels(tanhplot.figure("relu", mark_max_slope=True))
    assert label.get_text() == "max slope (0, 1)"


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "arctan", "softsign"])
def test_peak_between_two_equal_grid_points_is_no_plateau(name: str) -> None:
    # With an even sample count 0 is no grid point: the two points either side
    # of the peak are exactly as high, and the peak rises between them.
    act = tanhplot.get(name)
    for samples in (1000, 8, 2):
        where, height = max_slope(act, np.linspace(-4, 4, samples))
        assert where == 0.0 and height == float(act.derivative(0.0)), samples


def test_max_slope_without_derivative_marks_the_function() -> None:
    (label,) = _labels(tanhplot.figure(mark_max_slope=True, derivative=False))
    assert label.get_text() == "max slope 1 at z = 0"
    assert label.xy == pytest.approx((0.0, 0.0))


def test_axis_labels_and_arrows() -> None:
    fig = tanhplot.figure(axis_labels=True, arrows=True)
    texts = {t.get_text(): t for t in _labels(fig)}
    assert set(texts) == {"$z$", "$f(z)$"}
    assert all(t.get_visible() for t in texts.values())
    fig.draw_without_rendering()
    ax = fig.axes[0]
    z_box, f_box = texts["$z$"].get_window_extent(), texts["$f(z)$"].get_window_extent()
    axes_box = ax.get_window_extent()
    assert z_box.x0 > axes_box.x1 - 1  # at the right end of the x axis
    assert f_box.y0 > axes_box.y1 - 1  # above the top of the y axis
    markers = sorted(
        line.get_marker() for line in ax.get_lines() if line.get_marker() != "None"
    )
    assert markers == [">", "^"]


@pytest.mark.parametrize("name", ["gelu", "gelu_tanh", "silu"])
def test_a_label_too_wide_for_any_place_is_wrapped_not_hidden(name: str) -> None:
    # In a 6x4 in slides figure "max slope (1.41, 1.13)" fits nowhere on one
    # line. (mish's finds no place even wrapped, since leaders may not cross
    # a curve: it is left out.)
    slides = {"theme": "slides", "size": (6, 4)}
    (wide,) = _labels(tanhplot.figure(name, mark_max_slope=True, **slides))
    assert wide.get_visible()
    assert wide.get_text().startswith("max slope\n(")
    (plain,) = _labels(tanhplot.figure(name, mark_max_slope=True))
    assert plain.get_visible() and "\n" not in plain.get_text()


def test_a_plateau_from_the_left_end_begins_where_the_next_one_rises() -> None:
    # softshrink' is 1 for z < -lambd and z > lambd: the first plateau entered
    # from below begins at lambd; the grid's left end is no point of interest.
    for name in ("softshrink", "hardshrink"):
        where, height = max_slope(tanhplot.get(name), np.linspace(-4, 4, 801))
        assert where == pytest.approx(0.5, abs=1e-12) and height == 1.0


@pytest.mark.parametrize("name", ["identity", "step"])
def test_no_point_stands_out_no_mark(name: str) -> None:
    assert max_slope(tanhplot.get(name), np.linspace(-4, 4, 801)) is None
    message = (
        f"^{name} has no point of maximum slope to mark: "
        "its slope is at its maximum from z = -4 on$"
    )
    with pytest.warns(UserWarning, match=message):
        fig = tanhplot.figure(name, mark_max_slope=True)
    assert _labels(fig) == []
    assert [line for line in fig.axes[0].get_lines() if line.get_marker() == "o"] == []


def test_several_activations_name_their_marks_and_share_a_common_one() -> None:
    from tanhplot.annotate import MARK_GID
    from tanhplot.themes import THEME_COLORS

    fig = tanhplot.figure("tanh", "sigmoid", "relu", mark_max_slope=True)
    assert sorted(_words_of_marks(fig)) == [
        "sigmoid: max slope (0, 0.25)",  # no free place: a legend entry
        "tanh, relu: max slope (0, 1)",
    ]
    marks = [line for line in fig.axes[0].get_lines() if line.get_gid() == MARK_GID]
    colors = {
        (float(m.get_xdata()[0]), float(m.get_ydata()[0])): m.get_color() for m in marks
    }
    assert len(marks) == 2
    # the shared mark is neither tanh's colour nor relu's: the annotation grey
    assert colors[(0.0, 1.0)] == THEME_COLORS["light"].annotation
    sigmoid_line = fig.axes[0].get_lines()[3]  # tanh, tanh', sigmoid, sigmoid'
    assert colors[(0.0, 0.25)] == sigmoid_line.get_color()


def _words_of_marks(fig: Figure) -> list[str]:
    """For each max-slope mark: the words shown for it, as its label on the
    Axes or as a legend entry; "" when it has none."""
    from tanhplot.annotate import MARK_GID

    ax = fig.axes[0]
    legend = ax.get_legend()
    entries = [t.get_text() for t in legend.get_texts()] if legend else []
    shown = []
    for mark in (line for line in ax.get_lines() if line.get_gid() == MARK_GID):
        point = tuple(mark.get_xydata()[0])
        labels = [
            t.get_text()
            for t in ax.texts
            if t.get_gid() == ANNOTATION_GID
            and t.get_visible()
            and tuple(t.xy) == point  # type: ignore[attr-defined]
        ]
        in_legend = mark.get_label() if mark.get_label() in entries else ""
        shown.append(" ".join([*labels, in_legend]).strip())
    return shown


@pytest.mark.parametrize(
    ("activations", "options"),
    [
        (("tanh", "sigmoid", "relu"), {}),
        (("mish",), {"theme": "slides", "size": (6, 4), "asymptotes": True}),
        (("tanh", "sigmoid", "relu"), {"theme": "dark", "xlim": (-6, 6)}),
    ],
)
def test_a_mark_with_no_free_place_keeps_its_words_in_the_legend(
    activations: tuple[str, ...], options: dict[str, object]
) -> None:
    from legibility import assert_legible, theme_background

    fig = tanhplot.figure(*activations, mark_max_slope=True, **options)
    fig.canvas.draw()
    words = _words_of_marks(fig)
    assert words and all("max slope" in w for w in words), words
    assert_legible(fig, theme_background(str(options.get("theme", "light"))))


def test_without_a_legend_a_mark_may_lose_its_words() -> None:
    # the fallback needs the legend: this shows the check above can fail
    fig = tanhplot.figure("tanh", "sigmoid", "relu", mark_max_slope=True, legend=False)
    fig.canvas.draw()
    assert "" in _words_of_marks(fig)


@pytest.mark.parametrize(
    ("name", "end"), [("softplus", 4), ("logsigmoid", -4), ("tanhshrink", -4)]
)
def test_a_slope_still_rising_at_the_end_of_the_range_is_not_marked(
    name: str, end: float
) -> None:
    # the end of the window is no maximum: softplus' keeps rising towards 1
    message = f"its slope still rises at z = {end:g}, the end of the range"
    with pytest.warns(UserWarning, match=re.escape(message)):
        fig = tanhplot.figure(name, mark_max_slope=True)
    assert _labels(fig) == []
    # on a window where it does peak inside, it is marked: hardswish's jump
    assert max_slope(tanhplot.get("hardswish"), np.linspace(-4, 4, 801)) == (
        pytest.approx(3.0),
        pytest.approx(1.5),
    )
