"""Axes-level drawing: centered spines and activation curves on a given Axes.

Nothing here creates figures or touches pyplot; `plot` draws only into the
Axes it is given and returns the lines it drew.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any, Literal, cast

import numpy as np
from matplotlib import patheffects, rcParams
from matplotlib.axes import Axes
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.ticker import ScalarFormatter
from matplotlib.transforms import Bbox, ScaledTranslation
from numpy.typing import NDArray

from . import annotate as ann
from .activations import MAX_NUMBER, Activation
from .layout import _drawn_tick_labels, _marker_boxes, collect_obstacles
from .spec import FigureSpec
from .themes import SEED_COLORS, THEME_COLORS

__all__ = ["SEED_COLORS", "center_spines", "plot"]

#: Tried in this order by ``legend_loc="auto"``.
_LEGEND_CANDIDATES = (
    "upper left",
    "upper right",
    "lower right",
    "lower left",
    "center left",
    "center right",
    "upper center",
    "lower center",
)
ORIGIN_LABEL_GID = "tanhplot-origin-label"


class _NoZeroFormatter(ScalarFormatter):
    """The default tick formatter, with the label at 0 left empty.

    With spines through the origin, the "0" of each axis would sit on the
    other axis line; `center_spines` draws a single "0" beside the origin.
    """

    _step = 1.0

    def __init__(self) -> None:
        super().__init__()
        #: Tick values whose label is left empty too (see `_layout_ticks`).
        self.hidden: set[float] = set()

    def set_locs(self, locs: Any) -> None:
        values = np.asarray(locs, dtype=float)
        diffs = np.abs(np.diff(values))
        self._step = float(np.min(diffs)) if diffs.size else 1.0
        super().set_locs(locs)

    def __call__(self, x: float, pos: int | None = None) -> str:
        tol = 1e-9 * self._step
        if abs(x) < tol or any(abs(x - value) < tol for value in self.hidden):
            return ""
        return str(super().__call__(x, pos))


def _contains_zero(limits: tuple[float, float]) -> bool:
    low, high = sorted(limits)
    return low < 0.0 < high


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
    x_through = _contains_zero(ax.get_ylim())  # bottom spine at y = 0
    y_through = _contains_zero(ax.get_xlim())  # left spine at x = 0
    ax.spines["left"].set_position(("data", 0.0) if y_through else ("axes", 0.0))
    ax.spines["bottom"].set_position(("data", 0.0) if x_through else ("axes", 0.0))
    ax.spines["right"].set_visible(False)
    ax.spines["top"].set_visible(False)
    ax.xaxis.set_ticks_position("bottom")
    ax.yaxis.set_ticks_position("left")
    ax.set_axisbelow(False)  # axis lines and tick labels above the curves
    for text in [t for t in ax.texts if t.get_gid() == ORIGIN_LABEL_GID]:
        text.remove()
    if x_through and y_through:
        ax.xaxis.set_major_formatter(_NoZeroFormatter())
        ax.yaxis.set_major_formatter(_NoZeroFormatter())
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
    _add_halos(ax)


def _add_halos(ax: Axes) -> None:
    """Outline tick labels in the background colour so that a curve passing
    behind a label does not run through its digits."""
    background = to_rgba(ax.get_facecolor())
    if background[3] == 0:
        return
    halo: list[patheffects.AbstractPathEffect] = [
        patheffects.withStroke(linewidth=3, foreground=background)
    ]
    texts = [t for t in ax.texts if t.get_gid() == ORIGIN_LABEL_GID]
    for axis in (ax.xaxis, ax.yaxis):
        # Ticks made later copy their label's properties from the first one.
        texts.extend(tick.label1 for tick in axis.majorTicks)
    for text in texts:
        text.set_path_effects(halo)


def _tick_label_color() -> str:
    color = rcParams["xtick.labelcolor"]
    return str(rcParams["xtick.color"] if color == "inherit" else color)


def _place_origin_label(ax: Axes) -> None:
    """Put the origin's "0" in the first corner around the origin that is free."""
    labels = [t for t in ax.texts if t.get_gid() == ORIGIN_LABEL_GID]
    if not labels:
        return
    label = labels[0]
    label.set_visible(False)
    obstacles = collect_obstacles(ax)
    label.set_visible(True)
    # Below the axis, the label sits in the row of the x tick labels.
    gap = 4.0  # points
    below = rcParams["xtick.major.size"] + rcParams["xtick.major.pad"]
    corners: tuple[
        tuple[float, float, Literal["left", "right"], Literal["top", "bottom"]], ...
    ] = (
        (-gap, -below, "right", "top"),
        (gap, -below, "left", "top"),
        (-gap, gap, "right", "bottom"),
        (gap, gap, "left", "bottom"),
    )
    for dx, dy, ha, va in corners:
        label.set_position((dx, dy))
        label.set_horizontalalignment(ha)
        label.set_verticalalignment(va)
        box = label.get_window_extent()
        if not obstacles.hit(box, pad=2.0):
            return
    label.set_visible(False)  # nowhere free: no label beats a collision


def _root_figure(ax: Axes) -> Figure:
    figure = ax.get_figure(root=True)
    if figure is None:
        raise ValueError("the Axes is not part of a figure")
    return figure


def _layout_ticks(ax: Axes) -> None:
    """Give the tick labels their final text and place, as a draw would,
    without drawing the figure (see also `_clear_crossing_tick_labels`)."""
    for axis in (ax.xaxis, ax.yaxis):
        formatter = axis.get_major_formatter()
        if isinstance(formatter, _NoZeroFormatter):
            formatter.hidden.clear()
    _update_ticks(ax)
    _clear_crossing_tick_labels(ax)
    _clear_tick_labels_under_marks(ax)


def _clear_tick_labels_under_marks(ax: Axes) -> None:
    """Leave a tick label empty that a marked point (the maximum slope) lies
    on: hardtanh's (-1, 1) in a small panel sits on the "1.0" left of the y
    axis. The mark's own label gives the value. Needs tick labels in place."""
    marks = list(_marker_boxes(ax, gid=ann.MARK_GID))
    if not marks:
        return
    changed = False
    for axis, index in ((ax.xaxis, 0), (ax.yaxis, 1)):
        formatter = axis.get_major_formatter()
        if not isinstance(formatter, _NoZeroFormatter):
            continue
        name: Literal["x", "y"] = "x" if index == 0 else "y"
        for label in _drawn_tick_labels(ax, name):
            if label.get_text() and any(
                label.get_window_extent().overlaps(box) for box in marks
            ):
                formatter.hidden.add(float(label.get_position()[index]))
                changed = True
    if changed:
        _update_ticks(ax)


def _clear_crossing_tick_labels(ax: Axes) -> None:
    """With both spines through the origin, leave a y tick label empty that
    runs into an x tick label: in a small panel, "-2.5" below the x axis and
    "-2.5" left of the y axis can meet in the lower left quadrant. Needs tick
    labels in place."""
    formatter = ax.yaxis.get_major_formatter()
    if not isinstance(formatter, _NoZeroFormatter) or not _may_cross(ax):
        return
    x_boxes = [
        t.get_window_extent() for t in _drawn_tick_labels(ax, "x") if t.get_text()
    ]
    y_labels = [
        (float(t.get_position()[1]), t.get_window_extent())
        for t in _drawn_tick_labels(ax, "y")
        if t.get_text()
    ]
    crossing = {
        value
        for value, box in y_labels
        if any(box.overlaps(other) for other in x_boxes)
    }
    if crossing:
        formatter.hidden |= crossing
        _update_ticks(ax)


def _may_cross(ax: Axes) -> bool:
    """A cheap test, before measuring any label: whether a y tick label
    reaches (generously estimated) into the row of x tick labels below the
    x axis through the origin."""
    xlabel = ax.xaxis.majorTicks[0].label1
    ylabel = ax.yaxis.majorTicks[0].label1
    px = _root_figure(ax).dpi / 72.0
    # The x tick labels hang from this height (their transform holds the pad).
    top = float(xlabel.get_transform().transform(xlabel.get_position())[1])
    bottom = top - 1.5 * float(xlabel.get_fontsize()) * px
    half = 0.75 * float(ylabel.get_fontsize()) * px
    low, high = sorted(ax.get_ylim())
    values = [v for v in ax.yaxis.get_majorticklocs() if low <= v <= high and v]
    if not values:
        return False
    ys = ax.transData.transform([(0.0, v) for v in values])[:, 1]
    return bool(np.any((ys - half < top) & (ys + half > bottom)))


def _update_ticks(ax: Axes) -> None:
    figure = _root_figure(ax)
    get_renderer = getattr(figure.canvas, "get_renderer", None)
    if get_renderer is None:
        figure.draw_without_rendering()
        return
    renderer = get_renderer()
    ax.xaxis.get_tightbbox(renderer)
    ax.yaxis.get_tightbbox(renderer)


def _legend(ax: Axes, loc: str) -> Legend:
    # *loc* is validated against LEGEND_LOCATIONS by FigureSpec.
    return ax.legend(loc=cast(Any, loc))


#: Headroom added above the curves per attempt, as a share of the height,
#: and the number of attempts before the legend goes outside the Axes.
_HEADROOM = 0.25
_HEADROOM_ATTEMPTS = 2
#: Points between an outside legend and what it sits above, and between it
#: and the figure's edge.
_OUTSIDE_GAP = 4.0
#: Legend font sizes tried, as shares of ``legend.fontsize``, when even one
#: column is wider than the figure.
_OUTSIDE_FONT_SHARES = (1.0, 0.9, 0.8, 0.7)


def _place_legend(ax: Axes, loc: str, linewidth_px: float) -> None:
    """Draw the legend at *loc*. ``"auto"`` picks the first place inside the
    Axes that covers no curve, spine, marker or text, adding some headroom
    above the curves when that can free an upper corner; failing that, the
    legend goes above the Axes (see `_outside_legend`)."""
    if loc != "auto":
        _legend(ax, loc)
        return
    limits = ax.get_ylim()
    for attempt in range(_HEADROOM_ATTEMPTS + 1):
        obstacles = collect_obstacles(ax)
        for candidate in _LEGEND_CANDIDATES:
            legend = _legend(ax, candidate)
            box: Bbox = legend.get_window_extent()
            if not obstacles.hit(box, pad=linewidth_px):
                return
            legend.remove()
        if attempt == _HEADROOM_ATTEMPTS or not _headroom_can_help(ax, linewidth_px):
            break
        # No free place: make room above the curves and try again.
        low, high = ax.get_ylim()
        ax.set_ylim(low, high + _HEADROOM * (high - low))
        _relayout(ax)
    if ax.get_ylim() != limits:
        ax.set_ylim(*limits)
        _relayout(ax)
    _outside_legend(ax)


def _relayout(ax: Axes) -> None:
    """Spines, tick labels and the origin's label after the limits changed."""
    center_spines(ax)
    _layout_ticks(ax)
    _place_origin_label(ax)


def _headroom_can_help(ax: Axes, pad: float) -> bool:
    """Whether the legend fits in an upper corner beside the vertical axis
    (its spine and tick labels), which headroom does not move away."""
    spine = ax.spines["left"]
    band = [spine.get_window_extent()] if spine.get_visible() else []
    band += [t.get_window_extent() for t in ax.get_yticklabels() if t.get_text()]
    if not band:
        return True
    left = min(b.x0 for b in band) - pad
    right = max(b.x1 for b in band) + pad
    for corner in ("upper left", "upper right"):
        legend = _legend(ax, corner)
        box = legend.get_window_extent()
        legend.remove()
        if box.x1 < left or box.x0 > right:
            return True
    return False


def _outside_legend(ax: Axes) -> None:
    """Put the legend above the Axes, clear of everything that sticks out of
    their top (the y axis's label, its arrowhead, tick labels), and lower the
    top of the Axes so that the legend and the title stay inside the figure.

    Entries go side by side when they fit the figure's width, else in fewer
    columns; when even one column is too wide, the legend's font shrinks (to
    70% at most). The labels placed on the Axes are placed again for the new
    height.
    """
    figure = _root_figure(ax)
    handles, texts = ax.get_legend_handles_labels()
    room = figure.bbox.width - 2 * _OUTSIDE_GAP * figure.dpi / 72.0
    fontsize = FontProperties(size=rcParams["legend.fontsize"]).get_size_in_points()
    legend: Legend | None = None
    for share in _OUTSIDE_FONT_SHARES:
        for ncols in range(len(texts), 0, -1):
            if legend is not None:
                legend.remove()
            legend = ax.legend(
                handles,
                texts,
                loc="lower center",
                bbox_to_anchor=(0.5, 1.0),
                borderaxespad=0.0,
                ncols=ncols,
                fontsize=share * fontsize,
            )
            if legend.get_window_extent().width <= room:
                break
        else:
            continue
        break
    if legend is None:
        return
    title = ax.title if ax.title.get_visible() and ax.title.get_text() else None
    gap = _OUTSIDE_GAP * figure.dpi / 72.0
    # A layout engine (constrained, tight) makes room at the next draw.
    engine = figure.get_layout_engine()
    shrink = engine is None or isinstance(engine, PlaceHolderLayoutEngine)
    for attempt in range(4):
        _layout_ticks(ax)
        _place_origin_label(ax)
        ann.gap_asymptotes(ax)
        ann.place_labels(ax)
        tops = [b.y1 for b in collect_obstacles(ax).boxes if b.y0 < figure.bbox.y1]
        lift = max([ax.bbox.y1, *tops]) - ax.bbox.y1 + gap
        box = _anchor_above(legend, ax, lift)
        if title is not None:
            ax.set_title(
                title.get_text(), pad=(lift + box.height + gap) * 72.0 / figure.dpi
            )
            box = Bbox.union([box, title.get_window_extent()])
        excess = box.y1 - (figure.bbox.y1 - gap)
        if excess <= 0.5 or not shrink or attempt == 3:
            return
        # Lower the top of the Axes to make room.
        x0, y0, width, height = ax.get_position().bounds
        ax.set_position((x0, y0, width, height - excess / figure.bbox.height))


def _anchor_above(legend: Legend, ax: Axes, lift: float) -> Bbox:
    """Centre *legend* *lift* pixels above the Axes, moved sideways as far as
    needed to stay inside the figure; its box."""
    figure = _root_figure(ax)
    gap = _OUTSIDE_GAP * figure.dpi / 72.0
    left, right = figure.bbox.x0 + gap, figure.bbox.x1 - gap
    dx = 0.0
    while True:
        offset = ScaledTranslation(
            dx / figure.dpi, lift / figure.dpi, figure.dpi_scale_trans
        )
        legend.set_bbox_to_anchor((0.5, 1.0), transform=ax.transAxes + offset)
        box = legend.get_window_extent()
        if dx != 0.0 or box.width > right - left:
            return box
        if box.x0 < left:
            dx = left - box.x0
        elif box.x1 > right:
            dx = right - box.x1
        else:
            return box


def _labels(act: Activation, spec: FigureSpec, single: bool) -> tuple[str, str]:
    """Legend texts of *act* and its derivative."""
    if spec.labels == "formula":
        return f"${act.short_latex}$", f"${act.derivative_short_latex}$"
    return act.label, "derivative" if single else f"{act.label}′"


def _color_cycle() -> list[Any]:
    return list(rcParams["axes.prop_cycle"].by_key().get("color", SEED_COLORS))


def _pair_colors(spec: FigureSpec, index: int, single: bool) -> tuple[str, str]:
    """Function and derivative colours: the theme's pair for one activation,
    else the style's colour cycle."""
    if single:
        colors = THEME_COLORS[spec.theme]
        return colors.function, colors.derivative
    cycle = _color_cycle()
    color = to_hex(cycle[index % len(cycle)], keep_alpha=True)
    return color, color


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


def _draw(ax: Axes, spec: FigureSpec) -> list[Line2D]:
    """Draw *spec*'s curves on *ax* (the shared path of `plot` and `figure`)."""
    lines = _draw_curves(ax, spec)
    _place_texts(ax, spec, lines)
    return lines


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
    resolution: if it does not shrink, it is a jump, and the curve gets the
    values on both sides of it with a gap (NaN) between them. A steep but
    continuous stretch shrinks under bisection and is drawn as it is. All
    steps are bisected together, one evaluation of *fn* per halving (about
    60 calls however many steps there are).

    Values beyond `MAX_NUMBER` in size (and infinities) are left out, as
    NaN: matplotlib cannot lay out an axis that reaches beyond the float
    range, and such values are not drawable anyway.
    """

    def values(x: NDArray[np.float64]) -> NDArray[np.float64]:
        out = np.broadcast_to(np.asarray(fn(x), dtype=np.float64), x.shape)
        return np.where(np.abs(out) <= MAX_NUMBER, out, np.nan)

    y = values(z)
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
        m = 0.5 * (a + b)
        active = np.nonzero((a < m) & (m < b))[0]
        if not active.size:
            break
        mid = m[active]
        ym = values(mid)
        left = np.abs(ym - ya[active]) >= np.abs(yb[active] - ym)
        # The jump is in [a, m] (left) or in [m, b].
        to_b, to_a = active[left], active[~left]
        b[to_b], yb[to_b] = mid[left], ym[left]
        a[to_a], ya[to_a] = mid[~left], ym[~left]
    jumps = np.abs(yb - ya) > 0.5 * jump
    if not jumps.any():
        return z, y
    xs: list[float] = []
    ys: list[float] = []
    start = 0
    for k in np.nonzero(jumps)[0]:
        i = int(index[k])
        xs.extend([*z[start : i + 1], a[k], np.nan, b[k]])
        ys.extend([*y[start : i + 1], ya[k], np.nan, yb[k]])
        start = i + 1
    xs.extend(z[start:])
    ys.extend(y[start:])
    return np.asarray(xs), np.asarray(ys)


def _draw_curves(ax: Axes, spec: FigureSpec) -> list[Line2D]:
    """Everything of `_draw` but placing texts and the legend: curves,
    annotations, limits and spines."""
    z = np.linspace(spec.xlim[0], spec.xlim[1], spec.samples)
    single = len(spec.activations) == 1
    _warn_if_colours_repeat(len(spec.activations))
    theme = THEME_COLORS[spec.theme]
    lines: list[Line2D] = []
    marks: list[tuple[Activation, str]] = []
    for index, act in enumerate(spec.activations):
        color, dcolor = _pair_colors(spec, index, single)
        dstyle = "-" if single else "--"
        label, dlabel = _labels(act, spec, single)
        (line,) = ax.plot(*sample(act, z), color=color, label=label)
        lines.append(line)
        if spec.derivative:
            (dline,) = ax.plot(
                *sample(act.derivative, z),
                color=dcolor,
                linestyle=dstyle,
                label=dlabel,
            )
            lines.append(dline)
        marks.append((act, dcolor if spec.derivative else color))
    if spec.mark_max_slope:
        ann.add_max_slopes(
            ax, marks, z, on_derivative=spec.derivative, text_color=theme.annotation
        )
    if spec.asymptotes:
        ann.add_asymptotes(ax, spec.activations, color=theme.annotation)
    if spec.ylim is not None:
        ax.set_ylim(*spec.ylim)
    center_spines(ax)
    if spec.arrows:
        ann.add_arrows(ax)
    if spec.axis_labels:
        ann.add_axis_labels(ax)
    return lines


def _place_texts(
    ax: Axes,
    spec: FigureSpec,
    lines: list[Line2D],
    *,
    drawn: bool = False,
    avoid: Sequence[Bbox] = (),
) -> None:
    """Place the origin's "0", the annotation labels and the legend, each
    clear of what is already there. *drawn*: the figure was just drawn with
    these limits and positions, so tick labels are in place. *avoid*: more
    places the annotation labels must keep off (a grid's other panels)."""
    placed = any(
        t.get_gid() in (ORIGIN_LABEL_GID, ann.ANNOTATION_GID) for t in ax.texts
    )
    legend = spec.legend and bool(lines)
    if not (legend or placed):
        return
    old_legend = ax.get_legend()
    if old_legend is not None:
        old_legend.remove()
    figure = _root_figure(ax)
    if drawn:
        _clear_crossing_tick_labels(ax)
        _clear_tick_labels_under_marks(ax)
    else:
        _layout_ticks(ax)  # tick labels and their places
    _place_origin_label(ax)
    ann.gap_asymptotes(ax)
    ann.place_labels(ax, avoid=avoid)
    # When a label finds no room, add headroom above the curves (twice at
    # most) and keep the least headroom that shows the most labels.
    tried = [(_hidden_labels(ax), ax.get_ylim())]
    while tried[-1][0] and spec.ylim is None and len(tried) < 3:
        low, high = ax.get_ylim()
        ax.set_ylim(low, high + 0.2 * (high - low))
        _place_annotations(ax, avoid)
        tried.append((_hidden_labels(ax), ax.get_ylim()))
    best = min(tried, key=lambda attempt: attempt[0])
    if best is not tried[-1]:
        ax.set_ylim(*best[1])
        _place_annotations(ax, avoid)
    if legend:
        limits = ax.get_ylim()
        widest = max(line.get_linewidth() for line in lines)
        _place_legend(ax, spec.legend_loc, widest * figure.dpi / 72.0)
        placed_legend = ax.get_legend()
        if ax.get_ylim() != limits and placed_legend is not None:
            # Headroom was added for the legend: the curves moved.
            _layout_ticks(ax)
            box = placed_legend.get_window_extent()
            ann.gap_asymptotes(ax)
            ann.place_labels(ax, avoid=[box, *avoid])


def _hidden_labels(ax: Axes) -> int:
    """How many annotation labels found no free place."""
    return sum(
        t.get_gid() == ann.ANNOTATION_GID and not t.get_visible() for t in ax.texts
    )


def _place_annotations(ax: Axes, avoid: Sequence[Bbox] = ()) -> None:
    """Spines, tick labels, the origin's label, asymptote gaps and annotation
    labels (clear of *avoid*) for the current limits."""
    _relayout(ax)
    ann.gap_asymptotes(ax)
    ann.place_labels(ax, avoid=avoid)


def plot(
    ax: Axes,
    *activations: str | Activation,
    derivative: bool = True,
    xlim: tuple[float, float] = (-4.0, 4.0),
    ylim: tuple[float, float] | None = None,
    samples: int = 801,
    legend: bool = True,
    legend_loc: str = "auto",
) -> list[Line2D]:
    """Draw activations (and their derivatives) on *ax* with centered spines.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The Axes to draw on; nothing else is touched.
    *activations : str or Activation
        Names such as ``"tanh"`` or ``"leaky_relu(negative_slope=0.1)"``, or
        `Activation` objects. Default: tanh.
    derivative : bool, default True
        Also draw each derivative (dashed, in the function's colour, when
        several activations are drawn).
    xlim : (float, float), default (-4, 4)
        The z range; both ends are sampled.
    ylim : (float, float), optional
        The vertical range; by default it fits the curves.
    samples : int, default 801
        Evenly spaced z values, ends included.
    legend : bool, default True
        Draw a legend.
    legend_loc : str, default "auto"
        A matplotlib legend location, or ``"auto"``: the first corner where
        the legend covers no curve, spine, marker or label (after adding
        some headroom if that helps), else above the Axes, whose top is
        lowered to make room when the figure has no layout engine.

    Returns
    -------
    list of matplotlib.lines.Line2D
        The lines drawn: each function followed by its derivative.
    """
    spec = FigureSpec(
        activations=activations or ("tanh",),  # type: ignore[arg-type]
        derivative=derivative,
        xlim=xlim,
        ylim=ylim,
        samples=samples,
        legend=legend,
        legend_loc=legend_loc,
    )
    return _draw(ax, spec)
