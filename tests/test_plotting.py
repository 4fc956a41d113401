"""Axes-level drawing: centered spines, legend placement, origin labels."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

import tanhplot
from tanhplot.plotting import ORIGIN_LABEL_GID

CASES = [("tanh",), ("sigmoid",), ("tanh", "sigmoid")]


def _drawn(*names: str, **options: object) -> Figure:
    fig = tanhplot.figure(*names, **options)
    fig.canvas.draw()  # a real render: every position final
    return fig


def _texts(ax: Axes) -> list:
    texts = [*ax.get_xticklabels(), *ax.get_yticklabels(), *ax.texts]
    return [t for t in texts if t.get_visible() and t.get_text()]


@pytest.mark.parametrize("names", CASES, ids="+".join)
def test_legend_covers_no_curve_vertex(names: tuple[str, ...]) -> None:
    fig = _drawn(*names)
    ax = fig.axes[0]
    box = ax.get_legend().get_window_extent()
    assert len(ax.get_lines()) == 2 * len(names)
    for line in ax.get_lines():
        points = line.get_transform().transform(line.get_xydata())
        inside = (
            (points[:, 0] >= box.x0)
            & (points[:, 0] <= box.x1)
            & (points[:, 1] >= box.y0)
            & (points[:, 1] <= box.y1)
        )
        assert not np.any(inside), f"legend covers {line.get_label()!r}"


@pytest.mark.parametrize("names", CASES, ids="+".join)
def test_legend_covers_no_tick_label_or_spine(names: tuple[str, ...]) -> None:
    fig = _drawn(*names)
    ax = fig.axes[0]
    box = ax.get_legend().get_window_extent()
    for text in _texts(ax):
        assert not box.overlaps(text.get_window_extent()), text.get_text()
    for spine in ("left", "bottom"):
        path = ax.spines[spine].get_transform().transform_path(ax.spines[spine].get_path())
        assert not path.intersects_bbox(box, filled=False), spine


@pytest.mark.parametrize("names", CASES, ids="+".join)
def test_origin_tick_labels_do_not_collide(names: tuple[str, ...]) -> None:
    fig = _drawn(*names)
    ax = fig.axes[0]
    texts = _texts(ax)
    # The seed drew "0.00" on the x axis line and "0" against the y axis line.
    zero_ticks = [
        t for t in [*ax.get_xticklabels(), *ax.get_yticklabels()]
        if t.get_text() and float(t.get_text().replace("\u2212", "-")) == 0.0
    ]
    assert not zero_ticks, [t.get_text() for t in zero_ticks]
    origin = [t for t in ax.texts if t.get_gid() == ORIGIN_LABEL_GID]
    assert len(origin) == 1 and origin[0].get_visible() and origin[0].get_text() == "0"
    box = origin[0].get_window_extent()
    for spine in ("left", "bottom"):
        path = ax.spines[spine].get_transform().transform_path(ax.spines[spine].get_path())
        assert not path.intersects_bbox(box, filled=False), f"'0' touches the {spine} axis"
    for line in ax.get_lines():
        path = line.get_transform().transform_path(line.get_path())
        assert not path.intersects_bbox(box, filled=False), f"'0' is on {line.get_label()}"
    for a, b in itertools.combinations(texts, 2):
        assert not a.get_window_extent().overlaps(b.get_window_extent()), (
            a.get_text(), b.get_text()
        )


def test_tick_labels_do_not_touch_the_axis_lines() -> None:
    ax = _drawn("tanh").axes[0]
    paths = [
        ax.spines[s].get_transform().transform_path(ax.spines[s].get_path())
        for s in ("left", "bottom")
    ]
    for text in _texts(ax):
        for path in paths:
            assert not path.intersects_bbox(text.get_window_extent(), filled=False), (
                text.get_text()
            )


def test_plot_draws_only_into_the_given_axes() -> None:
    fig = Figure(figsize=(8, 3))
    FigureCanvasAgg(fig)
    left, right = fig.subplots(1, 2)
    lines = tanhplot.plot(right, "sigmoid", derivative=False, legend=False)
    assert len(lines) == 1 and lines[0].axes is right
    assert lines[0].get_label() == "sigmoid"
    assert not left.get_lines() and left.get_legend() is None
    assert right.get_legend() is None
    assert right.spines["left"].get_position() == ("data", 0.0)


def test_plot_returns_function_then_derivative() -> None:
    fig = Figure()
    ax = fig.subplots()
    lines = tanhplot.plot(ax, "tanh", "sigmoid", legend_loc="lower right")
    assert [l.get_label() for l in lines] == ["tanh", "tanh′", "sigmoid", "sigmoid′"]
    assert lines[0].get_color() == lines[1].get_color()
    assert lines[1].get_linestyle() == "--" and lines[0].get_linestyle() == "-"
    assert ax.get_legend() is not None


def test_samples_include_both_ends() -> None:
    line = _drawn("tanh").axes[0].get_lines()[0]
    z = line.get_xdata()
    assert z[0] == -4.0 and z[-1] == 4.0 and len(z) == 801


def test_center_spines_through_origin() -> None:
    fig = Figure()
    ax = fig.subplots()
    ax.set_xlim(-2, 3)
    ax.set_ylim(-1, 1)
    tanhplot.center_spines(ax)
    assert ax.spines["left"].get_position() == ("data", 0.0)
    assert ax.spines["bottom"].get_position() == ("data", 0.0)
    assert not ax.spines["top"].get_visible()
    assert not ax.spines["right"].get_visible()


def test_center_spines_keeps_spine_at_edge_when_zero_is_out_of_range() -> None:
    fig = Figure()
    ax = fig.subplots()
    ax.set_xlim(1, 5)
    ax.set_ylim(-1, 1)
    tanhplot.center_spines(ax)
    assert ax.spines["left"].get_position() == ("axes", 0.0)
    assert ax.spines["bottom"].get_position() == ("data", 0.0)
    assert not [t for t in ax.texts if t.get_gid() == ORIGIN_LABEL_GID]


def test_explicit_legend_location_is_honoured() -> None:
    fig = _drawn("tanh", legend_loc="lower right")
    assert fig.axes[0].get_legend()._loc == 4  # matplotlib's code for lower right


def test_no_legend() -> None:
    assert _drawn("tanh", legend=False).axes[0].get_legend() is None


def test_ylim_is_applied() -> None:
    assert _drawn("tanh", ylim=(-2, 2)).axes[0].get_ylim() == (-2.0, 2.0)


def test_legend_is_frameless() -> None:
    legend = _drawn("tanh").axes[0].get_legend()
    assert not legend.get_frame_on()
    assert [t.get_text() for t in legend.get_texts()] == ["tanh", "derivative"]


def test_crowded_figure_still_finds_room() -> None:
    # Curves fill every corner of the default limits: headroom is added.
    fig = _drawn("tanh", "sigmoid", xlim=(-0.5, 0.5))
    ax = fig.axes[0]
    box = ax.get_legend().get_window_extent()
    for line in ax.get_lines():
        points = line.get_transform().transform(line.get_xydata())
        assert not Bbox(box.get_points()).count_contains(points)
