"""Annotations on a centered-spine Axes: asymptotes, arrowheads, axis labels
and the point of maximum slope, with labels placed clear of everything else.

Nothing here places anything: each label carries candidate places around
its anchor (`label_candidates`), and `tanhplot.place` puts it in the first
that covers no curve, marker, spine or text, or hides it.
"""

from __future__ import annotations

import math
import warnings
import weakref
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import numpy as np
from matplotlib import rcParams
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.text import Annotation
from matplotlib.transforms import Transform

from .activations import Activation

__all__ = [
    "ANNOTATION_GID",
    "ASYMPTOTE_GID",
    "ASYMPTOTE_REACH",
    "MARK_GID",
    "add_arrows",
    "add_asymptotes",
    "add_axis_labels",
    "add_max_slopes",
    "asymptote_line",
    "label_candidates",
    "label_texts",
    "max_slope",
]

#: gid of every label this module places (axis labels, maximum-slope labels).
ANNOTATION_GID = "tanhplot-annotation"
#: gid of the asymptote lines.
ASYMPTOTE_GID = "tanhplot-asymptote"
#: gid of the marked points (the maximum slope).
MARK_GID = "tanhplot-mark"

HAlign = Literal["left", "center", "right"]
VAlign = Literal["top", "center", "bottom", "baseline", "center_baseline"]
#: A candidate place: offset (points) from the anchor and the text alignment.
Candidate = tuple[float, float, HAlign, VAlign]


def _fmt(value: float) -> str:
    text = f"{value:.3g}"
    return "0" if text in ("-0", "0") else text.replace("-", "−")


def max_slope(act: Activation, z: np.ndarray) -> tuple[float, float] | None:
    """Where the derivative of *act* peaks on the grid *z*, refined.

    The largest derivative value on the grid is refined by a golden-section
    search between its neighbours. On a plateau (ReLU's derivative is 1 for
    every z > 0) the plateau's beginning is returned: the first place where
    the derivative steps up to its maximum, found by bisection (ReLU: 0, not
    the first grid point after it; softshrink: lambd).

    Returns
    -------
    (float, float) or None
        ``z*`` and ``f'(z*)``; None when no point stands out: the
        derivative is at its maximum from the left end of *z* on and never
        steps up to it (identity, the step function), or it is still rising
        at an end of *z* (softplus, logsigmoid, tanhshrink: their slope
        peaks beyond the range, so its end would be marked as a maximum it
        is not).
    """
    d = np.asarray(act.derivative(z), dtype=float)
    finite = np.where(np.isfinite(d), d, -np.inf)
    i = int(np.argmax(finite))
    peak = float(finite[i])
    left, right = max(i - 1, 0), min(i + 1, len(z) - 1)
    tol = 1e-12 * max(1.0, abs(peak))

    def slope(x: float) -> float:
        return float(act.derivative(x))

    def snapped(x: float) -> float:
        # A peak is only located to ~sqrt(eps) relative: snap to 0.
        return 0.0 if abs(x) < 1e-6 * (float(z[-1]) - float(z[0])) else x

    def level_with(j: int) -> bool:
        # A neighbour as high, with nothing higher between (two grid points
        # either side of a peak are as high, and the peak rises between).
        return (
            j != i
            and finite[j] >= peak - tol
            and slope(0.5 * (float(z[i]) + float(z[j]))) <= peak + tol
        )

    def inside_end() -> float:
        # The slope just inside the end of the grid where the peak is.
        inward = 1e-6 * (float(z[-1]) - float(z[0])) * (1 if i == 0 else -1)
        return slope(float(z[i]) + inward)

    # At an end, level just inside it: a plateau reaching the end (a ramp
    # sampled coarsely), not a slope still rising.
    inside = inside_end() if i in (0, len(z) - 1) else math.nan
    if level_with(left) or level_with(right) or abs(inside - peak) <= tol:
        # A plateau: no single peak. Where does the first one, entered from
        # below, begin?
        top = finite >= peak - tol
        rises = np.flatnonzero(top[1:] & ~top[:-1])
        if rises.size == 0:
            return None
        below, at = float(z[rises[0]]), float(z[rises[0] + 1])
        for _ in range(1100):  # enough halvings to reach the float spacing
            mid = 0.5 * (below + at)
            if not below < mid < at:
                break
            if slope(mid) >= peak - tol:
                at = mid
            else:
                below = mid
        return snapped(at), peak
    if inside < peak:
        return None  # still rising at the end: its peak lies beyond
    a, b = float(z[left]), float(z[right])
    ratio = (math.sqrt(5.0) - 1.0) / 2.0

    for _ in range(80):
        c, e = b - ratio * (b - a), a + ratio * (b - a)
        if slope(c) >= slope(e):
            b = e
        else:
            a = c
        if b - a <= 1e-12 * max(1.0, abs(a)):
            break
    best = (a + b) / 2.0
    if slope(best) < peak:
        best = float(z[i])
    # Snapping may step off a one-sided peak (a jump at 0): keep the height.
    x, height = snapped(best), slope(best)
    return x, slope(x) if slope(x) >= height - tol else height


#: How far beyond the curves an asymptote is still drawn, as a share of
#: their height: further out, it would stretch the plot for an empty band
#: (relu6's 6 when z stops at 4).
ASYMPTOTE_REACH = 0.2


def add_asymptotes(
    ax: Axes,
    activations: Iterable[Activation],
    *,
    color: str,
    within: tuple[float, float] | None = None,
) -> list[Line2D]:
    """Dashed horizontal lines across the Axes at the activations' asymptotes
    (once per value); placement later breaks them around tick labels. With
    *within*, the curves' lowest and highest values, an asymptote further
    than `ASYMPTOTE_REACH` of their height beyond them is left out."""
    values = sorted({y for act in activations for y in act.asymptotes})
    if within is not None:
        low, high = within
        reach = ASYMPTOTE_REACH * (high - low)
        values = [y for y in values if low - reach <= y <= high + reach]
    return [asymptote_line(ax, y, 0.0, 1.0, color) for y in values]


def asymptote_line(ax: Axes, y: float, start: float, end: float, color: str) -> Line2D:
    """A dashed horizontal line at *y* from *start* to *end* (Axes fractions)."""
    width = max(0.75, 0.4 * float(rcParams["lines.linewidth"]))
    (line,) = ax.plot(
        [start, end],
        [y, y],
        transform=ax.get_yaxis_transform(),
        color=color,
        linewidth=width,
        linestyle=(0, (4, 3)),
        zorder=1.5,
        gid=ASYMPTOTE_GID,
        label="_nolegend_",
        scalex=False,
    )
    return line


def add_max_slopes(
    ax: Axes,
    marks: Sequence[tuple[Activation, str]],
    z: np.ndarray,
    *,
    on_derivative: bool,
    text_color: str,
) -> list[tuple[Line2D, Annotation]]:
    """Mark where the derivative of each activation of *marks* (with the
    colour of its curve) peaks, with a label such as ``max slope (0, 1)``;
    on the function's curve when *on_derivative* is false. With several
    activations each label starts with the name (``tanh: max slope (0, 1)``),
    and activations that peak at the same point share one mark, in
    *text_color*, and one label (``tanh, relu: ...``). The labels are
    placed by `tanhplot.place`. An activation with no point that stands
    out (`max_slope` is None) gets a warning and no mark."""
    groups: dict[tuple[float, float, str], list[tuple[Activation, str]]] = {}
    for act, color in marks:
        peak = max_slope(act, z)
        if peak is None:
            warnings.warn(
                f"{act.name} has no point of maximum slope to mark: "
                + _why_no_peak(act, z),
                UserWarning,
                stacklevel=2,
            )
            continue
        zs, ds = peak
        if on_derivative:
            y, text = ds, f"max slope\n({_fmt(zs)}, {_fmt(ds)})"
        else:
            y, text = float(act(zs)), f"max slope {_fmt(ds)}\nat z = {_fmt(zs)}"
        # the same label at the same point (to 1e-9): one mark
        key = (round(zs, 9) + 0.0, round(y, 9) + 0.0, text)
        groups.setdefault(key, []).append((act, color))
    named = len(marks) > 1
    placed = []
    for (zs, y, text), members in groups.items():
        names = ", ".join(act.name for act, _ in members)
        one_line = text.replace("\n", " ")
        label = f"{names}:\n{one_line}" if named else text
        color = members[0][1] if len(members) == 1 else text_color
        placed.append(_mark(ax, (zs, y), label, color, text_color))
    return placed


def _why_no_peak(act: Activation, z: np.ndarray) -> str:
    """Why `max_slope` found no point to mark, for the warning."""
    d = np.asarray(act.derivative(z), dtype=float)
    finite = np.where(np.isfinite(d), d, -np.inf)
    i = int(np.argmax(finite))
    if i == len(z) - 1 or (i == 0 and finite[1] < finite[0]):
        return (
            f"its slope still rises at z = {float(z[i]):g}, the end of the "
            "range (it peaks beyond it, if at all)"
        )
    return f"its slope is at its maximum from z = {float(z[0]):g} on"


def _mark(
    ax: Axes, xy: tuple[float, float], text: str, color: str, text_color: str
) -> tuple[Line2D, Annotation]:
    """A dot at *xy* and its label: *text* on one line, or on two where the
    newline is when one line fits nowhere."""
    size = min(1.3 * float(rcParams["lines.markersize"]) + 2.0, _dot_fits_gap())
    (marker,) = ax.plot(
        [xy[0]],
        [xy[1]],
        linestyle="none",
        marker="o",
        markersize=size,
        color=color,
        markeredgecolor=ax.get_facecolor(),
        markeredgewidth=1.0,
        zorder=4,
        label="_nolegend_",
        gid=MARK_GID,
    )
    # A thin leader line to the marker, shown when the label sits far away.
    leader = {
        "arrowstyle": "-",
        "color": text_color,
        "linewidth": 0.8,
        "shrinkA": 1.0,
        "shrinkB": size / 2 + 1.0,
    }
    label = _label(
        ax,
        text.replace("\n", " "),
        xy,
        "data",
        text_color,
        _around(6.0, 14.0, 30.0, 45.0, 70.0, 100.0) + _between(30.0, 45.0, 70.0, 100.0),
        arrowprops=leader,
        wrapped=text,
    )
    label.set_fontsize(rcParams["legend.fontsize"])
    return marker, label


def _dot_fits_gap(clearance: float = 3.0) -> float:
    """The largest marker size (points) that, centred on a spine at a tick,
    stays *clearance* points short of that tick's label (most peaks sit on
    the vertical axis, e.g. tanh' at (0, 1) beside the label "1.0")."""
    x_gap = float(rcParams["xtick.major.pad"])
    if rcParams["xtick.direction"] != "in":
        x_gap += float(rcParams["xtick.major.size"])
    y_gap = float(rcParams["ytick.major.pad"])
    if rcParams["ytick.direction"] != "in":
        y_gap += float(rcParams["ytick.major.size"])
    return 2.0 * max(min(x_gap, y_gap) - clearance, 2.0)


def add_arrows(ax: Axes) -> list[Line2D]:
    """Arrowheads at the positive ends of the bottom and left spines."""
    color = rcParams["axes.edgecolor"]
    size = _arrow_size()
    arrows = []
    for marker, spine, (x, y) in (
        (">", "bottom", (1.0, 0.0)),
        ("^", "left", (0.0, 1.0)),
    ):
        transform = _spine_transform(ax, spine)
        (arrow,) = ax.plot(
            [x],
            [y],
            marker=marker,
            linestyle="none",
            markersize=size,
            color=color,
            transform=transform,
            clip_on=False,
            zorder=2.6,
            label="_nolegend_",
        )
        arrows.append(arrow)
    return arrows


def add_axis_labels(ax: Axes, *, x: str = "$z$", y: str = "$f(z)$") -> list[Annotation]:
    """*x* at the right end of the horizontal axis, *y* at the top of the
    vertical one; `tanhplot.place` places them."""
    color = rcParams["axes.labelcolor"]
    near, far = 3.0, 3.0 + 1.5 * float(rcParams["font.size"])
    beyond = near + _arrow_size()
    x_places: list[Candidate] = [
        (beyond, 0.0, "left", "center"),
        (-near, near, "right", "bottom"),
        (-near, -near, "right", "top"),
        (-far, near, "right", "bottom"),
        (-far, -near, "right", "top"),
    ]
    y_places: list[Candidate] = [
        (0.0, beyond, "center", "bottom"),
        (near + 2, -near, "left", "top"),
        (-near - 2, -near, "right", "top"),
        (near + 2, -far, "left", "top"),
        (-near - 2, -far, "right", "top"),
    ]
    return [
        _label(ax, x, (1.0, 0.0), _spine_transform(ax, "bottom"), color, x_places),
        _label(ax, y, (0.0, 1.0), _spine_transform(ax, "left"), color, y_places),
    ]


def _arrow_size() -> float:
    """Arrowhead size in points, from the spine width."""
    return 4.0 + 2.5 * float(rcParams["axes.linewidth"])


def _around(*distances: float) -> list[Candidate]:
    """Candidate places around a point: right, above, left, below and the
    diagonals, nearest first."""
    places: list[Candidate] = []
    for d in distances:
        places += [
            (d, d, "left", "bottom"),
            (-d, d, "right", "bottom"),
            (d, -d, "left", "top"),
            (-d, -d, "right", "top"),
            (d, 0.0, "left", "center"),
            (-d, 0.0, "right", "center"),
            (0.0, d, "center", "bottom"),
            (0.0, -d, "center", "top"),
        ]
    return places


def _between(*distances: float) -> list[Candidate]:
    """More candidate places, tried after those of `_around`: the
    directions between its eight (at 30 and 60 degrees from the horizontal)."""
    places: list[Candidate] = []
    for d in distances:
        for angle in (30.0, 60.0):
            dx = d * math.cos(math.radians(angle))
            dy = d * math.sin(math.radians(angle))
            places += [
                (dx, dy, "left", "bottom"),
                (-dx, dy, "right", "bottom"),
                (dx, -dy, "left", "top"),
                (-dx, -dy, "right", "top"),
            ]
    return places


def _spine_transform(ax: Axes, spine: str) -> Transform:
    """Axes fraction along the spine, its data or axes position across it."""
    position = ax.spines[spine].get_position()
    if isinstance(position, str) or position[0] != "data":
        return ax.transAxes
    # bottom spine at data y = 0: x in axes, y in data (and the converse).
    return ax.get_yaxis_transform() if spine == "bottom" else ax.get_xaxis_transform()


def _label(
    ax: Axes,
    text: str,
    xy: tuple[float, float],
    coords: Any,
    color: str,
    candidates: list[Candidate],
    arrowprops: dict[str, Any] | None = None,
    wrapped: str | None = None,
) -> Annotation:
    """A label for `tanhplot.place`: its candidate places, tried in order, and
    *wrapped*, the text on two lines, tried in them when no place is free
    for one line."""
    dx, dy, ha, va = candidates[0]
    label = ax.annotate(
        text,
        xy=xy,
        xycoords=coords,
        xytext=(dx, dy),
        textcoords="offset points",
        ha=ha,
        va=va,
        color=color,
        gid=ANNOTATION_GID,
        zorder=5,
        arrowprops=arrowprops,
    )
    if label.arrow_patch is not None:
        label.arrow_patch.set_visible(False)  # placing shows it where needed
    _LABELS[label] = (list(candidates), [text, *([wrapped] if wrapped else [])])
    return label


#: What `tanhplot.place` needs to place each label: its candidate places and
#: its texts (one line, then wrapped), kept beside the label, not on it.
_LABELS: weakref.WeakKeyDictionary[Annotation, tuple[list[Candidate], list[str]]] = (
    weakref.WeakKeyDictionary()
)


def label_candidates(label: Annotation) -> list[Candidate]:
    """The candidate places of a label made here, nearest first (none for
    other texts)."""
    return _LABELS[label][0] if label in _LABELS else []


def label_texts(label: Annotation) -> list[str]:
    """The texts to try for a label made here: one line, then wrapped."""
    return _LABELS[label][1] if label in _LABELS else [label.get_text()]
