"""Axes-level drawing: centered spines and activation curves on a given Axes.

Nothing here creates figures or touches pyplot; `plot` draws only into the
Axes it is given and returns the lines it drew.
"""

from __future__ import annotations

from typing import Any, Literal, cast

import numpy as np
from matplotlib import patheffects, rcParams
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.ticker import ScalarFormatter
from matplotlib.transforms import Bbox

from .activations import Activation
from .layout import collect_obstacles
from .spec import FigureSpec

__all__ = ["SEED_COLORS", "center_spines", "plot"]

#: The seed figure's colours: function, derivative (used for one activation).
SEED_COLORS = ("#307EC7", "#9621E2")

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


def _draw(ax: Axes, spec: FigureSpec) -> list[Line2D]:
    """Draw *spec*'s curves on *ax* (the shared path of `plot` and `figure`)."""
    z = np.linspace(spec.xlim[0], spec.xlim[1], spec.samples)
    single = len(spec.activations) == 1
    cycle = rcParams["axes.prop_cycle"].by_key().get("color", list(SEED_COLORS))
    lines: list[Line2D] = []
    for index, act in enumerate(spec.activations):
        if single:
            color, dcolor, dstyle = SEED_COLORS[0], SEED_COLORS[1], "-"
            dlabel = "derivative"
        else:
            color = dcolor = cycle[index % len(cycle)]
            dstyle = "--"
            dlabel = f"{act.label}′"
        (line,) = ax.plot(z, act(z), color=color, label=act.label)
        lines.append(line)
        if spec.derivative:
            (dline,) = ax.plot(
                z, act.derivative(z), color=dcolor, linestyle=dstyle, label=dlabel
            )
            lines.append(dline)
    if spec.ylim is not None:
        ax.set_ylim(*spec.ylim)
    center_spines(ax)
    if spec.legend or any(t.get_gid() == ORIGIN_LABEL_GID for t in ax.texts):
        _layout_ticks(ax)
        _place_origin_label(ax)
    if spec.legend:
        widest = max(line.get_linewidth() for line in lines)
        _place_legend(ax, spec.legend_loc, widest * _root_figure(ax).dpi / 72.0)
    return lines


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
