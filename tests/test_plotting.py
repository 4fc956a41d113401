"""Axes-level drawing: centered spines, legend placement, origin labels."""

from __future__ import annotations

import itertools
import warnings
from typing import Any

import matplotlib.style
import numpy as np
import pytest
from legibility import assert_legible, curves_under_legend
from matplotlib import rcParams
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.transforms import Bbox

import tanhplot
from tanhplot.plotting import ORIGIN_LABEL_GID
from tanhplot.record import figure_style

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
    assert len(ax.get_lines()) == 2 * len(names)
    assert curves_under_legend(ax) == []


@pytest.mark.parametrize("names", CASES, ids="+".join)
def test_legend_covers_no_tick_label_or_spine(names: tuple[str, ...]) -> None:
    fig = _drawn(*names)
    ax = fig.axes[0]
    box = ax.get_legend().get_window_extent()
    for text in _texts(ax):
        assert not box.overlaps(text.get_window_extent()), text.get_text()
    for spine in ("left", "bottom"):
        path = (
            ax.spines[spine].get_transform().transform_path(ax.spines[spine].get_path())
        )
        assert not path.intersects_bbox(box, filled=False), spine


@pytest.mark.parametrize("names", CASES, ids="+".join)
def test_origin_tick_labels_do_not_collide(names: tuple[str, ...]) -> None:
    fig = _drawn(*names)
    ax = fig.axes[0]
    texts = _texts(ax)
    # The seed drew "0.00" on the x axis line and "0" against the y axis line.
    zero_ticks = [
        t
        for t in [*ax.get_xticklabels(), *ax.get_yticklabels()]
        if t.get_text() and float(t.get_text().replace("\u2212", "-")) == 0.0
    ]
    assert not zero_ticks, [t.get_text() for t in zero_ticks]
    origin = [t for t in ax.texts if t.get_gid() == ORIGIN_LABEL_GID]
    assert len(origin) == 1 and origin[0].get_visible() and origin[0].get_text() == "0"
    box = origin[0].get_window_extent()
    for spine in ("left", "bottom"):
        path = (
            ax.spines[spine].get_transform().transform_path(ax.spines[spine].get_path())
        )
        assert not path.intersects_bbox(box, filled=False), (
            f"'0' touches the {spine} axis"
        )
    for line in ax.get_lines():
        path = line.get_transform().transform_path(line.get_path())
        assert not path.intersects_bbox(box, filled=False), (
            f"'0' is on {line.get_label()}"
        )
    for a, b in itertools.combinations(texts, 2):
        assert not a.get_window_extent().overlaps(b.get_window_extent()), (
            a.get_text(),
            b.get_text(),
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
    assert [line.get_label() for line in lines] == [
        "tanh",
        "tanh′",
        "sigmoid",
        "sigmoid′",
    ]
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


def _tick_marks_in_pixels(ax: Axes) -> tuple[set[float], set[float]]:
    """Where the drawn x tick marks are in y, and the y tick marks in x."""
    ax.get_figure(root=True).canvas.draw()
    ys = {
        round(float(tick.tick1line.get_transform().transform((0.0, 0.0))[1]), 3)
        for tick in ax.xaxis.get_major_ticks()[:3]
    }
    xs = {
        round(float(tick.tick1line.get_transform().transform((0.0, 0.0))[0]), 3)
        for tick in ax.yaxis.get_major_ticks()[:3]
    }
    return ys, xs


@pytest.mark.parametrize("limits", [((-2, 3), (-1, 1)), ((1, 5), (-1, 2))])
def test_center_spines_ticks_follow_the_spines(limits: Any) -> None:
    """The tick marks sit on the moved spines, each time the spines move
    (their ticks are made again after the move)."""
    fig = Figure()
    ax = fig.subplots()
    ax.get_figure(root=True).canvas.draw()  # ticks made before the move
    for xlim, ylim in (limits, ((-3, 1), (-2, 0.5))):
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        tanhplot.center_spines(ax)
        left = ax.spines["left"].get_spine_transform().transform((0.0, 0.0))[0]
        bottom = ax.spines["bottom"].get_spine_transform().transform((0.0, 0.0))[1]
        assert _tick_marks_in_pixels(ax) == ({round(bottom, 3)}, {round(left, 3)})
        # the spines' axes stay registered
        assert ax.spines["left"].axis is ax.yaxis
        assert ax.spines["top"].axis is ax.xaxis


def test_center_spines_makes_each_axis_ticks_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Moving the four spines makes each axis's first major and minor tick
    once (matplotlib makes them again on every spine's move: 8, not 4), and
    spines already in place make none."""
    import matplotlib.axis

    made: list[str] = []
    for cls in (matplotlib.axis.XAxis, matplotlib.axis.YAxis):
        original = cls._get_tick

        def counted(self: Any, major: bool, _original: Any = original) -> Any:
            made.append(self.axis_name)
            return _original(self, major)

        monkeypatch.setattr(cls, "_get_tick", counted)
    fig = Figure()
    ax = fig.subplots()
    ax.set_xlim(-2, 3)
    ax.set_ylim(-1, 1)
    made.clear()
    tanhplot.center_spines(ax)
    assert sorted(made) == ["x", "x", "y", "y"]
    made.clear()
    tanhplot.center_spines(ax)
    assert made == []


def test_explicit_legend_location_is_honoured() -> None:
    fig = _drawn("tanh", legend_loc="lower right")
    assert fig.axes[0].get_legend()._loc == 4  # matplotlib's code for lower right
    # honoured even over the curves, which the check of "auto" would catch
    assert curves_under_legend(_drawn("tanh", legend_loc="center").axes[0]) != []


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


CROWDED = {
    "labels": "formula",
    "axis_labels": True,
    "arrows": True,
    "asymptotes": True,
    "mark_max_slope": True,
}


def _curve_top(ax: Axes) -> float:
    curves = [line for line in ax.get_lines() if not line.get_label().startswith("_")]
    return max(float(np.nanmax(line.get_ydata())) for line in curves)


def test_legend_with_no_free_place_inside_goes_above_the_axes() -> None:
    # mish's derivative formula is wider than either side of the y axis:
    # no headroom frees a corner, so none is added; the legend sits above
    # everything of the Axes (the f(z) label, the arrowhead) and inside the
    # figure, which lowered the top of the Axes to make room.
    fig = tanhplot.figure("mish", size=(6, 3.5), **CROWDED)
    fig.draw_without_rendering()
    ax = fig.axes[0]
    box = ax.get_legend().get_window_extent()
    low, high = ax.get_ylim()
    assert high < _curve_top(ax) + 0.1 * (high - low)
    inside = tanhplot.figure("tanh", size=(6, 3.5)).axes[0]  # legend inside
    assert ax.get_position().y1 < inside.get_position().y1 - 0.05  # lowered
    texts = [t for t in ax.texts if t.get_visible() and t.get_text()]
    assert box.y0 >= max(t.get_window_extent().y1 for t in texts)
    assert box.y0 >= ax.bbox.y1 and fig.bbox.contains(box.x0, box.y1)
    assert fig.bbox.contains(box.x1, box.y1)
    assert_legible(fig, "white")


def test_outside_legend_keeps_the_title_above_it() -> None:
    fig = tanhplot.figure("mish", title="Mish", size=(6, 3.5), **CROWDED)
    fig.draw_without_rendering()
    ax = fig.axes[0]
    box = ax.get_legend().get_window_extent()
    assert box.y0 >= ax.bbox.y1
    assert ax.title.get_window_extent().y0 >= box.y1
    assert_legible(fig, "white")


def test_wide_legend_shrinks_to_fit_a_narrow_figure() -> None:
    # One column of mish's formulas at 20 pt is wider than 5 inches.
    fig = tanhplot.figure("mish", theme="slides", size=(5, 4), **CROWDED)
    legend = fig.axes[0].get_legend()
    with matplotlib.style.context(figure_style(fig) or []):  # as drawn
        size = FontProperties(size=rcParams["legend.fontsize"]).get_size_in_points()
    assert 0.7 * size <= legend.get_texts()[0].get_fontsize() < size
    assert_legible(fig, "white")


def test_headroom_that_shows_no_label_is_taken_back() -> None:
    # In the slides theme the max-slope label of mish finds no room at any
    # height; the curves keep the whole height.
    ax = tanhplot.figure("mish", theme="slides", **CROWDED).axes[0]
    low, high = ax.get_ylim()
    assert high < _curve_top(ax) + 0.1 * (high - low)


def test_tick_labels_move_across_the_axis_clear_of_curves_and_each_other() -> None:
    # Small slides panels: an x tick label below the x axis and a y tick
    # label left of the y axis would meet in the lower left quadrant.
    assert_legible(tanhplot.grid("softshrink", "identity", theme="slides"), "white")
    # the default figure: tanh runs left of the y axis below 0, so those
    # labels sit right of it; above 0, left, where tanh' leaves room
    ax = tanhplot.figure().axes[0]
    ticks = [t for t in ax.yaxis.get_major_ticks() if t.label1.get_text()]
    sides = {
        t.label1.get_text(): 1 if t.label1.get_visible() else 2
        for t in ticks
        if t.label1.get_visible() or t.label2.get_visible()
    }
    assert sides == {
        "−1.00": 2,
        "−0.75": 2,
        "−0.50": 2,
        "−0.25": 2,
        "0.25": 1,
        "0.50": 1,
        "0.75": 1,
    }


def test_jumps_are_left_open_and_steep_curves_are_not() -> None:
    from tanhplot.plotting import sample

    z = np.linspace(-4, 4, 801)
    x, y = sample(tanhplot.get("relu").derivative, z)
    gaps = np.flatnonzero(np.isnan(y))
    assert len(gaps) == 1
    left, right = gaps[0] - 1, gaps[0] + 1
    assert y[left] == 0.0 and y[right] == 1.0  # both sides of the jump, exactly
    assert 0.0 <= x[right] - x[left] < 1e-12  # at z = 0, to float resolution
    for name in ("tanh", "sigmoid", "gelu"):
        _, smooth = sample(tanhplot.get(name).derivative, np.linspace(-100, 100, 801))
        assert not np.isnan(smooth).any(), name  # steep, but continuous
    _, steps = sample(tanhplot.get("hardshrink"), z)
    assert np.isnan(steps).sum() == 2  # value jumps at -lambd and +lambd


def test_layout_sees_curves_as_drawn_at_any_sample_count() -> None:
    from tanhplot.place import curve_runs

    def layout(samples: int) -> tuple[list[int], list[float], list[float]]:
        fig = tanhplot.figure("tanh", "relu", samples=samples)
        ax = fig.axes[0]
        sizes = [
            len(path.vertices) for line in ax.get_lines() for path in curve_runs(line)
        ]
        origin = next(t for t in ax.texts if t.get_gid() == ORIGIN_LABEL_GID)
        legend = ax.get_legend().get_window_extent()
        return sizes, list(legend.extents), list(origin.get_window_extent().extents)

    few, many = layout(801), layout(1_000_000)
    # simplified as the renderer simplifies: a million samples, a few vertices
    # per pixel column at most; relu' stays two runs (its jump is no segment)
    assert len(many[0]) == len(few[0]) == 5
    assert max(many[0]) < 3 * 900
    assert many[1:] == few[1:]  # the same places for the legend and the "0"


@pytest.mark.slow
def test_more_activations_than_colours_is_a_warning() -> None:
    names = tanhplot.available()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tanhplot.figure(*names[:7])  # seven colours: each its own
        tanhplot.grid(*names)  # one panel each
    with pytest.warns(UserWarning, match=r"^8 activations share the theme's 7 colours"):
        tanhplot.figure(*names[:8])


def test_measured_curves_are_reused_only_while_nothing_moved() -> None:
    from tanhplot.place import curve_runs

    ax = tanhplot.figure("tanh").axes[0]
    line = ax.get_lines()[0]
    first = curve_runs(line)
    assert curve_runs(line) is first  # same data, same limits: measured once
    ax.set_ylim(-2, 2)
    squeezed = curve_runs(line)
    assert squeezed is not first
    top = max(path.vertices[:, 1].max() for path in squeezed)
    assert top < max(path.vertices[:, 1].max() for path in first)
    line.set_ydata(-np.asarray(line.get_ydata()))  # new data: measured again
    flipped = curve_runs(line)
    assert flipped is not squeezed
    assert flipped[0].vertices[0, 1] > squeezed[0].vertices[0, 1]


def test_jumps_are_bisected_together() -> None:
    """All steep steps are halved in the same evaluations: a function with
    dozens of jumps costs about as many calls as one with a single jump
    (each step was bisected alone before: ~50 calls per step)."""
    from tanhplot.plotting import sample

    calls = []

    def stairs(z: np.ndarray) -> np.ndarray:
        calls.append(z.size)
        return np.floor(4 * z + 0.5)  # no jump at 0 (bisected to denormals)

    z = np.linspace(-4, 4, 801)
    _, y = sample(stairs, z)
    assert np.isnan(y).sum() == 32  # every jump is open
    assert len(calls) < 70, len(calls)


def test_a_million_samples_are_drawn_as_the_pixels_show_them() -> None:
    """`drawn_sample` keeps, of each bucket, its ends and its extremes: the
    curve's ends, least and greatest values are exact, jumps still open at
    float resolution, and it is what sampling all of them gives below the
    threshold."""
    from tanhplot.plotting import drawn_sample, sample

    tanh = tanhplot.get("tanh")
    x, y = drawn_sample(tanh, (-4.0, 4.0), 1_000_000, 1800)
    assert len(x) <= 4 * 8 * 1800
    assert x[0] == -4.0 and x[-1] == 4.0 and np.all(np.diff(x) > 0)
    full = np.linspace(-4.0, 4.0, 1_000_000)
    assert np.isin(x, full).all()  # samples of the million, not new points
    assert y.min() == tanh(full).min() and y.max() == tanh(full).max()
    assert np.array_equal(y, tanh(x))
    # a bump narrower than a bucket keeps its peak
    bump = tanhplot.from_expression("exp(-((z - 0.3) / 1e-4)**2)", name="bump")
    _, yb = drawn_sample(bump, (-4.0, 4.0), 1_000_000, 900)
    assert yb.max() == float(np.max(bump(full)))
    # jumps: open at z = 0 to float resolution, as with few samples
    x, y = drawn_sample(tanhplot.get("step"), (-4.0, 4.0), 1_000_000, 1800)
    (gap,) = np.flatnonzero(np.isnan(y))
    assert y[gap - 1] == 0.0 and y[gap + 1] == 1.0
    assert 0.0 <= x[gap + 1] - x[gap - 1] < 1e-300
    # values left out (NaN) keep their whole bucket: the run ends are there
    log = tanhplot.from_expression("log(z)", name="ln")
    x, y = drawn_sample(log, (-4.0, 4.0), 1_000_000, 1800)
    first = np.flatnonzero(np.isfinite(y))[0]
    assert x[first] == full[full > 0][0]
    # few samples: exactly `sample`
    few = drawn_sample(tanh, (-4.0, 4.0), 801, 1800)
    expected = sample(tanh, np.linspace(-4.0, 4.0, 801))
    assert all(np.array_equal(a, b) for a, b in zip(few, expected, strict=True))


@pytest.mark.slow
def test_a_million_samples_look_like_a_million_samples(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The decimated curves against all million drawn (Agg simplifies
    those itself): no pixel more than 12 of 255 apart."""
    import io

    from PIL import Image

    import tanhplot.plotting
    from tanhplot.export import figure_bytes

    def pixels() -> np.ndarray:
        fig = tanhplot.figure("gelu", "mish", "step", samples=1_000_000, dpi=100)
        data = figure_bytes(fig, "x.png")
        return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=int)

    drawn = pixels()
    monkeypatch.setattr(tanhplot.plotting, "_BUCKETS_PER_COLUMN", 10**9)
    everything = pixels()
    difference = np.abs(drawn - everything)
    assert difference.max() <= 12
    assert np.sqrt((difference**2).mean()) < 0.1


def test_jumps_are_bracketed_by_neighbouring_floats_in_few_evaluations() -> None:
    from tanhplot.plotting import sample

    z = np.linspace(-4.0, 4.0, 801)
    for fn in (
        tanhplot.get("step"),
        tanhplot.get("relu").derivative,
        tanhplot.get("hardshrink"),
        tanhplot.get("threshold"),
    ):
        calls = []

        def counted(x: np.ndarray, fn=fn, calls=calls) -> np.ndarray:  # type: ignore[no-untyped-def]
            calls.append(x.size)
            return fn(x)

        x, y = sample(counted, z)
        gaps = np.flatnonzero(np.isnan(y))
        assert gaps.size, fn
        for gap in gaps:
            assert np.nextafter(x[gap - 1], np.inf) == x[gap + 1], (fn, x[gap - 1])
        assert len(calls) <= 1 + 64, (fn, len(calls))  # the samples, then halvings


@pytest.mark.parametrize(
    "limits",
    [
        (-4.0, 4.0),
        (-1.13, 1.07),
        (-0.05, 1.05),
        (0.0012, 0.0047),
        (1e6, 1e6 + 3.3),
        (-2.5e7, 3e7),
        (-3.0, -2.999),
    ],
)
@pytest.mark.parametrize("centered", [False, True])
def test_in_view_ticks_draw_the_same_picture_with_fewer_ticks(
    limits: tuple[float, float], centered: bool
) -> None:
    """`InViewLocator` leaves out the ticks matplotlib would make and not
    draw (beyond the view limits): the same pixels as `AutoLocator`, on
    plain and centered axes, offsets and powers of ten included, with no
    more ticks made, and fewer where AutoLocator gives one beyond a limit."""
    from matplotlib.ticker import AutoLocator

    from tanhplot.plotting import InViewLocator

    def drawn(locator: type) -> tuple[Any, list[list[float]], int]:
        fig = Figure(figsize=(3, 2), dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.subplots()
        ax.plot([limits[0], limits[1]], [limits[0], limits[1]])
        ax.set_xlim(*limits)
        ax.set_ylim(*limits)
        if centered:
            tanhplot.center_spines(ax)
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_locator(locator())
        fig.canvas.draw()
        locs = [list(axis.get_majorticklocs()) for axis in (ax.xaxis, ax.yaxis)]
        made = len(ax.xaxis.majorTicks) + len(ax.yaxis.majorTicks)
        return np.asarray(fig.canvas.buffer_rgba()).copy(), locs, made

    auto, auto_locs, auto_made = drawn(AutoLocator)
    in_view, in_view_locs, in_view_made = drawn(InViewLocator)
    assert np.array_equal(in_view, auto)
    low, high = limits
    span = high - low
    inside = [
        [v for v in locs if low - 1e-9 * span <= v <= high + 1e-9 * span]
        for locs in auto_locs
    ]
    assert in_view_locs == inside
    assert auto_made == sum(map(len, auto_locs))  # matplotlib: a tick per location
    assert in_view_made == sum(map(len, inside))
