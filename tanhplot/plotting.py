"""Axes-level drawing: centered spines and activation curves on a given Axes.

Nothing here creates figures, touches pyplot or places texts: `draw_curves`
draws only into the Axes it is given and returns the lines it drew;
`tanhplot.place` places the texts afterwards.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
from matplotlib import rcParams
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.ticker import AutoLocator, ScalarFormatter
from numpy.typing import NDArray

from . import annotate as ann
from .activations import MAX_NUMBER, Activation
from .errors import TanhplotError
from .spec import FigureSpec
from .themes import SEED_COLORS, THEME_COLORS

#: Where `center_spines` puts a spine: through a data value or at the edge.
SpinePosition = tuple[Literal["data", "axes"], float]

__all__ = [
    "ORIGIN_LABEL_GID",
    "SATURATION_GID",
    "SECOND_DERIVATIVE_STYLE",
    "SEED_COLORS",
    "InViewLocator",
    "TickFormatter",
    "center_spines",
    "check_axes",
    "draw_curves",
    "feature_range",
    "sample",
    "saturation_label",
    "second_derivative_latex",
]

ORIGIN_LABEL_GID = "tanhplot-origin-label"
#: gid of the saturation shading.
SATURATION_GID = "tanhplot-saturation"


class TickFormatter(ScalarFormatter):
    """The default tick formatter, with the label at 0 left empty.

    With spines through the origin, the "0" of each axis would sit on the
    other axis line; `center_spines` draws a single "0" beside the origin.
    """

    _step = 1.0

    def set_locs(self, locs: Any) -> None:
        values = np.asarray(locs, dtype=float)
        diffs = np.abs(np.diff(values))
        self._step = float(np.min(diffs)) if diffs.size else 1.0
        super().set_locs(locs)

    def __call__(self, x: float, pos: int | None = None) -> str:
        tol = 1e-9 * self._step
        if abs(x) < tol:
            return ""
        return str(super().__call__(x, pos))


def in_view(locs: Any, low: float, high: float) -> list[float]:
    """The tick locations *locs* from *low* to *high* (a billionth of the
    range more on either side: matplotlib's own test is stricter)."""
    slack = 1e-9 * (high - low)
    return [float(v) for v in locs if low - slack <= v <= high + slack]


class InViewLocator(AutoLocator):
    """matplotlib's automatic ticks without the ones beyond the view limits.

    matplotlib makes a Tick (five artists) for each location its locator
    gives before it leaves out the ones it does not draw, and `AutoLocator`
    gives one more at either end: a fifth of a cheat sheet's ticks, never
    drawn. The ticks drawn and their labels stay the same: a formatter counts
    only the ticks in view, of which `AutoLocator` gives at least two.
    """

    def __call__(self) -> Any:
        locs = super().__call__()
        if self.axis is None:
            return locs
        low, high = sorted(self.axis.get_view_interval())
        return in_view(locs, low, high)


def _contains_zero(limits: tuple[float, float]) -> bool:
    low, high = sorted(limits)
    return low < 0.0 < high


def check_axes(ax: object) -> None:
    """Raise `TanhplotError` unless *ax* is a matplotlib Axes in a figure."""
    if not isinstance(ax, Axes) or ax.get_figure(root=True) is None:
        raise TanhplotError(f"expected a matplotlib Axes in a figure, got {ax!r}")


def center_spines(ax: Axes) -> None:
    """Move the left and bottom spines of *ax* through the data origin.

    The top and right spines are hidden, ticks stay on the left and bottom
    spines. An axis whose range does not contain 0 keeps its spine at the
    edge. When both spines cross at the origin, the two colliding "0" tick
    labels are replaced by one "0" beside the origin (see `plot`, which places
    it clear of the curves). Call it after the limits are set.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The Axes to change in place.
    """
    check_axes(ax)
    x_through = _contains_zero(ax.get_ylim())  # bottom spine at y = 0
    y_through = _contains_zero(ax.get_xlim())  # left spine at x = 0
    left: SpinePosition = ("data", 0.0) if y_through else ("axes", 0.0)
    bottom: SpinePosition = ("data", 0.0) if x_through else ("axes", 0.0)
    # The hidden right and top spines run along the visible ones: a tick's
    # second label (right of / above the axis line) is on the other side.
    _move_spines(ax, {"left": left, "right": left, "bottom": bottom, "top": bottom})
    ax.spines["right"].set_visible(False)
    ax.spines["top"].set_visible(False)
    ax.xaxis.set_ticks_position("bottom")
    ax.yaxis.set_ticks_position("left")
    ax.set_axisbelow(False)  # axis lines and tick labels above the curves
    for axis in (ax.xaxis, ax.yaxis):
        if type(axis.get_major_locator()) is AutoLocator:
            axis.set_major_locator(InViewLocator())
    for text in [t for t in ax.texts if t.get_gid() == ORIGIN_LABEL_GID]:
        text.remove()
    if x_through and y_through:
        ax.xaxis.set_major_formatter(TickFormatter())
        ax.yaxis.set_major_formatter(TickFormatter())
        label = ax.annotate(
            "0",
            xy=(0.0, 0.0),
            xycoords="data",
            xytext=(-4.0, -4.0),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=rcParams["xtick.labelsize"],
            color=_tick_label_color(),
            gid=ORIGIN_LABEL_GID,
        )
        label.set_in_layout(True)


def _move_spines(ax: Axes, positions: dict[str, SpinePosition]) -> None:
    """``ax.spines[name].set_position(position)`` for each of *positions*,
    with each axis's ticks made again once, not once per spine.

    `Spine.set_position` makes its axis's ticks again (they are placed by
    the spine): a new major and a new minor tick, ten artists, which the
    next spine's move throws away. So the spines are moved with their
    ``axis`` unset, and each axis's ticks are made again after: 4 new
    ticks per Axes instead of 8, and none when every spine is already in
    place (the move after a change of limits). (Giving the ticks already
    made the moved spines' transforms instead makes no ticks, but a
    process then kept ~38 kB more per figure, outside Python's heap.)"""
    moves = {
        ax.spines[name]: position
        for name, position in positions.items()
        if ax.spines[name].get_position() != position
    }
    axes = {spine: spine.axis for spine in moves}
    try:
        for spine, position in moves.items():
            spine.axis = None
            spine.set_position(position)
    finally:
        for spine, axis in axes.items():
            spine.axis = axis
    for axis in dict.fromkeys(a for a in axes.values() if a is not None):
        axis.reset_ticks()


def _tick_label_color() -> str:
    color = rcParams["xtick.labelcolor"]
    return str(rcParams["xtick.color"] if color == "inherit" else color)


def _labels(act: Activation, spec: FigureSpec, single: bool) -> tuple[str, str, str]:
    """Legend texts of *act*, its derivative and its second derivative."""
    if spec.labels == "formula":
        return (
            f"${act.short_latex}$",
            f"${act.derivative_short_latex}$",
            f"${second_derivative_latex(act)}$",
        )
    if single:
        return act.label, "derivative", "second derivative"
    return act.label, f"{act.label}′", f"{act.label}″"


#: A function applied to z, in mathtext: ``\tanh(z)``, ``\mathrm{elu}(z)``.
_APPLIED = re.compile(r"^(\\?[A-Za-z]+|\\mathrm\{[^{}]*\})\(z\)$")


def second_derivative_latex(act: Activation) -> str:
    r"""The second derivative in a legend: ``\tanh''(z)`` for a function
    applied to z, else ``(z\,\sigma(z))''``."""
    short = act.short_latex
    match = _APPLIED.match(short)
    if match:
        return f"{match.group(1)}''(z)"
    return rf"\left({short}\right)''"


def _color_cycle() -> list[Any]:
    return list(rcParams["axes.prop_cycle"].by_key().get("color", SEED_COLORS))


def _pair_colors(spec: FigureSpec, index: int, single: bool) -> tuple[str, str, str]:
    """Function, derivative and second derivative colours: the theme's for
    one activation, else the style's colour cycle (told apart by line style)."""
    if single:
        colors = THEME_COLORS[spec.drawn_theme]
        return colors.function, colors.derivative, colors.second_derivative
    cycle = _color_cycle()
    color = to_hex(cycle[index % len(cycle)], keep_alpha=True)
    return color, color, color


#: Line style of the second derivative: dash-dot, short enough (times the
#: line width) that a legend's handle shows a dash and a dot.
SECOND_DERIVATIVE_STYLE = (0, (2.5, 1.2, 0.6, 1.2))
#: Opacity of the saturation shading.
SATURATION_ALPHA = 0.14


def _warn_if_colours_repeat(count: int) -> None:
    """More activations on one Axes than the theme has colours: say so (the
    CLI prints it as one warning line) rather than draw look-alike curves
    silently."""
    colours = len(_color_cycle())
    if count > colours:
        warnings.warn(
            f"{count} activations share the theme's {colours} colours, so some "
            "curves look alike; grid=True (--grid) draws one panel each",
            UserWarning,
            stacklevel=2,
        )


#: A step between neighbouring samples larger than this share of the curve's
#: range is examined for a jump.
_STEP_SHARE = 0.02
_MAX_JUMP_CHECKS = 64


def sample(
    fn: Callable[[NDArray[np.float64]], Any], z: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Evaluate *fn* on *z* for drawing, with jumps left open.

    A line through the samples would join the two sides of a jump (relu'(0),
    step(0), hardshrink at +-lambd) with a steep segment the function does not
    have. Each large step between neighbours is bisected down to the float
    resolution at the largest |z|: if it does not shrink, it is a jump, and
    the curve gets the values on both sides of it with a gap (NaN) between
    them. A steep but
    continuous stretch shrinks under bisection and is drawn as it is. All
    steps are bisected together, one evaluation of *fn* per halving (about
    60 calls however many steps there are).

    Values beyond `MAX_NUMBER` in size (and infinities) are left out, as
    NaN: matplotlib cannot lay out an axis that reaches beyond the float
    range, and such values are not drawable anyway.
    """

    return open_jumps(fn, z, _values(fn, z))


def _values(
    fn: Callable[[NDArray[np.float64]], Any], x: NDArray[np.float64]
) -> NDArray[np.float64]:
    """*fn* at *x* as floats, values beyond `MAX_NUMBER` (and infinities)
    as NaN."""
    out = np.broadcast_to(np.asarray(fn(x), dtype=np.float64), x.shape)
    return np.where(np.abs(out) <= MAX_NUMBER, out, np.nan)


def open_jumps(
    fn: Callable[[NDArray[np.float64]], Any],
    z: NDArray[np.float64],
    y: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The curve through (*z*, *y*), samples of *fn* in increasing order,
    with each jump between neighbouring samples found by bisection and left
    open (see `sample`)."""

    def values(x: NDArray[np.float64]) -> NDArray[np.float64]:
        return _values(fn, x)

    finite = y[np.isfinite(y)]
    span = float(np.ptp(finite)) if finite.size else 0.0
    steps = np.abs(np.diff(y))
    index = np.nonzero(steps > _STEP_SHARE * span)[0] if span > 0 else np.array([])
    if index.size > _MAX_JUMP_CHECKS:
        index = np.sort(np.argsort(steps)[-_MAX_JUMP_CHECKS:])
    if not index.size:
        return z, y
    index = index.astype(np.intp)
    a, b = z[index].astype(np.float64), z[index + 1].astype(np.float64)
    ya, yb = y[index].copy(), y[index + 1].copy()
    jump = np.abs(yb - ya)
    while True:
        # halving the floats between a and b, not the distance: at most 64
        # halvings to neighbouring floats (halving the distance to a jump
        # at 0 takes over a thousand, down to the smallest subnormal)
        ka, kb = _ordinal(a), _ordinal(b)
        km = (ka >> 1) + (kb >> 1) + (ka & kb & 1)
        active = np.nonzero((ka < km) & (km < kb))[0]
        if not active.size:
            break
        mid = _from_ordinal(km[active])
        ym = values(mid)
        left = np.abs(ym - ya[active]) >= np.abs(yb[active] - ym)
        # The jump is in [a, m] (left) or in [m, b].
        to_b, to_a = active[left], active[~left]
        b[to_b], yb[to_b] = mid[left], ym[left]
        a[to_a], ya[to_a] = mid[~left], ym[~left]
    jumps = np.abs(yb - ya) > 0.5 * jump
    if not jumps.any():
        return z, y
    # after sample i of each jump: its two sides with a gap between them
    found = np.nonzero(jumps)[0]
    after = index[found] + 1
    gap = np.full(found.size, np.nan)
    xs = np.insert(
        z.astype(np.float64), np.repeat(after, 3), _interleave(a[found], gap, b[found])
    )
    ys = np.insert(y, np.repeat(after, 3), _interleave(ya[found], gap, yb[found]))
    return xs, ys


_SIGN = np.int64(-(2**63))


def _ordinal(x: NDArray[np.float64]) -> NDArray[np.int64]:
    """Integers in the order of the floats *x* (-0.0 and 0.0 both 0), one
    apart for neighbouring floats."""
    bits = np.ascontiguousarray(x, dtype=np.float64).view(np.int64)
    return np.where(bits < 0, -(bits & ~_SIGN), bits)


def _from_ordinal(k: NDArray[np.int64]) -> NDArray[np.float64]:
    """The floats of `_ordinal` integers *k*."""
    bits = np.where(k < 0, (-k) | _SIGN, k).astype(np.int64)
    return bits.view(np.float64)


def _interleave(*columns: NDArray[np.float64]) -> NDArray[np.float64]:
    """``[a0, b0, c0, a1, b1, c1, ...]`` of columns a, b, c."""
    return np.column_stack(columns).ravel()


#: Samples of a curve per pixel column of its figure beyond which it is
#: drawn decimated (`drawn_sample`): eight buckets per column (room for a
#: PNG saved at a higher dpi than the figure's; against all of a million
#: samples drawn, RMS 0.03 and no pixel more than 10 of 255 apart, where
#: Agg's own path simplification of the million differs), at most four
#: samples kept of each.
_BUCKETS_PER_COLUMN = 8
_KEPT_PER_BUCKET = 4
#: Samples evaluated at a time when decimating (memory stays flat).
_CHUNK = 1 << 16


def drawn_sample(
    fn: Callable[[NDArray[np.float64]], Any],
    xlim: tuple[float, float],
    samples: int,
    columns: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """`sample` of *fn* at *samples* evenly spaced z in *xlim* (both ends,
    as ``np.linspace``), reduced to what a figure *columns* pixels wide can
    show.

    Up to `_KEPT_PER_BUCKET` samples per bucket of `_BUCKETS_PER_COLUMN`
    buckets per pixel column, all of them: sampled as they are. More are
    evaluated a chunk at a time, and of each bucket (an eighth of a pixel
    column or less, as the curve's Axes are no wider than the figure) only
    its first and last sample and those with its least and greatest value
    are kept, in order (the "M4" reduction: a line through them covers the
    same pixels as a line through all of them, every extremum exact). A bucket
    holding a value left out (NaN) is kept whole. Jumps are then found
    between the kept neighbours and left open, as `sample` does. The
    drawing, the layout and the placement all see these points: a million
    samples cost their evaluation and no more memory than a few thousand.
    """
    low, high = xlim
    buckets = max(1, int(np.ceil(columns * _BUCKETS_PER_COLUMN)))
    if samples <= buckets * _KEPT_PER_BUCKET:
        return sample(fn, np.linspace(low, high, samples))
    per = int(np.ceil(samples / buckets))  # samples per bucket
    chunk = per * max(1, _CHUNK // per)
    step = (high - low) / (samples - 1)
    xs: list[NDArray[np.float64]] = []
    ys: list[NDArray[np.float64]] = []
    for start in range(0, samples, chunk):
        stop = min(start + chunk, samples)
        z = np.arange(start, stop, dtype=np.float64) * step + low  # as linspace
        if stop == samples:
            z[-1] = high
        y = _values(fn, z)
        keep = _extremes(y, per)
        xs.append(z[keep])
        ys.append(y[keep])
    return open_jumps(fn, np.concatenate(xs), np.concatenate(ys))


def _extremes(y: NDArray[np.float64], per: int) -> NDArray[np.bool_]:
    """Which of *y* to keep: of each run of *per* values, the first, the
    last, the least and the greatest; every value of a run holding a NaN."""
    count = y.size
    rows = -(-count // per)
    padded = np.empty(rows * per)
    padded[:count] = y
    padded[count:] = y[-1]  # the last run repeats its last value
    grid = padded.reshape(rows, per)
    keep = np.zeros(rows * per, dtype=bool)
    base = np.arange(rows) * per
    holes = np.isnan(grid).any(axis=1)
    filled = np.where(np.isnan(grid), 0.0, grid)
    for index in (
        np.zeros(rows, dtype=np.intp),
        np.full(rows, per - 1),
        np.argmin(filled, axis=1),
        np.argmax(filled, axis=1),
    ):
        keep[base + index] = True
    by_run = keep.reshape(rows, per)
    by_run[holes] = True
    kept = keep[:count]
    kept[count - 1] = True  # the last run's own last value
    return kept


#: How far out (|z|) `feature_range` looks for kinks and jumps.
_FEATURE_REACH = 10.0


def feature_range(act: Activation, xlim: tuple[float, float]) -> tuple[float, float]:
    """*xlim*, widened to show every kink and jump of *act* (where f or f'
    jumps) with |z| <= 10 that it would hide, plus a fifth of the range
    beyond it, to a whole number: relu6's clamp at 6 widens (-4, 4) to
    (-4, 8). A panel of a cheat sheet shows what defines its activation."""
    low, high = xlim
    z = np.linspace(-_FEATURE_REACH, _FEATURE_REACH, 2001)
    features: list[float] = []
    for fn in (act, act.derivative):
        x, _ = sample(fn, z)
        gaps = np.flatnonzero(np.isnan(x))
        features += [0.5 * (float(x[i - 1]) + float(x[i + 1])) for i in gaps]
    new_low, new_high = low, high
    for where in features:
        if where > high:
            new_high = max(new_high, float(np.ceil(where + 0.2 * (where - low))))
        elif where < low:
            new_low = min(new_low, float(np.floor(where - 0.2 * (high - where))))
    return new_low, new_high


def saturation_label(act: Activation | None, fraction: float, single: bool) -> str:
    """The legend text of the saturation shading: ``saturated: |f′| < 5% of
    peak``, or ``tanh saturated: ...`` among several activations (None for
    the shared legend of a grid)."""
    text = f"saturated: |f′| < {fraction * 100:g}% of peak"
    return text if single or act is None else f"{act.label} {text}"


def _shade_saturation(
    ax: Axes, act: Activation, spec: FigureSpec, color: str, single: bool
) -> None:
    """Shade where |f'| is below ``spec.saturation_fraction`` of its peak (boundaries
    from `tanhplot.saturation`), behind the curves, in *color*."""
    from .saturation import saturated

    fraction = spec.saturation_fraction
    assert fraction is not None
    region = saturated(act, spec.xlim, fraction)
    label = saturation_label(act, fraction, single)
    for start, end in region.intervals:
        ax.axvspan(
            start,
            end,
            color=color,
            alpha=SATURATION_ALPHA,
            linewidth=0,
            zorder=0.5,
            label=label,
            gid=SATURATION_GID,
        )
        label = "_nolegend_"  # one legend entry per activation


def draw_curves(ax: Axes, spec: FigureSpec) -> list[Line2D]:
    """Draw *spec*'s curves on *ax*, with annotations, limits and spines;
    the texts are placed afterwards by `tanhplot.place`."""
    figure = ax.get_figure(root=True)
    columns = figure.bbox.width if figure is not None else float(spec.samples)

    def curve(fn: Callable[[NDArray[np.float64]], Any]) -> Any:
        return drawn_sample(fn, spec.xlim, spec.samples, columns)

    single = len(spec.activations) == 1
    _warn_if_colours_repeat(len(spec.activations))
    theme = THEME_COLORS[spec.drawn_theme]
    lines: list[Line2D] = []
    marks: list[tuple[Activation, str]] = []
    for index, act in enumerate(spec.activations):
        color, dcolor, scolor = _pair_colors(spec, index, single)
        dstyle = "-" if single else "--"
        label, dlabel, slabel = _labels(act, spec, single)
        (line,) = ax.plot(*curve(act), color=color, label=label)
        lines.append(line)
        if spec.derivative:
            (dline,) = ax.plot(
                *curve(act.derivative),
                color=dcolor,
                linestyle=dstyle,
                label=dlabel,
            )
            lines.append(dline)
        if spec.second_derivative:
            (sline,) = ax.plot(
                *curve(act.second_derivative),
                color=scolor,
                linestyle=SECOND_DERIVATIVE_STYLE,
                label=slabel,
            )
            lines.append(sline)
        if spec.saturation_fraction is not None:
            _shade_saturation(ax, act, spec, dcolor, single)
        marks.append((act, dcolor if spec.derivative else color))
    if spec.mark_max_slope:
        z = np.linspace(spec.xlim[0], spec.xlim[1], spec.samples)
        ann.add_max_slopes(
            ax, marks, z, on_derivative=spec.derivative, text_color=theme.annotation
        )
    if spec.asymptotes:
        values = np.concatenate([np.asarray(line.get_ydata(), float) for line in lines])
        values = values[np.isfinite(values)]
        within = (float(values.min()), float(values.max())) if values.size else None
        ann.add_asymptotes(ax, spec.activations, color=theme.annotation, within=within)
    if spec.ylim is not None:
        ax.set_ylim(*spec.ylim)
    center_spines(ax)
    if spec.arrows:
        ann.add_arrows(ax)
    if spec.axis_labels:
        ann.add_axis_labels(ax)
    return lines
