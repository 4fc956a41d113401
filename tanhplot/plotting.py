"""Axes-level drawing: centered spines and activation curves on a given Axes.

Nothing here creates figures or touches pyplot; `plot` draws only into the
Axes it is given and returns the lines it drew.
"""

from __future__ import annotations

from typing import Any, Literal, cast

import numpy as np
from matplotlib import patheffects, rcParams
from matplotlib.axes import Axes
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.ticker import ScalarFormatter
from matplotlib.transforms import Bbox

from . import annotate as ann
from .activations import Activation
from .layout import collect_obstacles
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

    def set_locs(self, locs: Any) -> None:
        values = np.asarray(locs, dtype=float)
        diffs = np.abs(np.diff(values))
        self._step = float(np.min(diffs)) if diffs.size else 1.0
        super().set_locs(locs)

    def __call__(self, x: float, pos: int | None = None) -> str:
        if abs(x) < 1e-9 * self._step:
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
    without drawing the figure."""
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


def _place_legend(ax: Axes, loc: str, linewidth_px: float) -> None:
    """Draw the legend at *loc*; ``"auto"`` picks the first place that covers no
    curve, spine or label, adding headroom above the curves when none is free."""
    if loc != "auto":
        _legend(ax, loc)
        return
    for _attempt in range(4):
        obstacles = collect_obstacles(ax)
        for candidate in _LEGEND_CANDIDATES:
            legend = _legend(ax, candidate)
            box: Bbox = legend.get_window_extent()
            if not obstacles.hit(box, pad=linewidth_px):
                return
            legend.remove()
        # No free corner: make room above the curves and try again.
        low, high = ax.get_ylim()
        ax.set_ylim(low, high + 0.25 * (high - low))
        center_spines(ax)
        _layout_ticks(ax)
        _place_origin_label(ax)
    _legend(ax, "best")


def _labels(act: Activation, spec: FigureSpec, single: bool) -> tuple[str, str]:
    """Legend texts of *act* and its derivative."""
    if spec.labels == "formula":
        return f"${act.short_latex}$", f"${act.derivative_short_latex}$"
    return act.label, "derivative" if single else f"{act.label}′"


def _pair_colors(spec: FigureSpec, index: int, single: bool) -> tuple[str, str]:
    """Function and derivative colours: the theme's pair for one activation,
    else the style's colour cycle."""
    if single:
        colors = THEME_COLORS[spec.theme]
        return colors.function, colors.derivative
    cycle = rcParams["axes.prop_cycle"].by_key().get("color", list(SEED_COLORS))
    color = to_hex(cycle[index % len(cycle)], keep_alpha=True)
    return color, color


def _draw(ax: Axes, spec: FigureSpec) -> list[Line2D]:
    """Draw *spec*'s curves on *ax* (the shared path of `plot` and `figure`)."""
    lines = _draw_curves(ax, spec)
    _place_texts(ax, spec, lines)
    return lines


def _draw_curves(ax: Axes, spec: FigureSpec) -> list[Line2D]:
    """Everything of `_draw` but placing texts and the legend: curves,
    annotations, limits and spines."""
    z = np.linspace(spec.xlim[0], spec.xlim[1], spec.samples)
    single = len(spec.activations) == 1
    theme = THEME_COLORS[spec.theme]
    lines: list[Line2D] = []
    for index, act in enumerate(spec.activations):
        color, dcolor = _pair_colors(spec, index, single)
        dstyle = "-" if single else "--"
        label, dlabel = _labels(act, spec, single)
        (line,) = ax.plot(z, act(z), color=color, label=label)
        lines.append(line)
        if spec.derivative:
            (dline,) = ax.plot(
                z, act.derivative(z), color=dcolor, linestyle=dstyle, label=dlabel
            )
            lines.append(dline)
        if spec.mark_max_slope:
            ann.add_max_slope(
                ax,
                act,
                z,
                on_derivative=spec.derivative,
                color=dcolor if spec.derivative else color,
                text_color=theme.annotation,
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
    ax: Axes, spec: FigureSpec, lines: list[Line2D], *, drawn: bool = False
) -> None:
    """Place the origin's "0", the annotation labels and the legend, each
    clear of what is already there. *drawn*: the figure was just drawn with
    these limits and positions, so tick labels are in place."""
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
    if not drawn:
        _layout_ticks(ax)  # tick labels and their places
    _place_origin_label(ax)
    ann.gap_asymptotes(ax)
    ann.place_labels(ax)
    for _attempt in range(2):
        hidden = [
            t
            for t in ax.texts
            if t.get_gid() == ann.ANNOTATION_GID and not t.get_visible()
        ]
        if not hidden or spec.ylim is not None:
            break
        # No room for a label: add headroom above the curves and try again.
        low, high = ax.get_ylim()
        ax.set_ylim(low, high + 0.2 * (high - low))
        center_spines(ax)
        _layout_ticks(ax)
        _place_origin_label(ax)
        ann.gap_asymptotes(ax)
        ann.place_labels(ax)
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
            ann.place_labels(ax, avoid=[box])


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
        the legend covers no curve, spine or tick label.

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
