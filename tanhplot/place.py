"""Placement: one pass that puts every movable text of a figure where it
covers no curve, spine, marker or other text.

Drawing code (`tanhplot.plotting`, `tanhplot.annotate`) makes artists and
nothing else; `place_figure` then places, for each Axes, the tick labels, the
origin's "0", the annotation labels and the legend. Everything here works in
display coordinates on Axes whose limits are final.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal, cast

import numpy as np
from matplotlib import rcParams
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis, Tick
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.path import Path
from matplotlib.text import Annotation, Text
from matplotlib.ticker import FixedLocator, Locator, MaxNLocator
from matplotlib.transforms import Bbox, BboxBase, ScaledTranslation

from . import annotate as ann
from .plotting import (
    ORIGIN_LABEL_GID,
    InViewLocator,
    TickFormatter,
    center_spines,
    in_view,
)
from .spec import FigureSpec

__all__ = [
    "Obstacles",
    "collect_obstacles",
    "curve_runs",
    "drawn_tick_labels",
    "marker_boxes",
    "place_axes",
    "place_figure",
    "refresh_ticks",
    "run_layout",
    "shared_legend",
]


class Obstacles:
    """What a new box on an Axes must not touch: curve paths, and the boxes of
    markers and of texts (more places to keep off go into *texts*)."""

    def __init__(
        self, paths: Sequence[Path], markers: Sequence[Bbox], texts: Sequence[Bbox]
    ) -> None:
        self.paths = list(paths)
        self.markers = list(markers)
        self.texts = list(texts)

    @property
    def boxes(self) -> list[Bbox]:
        """The marker and text boxes."""
        return [*self.markers, *self.texts]

    def hit(self, box: Bbox, pad: float = 0.0) -> bool:
        """True when *box*, grown by *pad* pixels, touches any obstacle."""
        grown = box.padded(pad) if pad else box
        if any(path.intersects_bbox(grown, filled=False) for path in self.paths):
            return True
        return any(grown.overlaps(other) for other in self.boxes)


def _line_paths(ax: Axes, *, asymptotes: bool = True) -> Iterable[Path]:
    """Each visible line in display coordinates, one path per unbroken run (a
    gap, NaN, e.g. at a jump, is no segment), simplified the way the renderer
    simplifies it (to ~1/9 pixel: a million samples become a few hundred
    vertices). Asymptote lines only with *asymptotes*."""
    for line in ax.get_lines():
        if not asymptotes and line.get_gid() == ann.ASYMPTOTE_GID:
            continue
        if line.get_visible():
            yield from curve_runs(line)


#: The runs of a line, while its data and its place on the figure stay the
#: same: placing labels measures the curves ~100 times, mostly unchanged.
_RUNS: weakref.WeakKeyDictionary[Line2D, tuple[Path, bytes, list[Path]]] = (
    weakref.WeakKeyDictionary()
)


def curve_runs(line: Line2D) -> list[Path]:
    transform = line.get_transform()
    source = line.get_path()  # a new Path whenever the data change
    matrix = transform.get_affine().get_matrix().tobytes()
    cached = _RUNS.get(line)
    if transform.is_affine and cached and cached[0] is source and cached[1] == matrix:
        return cached[2]
    path = transform.transform_path_non_affine(source).cleaned(
        transform=transform.get_affine(), remove_nans=True, simplify=True
    )
    # `Path.intersects_bbox` joins across moves: one path per run.
    codes = np.asarray(path.codes)
    keep = codes != Path.STOP
    vertices, codes = np.asarray(path.vertices)[keep], codes[keep]
    starts = [*np.flatnonzero(codes == Path.MOVETO), len(codes)]
    runs = [
        Path(vertices[start:stop])
        for start, stop in itertools.pairwise(starts)
        if stop - start > 1
    ]
    _RUNS[line] = (source, matrix, runs)
    return runs


_NO_MARKER = (None, "None", "none", "", " ")


def marker_boxes(ax: Axes, gid: str | None = None) -> Iterable[Bbox]:
    """A box around every marker (e.g. a marked point or an arrowhead), or
    every marker of the lines with *gid*."""
    figure = ax.get_figure(root=True)
    dpi = figure.dpi if figure is not None else 72.0
    for line in ax.get_lines():
        if not line.get_visible() or line.get_marker() in _NO_MARKER:
            continue
        if gid is not None and line.get_gid() != gid:
            continue
        half = (line.get_markersize() + line.get_markeredgewidth()) / 2 * dpi / 72
        for x, y in line.get_transform().transform(np.asarray(line.get_xydata())):
            yield Bbox.from_extents(x - half, y - half, x + half, y + half)


def drawn_tick_labels(
    ax: Axes, axes: Literal["x", "y", "both"] = "both"
) -> Iterable[Text]:
    """Tick labels that are drawn: those of ticks inside the view limits
    (``get_xticklabels`` also returns labels of ticks beyond them), of the x
    axis, the y axis or both."""
    for name, labels, limits, index in (
        ("x", ax.get_xticklabels(), ax.get_xlim(), 0),
        ("y", ax.get_yticklabels(), ax.get_ylim(), 1),
    ):
        if axes not in (name, "both"):
            continue
        low, high = sorted(limits)
        slack = 1e-9 * (high - low)
        for label in labels:
            if low - slack <= label.get_position()[index] <= high + slack:
                yield label


def collect_obstacles(
    ax: Axes, *, include_text: bool = True, asymptotes: bool = True
) -> Obstacles:
    """Curves, markers, visible spines and (after a draw) non-empty texts of
    *ax*; asymptote lines with *asymptotes* (tick labels cut them instead,
    see `gap_asymptotes`)."""
    paths = list(_line_paths(ax, asymptotes=asymptotes))
    for spine in ax.spines.values():
        if spine.get_visible():
            paths.append(spine.get_transform().transform_path(spine.get_path()))
    texts: list[Bbox] = []
    if include_text:
        labels = [*drawn_tick_labels(ax), *ax.texts]
        for text in labels:
            if text.get_visible() and text.get_text():
                texts.append(text.get_window_extent())
    return Obstacles(paths, list(marker_boxes(ax)), texts)


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


def _place_origin_label(ax: Axes) -> None:
    """Put the origin's "0" in the first corner around the origin that is
    free and inside the figure."""
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
    inside = _root_figure(ax).bbox
    for dx, dy, ha, va in corners:
        label.set_position((dx, dy))
        label.set_horizontalalignment(ha)
        label.set_verticalalignment(va)
        box = label.get_window_extent()
        if _contains(inside, box) and not obstacles.hit(
            box, pad=max(2.0, _stroke_pad(ax))
        ):
            return
    label.set_visible(False)  # nowhere free: no label beats a collision


def _root_figure(ax: Axes) -> Figure:
    figure = ax.get_figure(root=True)
    if figure is None:
        raise ValueError("the Axes is not part of a figure")
    return figure


#: Tick label sides: 1 left of / below the axis line, 2 right of / above it,
#: 0 no label.
Side = Literal[0, 1, 2]
#: Tick densities tried, in this order, when the ticks the locator chose
#: leave a half-axis with fewer than two labels that cover nothing.
_TICK_BINS = (None, 4, 3, 6, 8, 10, 12)
#: Tick steps allowed in those (times a power of ten), as matplotlib's
#: automatic ticks have.
_TICK_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)
#: A half-axis holding at least this share of the axis's range keeps at
#: least two labelled ticks.
_HALF_HOLDS_DATA = 0.25
#: The least space between two tick labels of one axis, in label heights.
_LABEL_GAP = 0.25
#: How far a tick label may move away from its axis line, in its own
#: heights, when that is the only way a half-axis that holds data keeps two
#: labels (tried nearest first).
_SHIFTS = (0.25, 0.5, 0.75, 1.0)
#: Each axis's own tick label pad (points), before `_fix_ticks` moved any.
_BASE_PADS: weakref.WeakKeyDictionary[Axis, float] = weakref.WeakKeyDictionary()
#: A tick layout: its score, ticks, label sides, shifts and label boxes.
Ticks = tuple[tuple[int, int], list[float], list[Side], list[float], list[Bbox]]
#: Locators set by `_layout_ticks`, replaced by automatic ones when the
#: limits change (ticks made for other limits are not kept).
_OUR_LOCATORS: weakref.WeakSet[Locator] = weakref.WeakSet()


def _layout_ticks(ax: Axes) -> None:
    """Give every tick label of an axis through the origin a place: on the
    preferred side of its axis line (left of the vertical one, below the
    horizontal one), on the other side where that is covered by a curve,
    marker, spine or other label, or no label where both are. Labels of one
    half-axis keep to one side where they can. When that leaves a half-axis
    that holds data with fewer than two labels, coarser or finer ticks are
    tried. The choice is fixed on the axis (a fixed locator and each tick's
    label visibility) so that later draws show the same labels."""
    pad = _stroke_pad(ax)
    base = collect_obstacles(ax, include_text=False, asymptotes=False)
    inside = _root_figure(ax).bbox
    placed: list[Bbox] = []
    for axis, index in ((ax.yaxis, 1), (ax.xaxis, 0)):
        clear = _clear_test(inside, base, pad, list(placed))

        locator = axis.get_major_locator()
        if locator in _OUR_LOCATORS:
            locator = InViewLocator()
            axis.set_major_locator(locator)
        if not isinstance(axis.get_major_formatter(), TickFormatter):
            _update_ticks(ax)
            continue  # the spine is at the Axes' edge: nothing crosses it
        low, high = sorted(ax.get_ylim() if index else ax.get_xlim())
        best: Ticks | None = None
        # Labels move away from their axis line only when no tick density
        # leaves every half-axis that holds data two labels without that.
        for shift, bins in itertools.product((False, True), _TICK_BINS):
            nice = locator if bins is None else MaxNLocator(bins, steps=_TICK_STEPS)
            locs = in_view(nice.tick_values(low, high), low, high)
            sides, shifts, boxes = _choose_sides(axis, locs, clear, shift=shift)
            score = (_short_halves(locs, sides, low, high), sides.count(0))
            if best is None or score < best[0]:
                best = (score, locs, sides, shifts, boxes)
            if score[0] == 0:
                break
        assert best is not None
        _, locs, sides, shifts, boxes = best
        _fix_ticks(axis, locs, sides, shifts)
        placed += boxes
    refresh_ticks(ax.xaxis)
    refresh_ticks(ax.yaxis)


def _stroke_pad(ax: Axes) -> float:
    """Pixels a text keeps from a line's centre: half the widest stroke of
    *ax*, plus one."""
    widest = max([float(line.get_linewidth()) for line in ax.get_lines()] or [0.0])
    return widest * _root_figure(ax).dpi / 72.0 / 2.0 + 1.0


def _fix_ticks(
    axis: Axis,
    locs: list[float],
    sides: list[Side],
    shifts: Sequence[float] | None = None,
) -> None:
    """Fix *locs* as the ticks of *axis* and show each one's label on its
    side (nothing for side 0), *shifts* points further from the axis line
    than the axis's own pad."""
    fixed = FixedLocator(locs)
    _OUR_LOCATORS.add(fixed)
    axis.set_major_locator(fixed)
    ticks = axis.get_major_ticks(len(locs))
    base = _BASE_PADS.setdefault(axis, _pad(ticks[0]))
    for tick, side, extra in zip(
        ticks, sides, shifts or [0.0] * len(locs), strict=True
    ):
        tick.label1.set_visible(side == 1)
        tick.label2.set_visible(side == 2)
        if _pad(tick) != base + extra:
            tick.set_pad(base + extra)


def _pad(tick: Tick) -> float:
    """*tick*'s label pad in points."""
    pad: Any = tick.get_pad()  # type: ignore[func-returns-value]  # stubs: None
    return float(pad)


def _clear_test(
    inside: BboxBase, obstacles: Obstacles, pad: float, placed: list[Bbox]
) -> Callable[[Bbox], bool]:
    """Whether a tick label's box is *inside* the figure, *pad* pixels off
    the *obstacles* and off the labels *placed* before: one axis's test,
    the same for every tick density `_layout_ticks` tries, so each box is
    tested once."""
    known: dict[tuple[float, ...], bool] = {}

    def clear(box: Bbox) -> bool:
        key = tuple(box.bounds)
        if key not in known:
            known[key] = (
                _contains(inside, box)  # not beyond the figure's edge
                and not obstacles.hit(box, pad=pad)
                and not any(box.overlaps(other) for other in placed)
            )
        return known[key]

    return clear


def _choose_sides(
    axis: Axis,
    locs: list[float],
    clear: Callable[[Bbox], bool],
    *,
    shift: bool = False,
) -> tuple[list[Side], list[float], list[Bbox]]:
    """The side of each tick label of *locs* (0 for the tick at 0, which the
    origin's label stands for), how far (points) each moves away from the
    axis line, and the boxes of the labels shown. A label goes where its box
    is *clear* (inside the figure, off the curves, markers and labels placed
    before) and keeps off the axis's other labels. With *shift*, a half-axis
    of the vertical axis that holds data and shows fewer than two labels
    tries its hidden labels up to `_SHIFTS` label heights further out, the
    nearest free place first."""
    ax = axis.axes
    boxes, texts = _label_boxes(axis, locs)
    sides: list[Side] = [0] * len(locs)
    shown: list[Bbox] = []

    shifts = [0.0] * len(locs)
    figure = _root_figure(ax)
    low, high = sorted(axis.get_view_interval())
    vertical = axis is ax.yaxis

    def moved(i: int, side: Literal[1, 2], points: float) -> Bbox:
        """Label *i*'s box on *side*, *points* further from the (vertical)
        axis line."""
        away = (points if side == 2 else -points) * figure.dpi / 72.0
        return boxes[i][side].translated(away, 0.0)

    def free(box: Bbox) -> bool:
        if not clear(box):
            return False
        # Labels of one axis keep `_LABEL_GAP` of their height apart (as
        # ``box.padded(gap).overlaps(other)``, without making Bboxes).
        gap = _LABEL_GAP * box.height
        x0, y0, x1, y1 = box.extents
        spaced = (x0 - gap, y0 - gap, x1 + gap, y1 + gap)
        return not any(_overlaps(spaced, other.extents) for other in shown)

    for sign in (-1.0, 1.0):
        half = [i for i, v in enumerate(locs) if v * sign > 0 and texts[i]]
        blocked = {side: sum(not free(boxes[i][side]) for i in half) for side in (1, 2)}
        first: Literal[1, 2] = 1 if blocked[1] <= blocked[2] else 2
        other: Literal[1, 2] = 2 if first == 1 else 1
        for i in half:
            for side in (first, other):
                if free(boxes[i][side]):
                    sides[i] = side
                    shown.append(boxes[i][side])
                    break
        reach = -low if sign < 0 else high
        # Only beside the vertical axis: a label moved up or down from the
        # horizontal one would sit across the curves that run along it.
        if not (shift and vertical) or reach < _HALF_HOLDS_DATA * (high - low):
            continue
        for i in half:
            if sum(bool(sides[j]) for j in half) >= 2:
                break
            if sides[i]:
                continue
            size = boxes[i][1].height * 72.0 / figure.dpi
            places = [
                (side, step * size)
                for step in _SHIFTS
                for side in (first, other)
                if free(moved(i, side, step * size))
            ]
            if places:
                side, points = places[0]
                sides[i], shifts[i] = side, points
                shown.append(moved(i, side, points))
    return sides, shifts, shown


#: The boxes of the tick labels on either side and their texts, per axis,
#: by what they depend on (see `_label_boxes`).
_MEASURED: weakref.WeakKeyDictionary[
    Axis, dict[tuple[Any, ...], tuple[list[dict[int, Bbox]], list[str]]]
] = weakref.WeakKeyDictionary()


def _measure_key(axis: Axis, locs: list[float]) -> tuple[Any, ...]:
    """What the boxes of the tick labels of *locs* depend on: the ticks
    (where, their font, direction, length, padding and label rotation), the
    limits, the Axes' place and the dpi."""
    ax = axis.axes
    ticks = axis.get_major_ticks(len(locs))
    look = None
    if ticks:
        tick = ticks[0]
        look = (
            tick.label1.get_fontproperties().copy(),
            tick.get_tickdir(),
            tick.tick1line.get_markersize(),
            _pad(tick),
            tick.label1.get_rotation(),
        )
    return (
        tuple(locs),
        look,
        tuple(ax.bbox.bounds),
        tuple(ax.viewLim.bounds),
        _root_figure(ax).dpi,
    )


def _label_boxes(
    axis: Axis, locs: list[float]
) -> tuple[list[dict[int, Bbox]], list[str]]:
    """The box of each tick label of *locs* on side 1 and on side 2, and
    its text. Measuring shows every label on both sides and draws the axis's
    ticks; the result depends only on the ticks, their font, the
    limits and the Axes' place, so it is kept for those: placing again while
    only the curves change (an animation's frames) measures nothing twice."""
    key = _measure_key(axis, locs)
    measured = _MEASURED.setdefault(axis, {})
    if key in measured:
        return measured[key]
    _fix_ticks(axis, locs, [1] * len(locs))
    ticks = axis.get_major_ticks(len(locs))
    for tick in ticks:
        tick.label2.set_visible(True)
    refresh_ticks(axis)
    boxes: list[dict[int, Bbox]] = [
        {1: tick.label1.get_window_extent(), 2: tick.label2.get_window_extent()}
        for tick in ticks
    ]
    texts = [tick.label1.get_text() for tick in ticks]
    measured[key] = (boxes, texts)
    return boxes, texts


def _short_halves(locs: list[float], sides: list[Side], low: float, high: float) -> int:
    """How many half-axes that hold data show fewer than two labels."""
    short = 0
    for sign in (-1.0, 1.0):
        reach = -low if sign < 0 else high
        if reach < _HALF_HOLDS_DATA * (high - low):
            continue
        count = sum(bool(s) for v, s in zip(locs, sides, strict=True) if v * sign > 0)
        short += count < 2
    return short


def refresh_ticks(axis: Axis) -> None:
    """Put the ticks of *axis* where its locator says and give their labels
    their texts, as drawing it would, without measuring anything.

    matplotlib's public way, ``Axis.get_tightbbox``, also measures every
    label and places the axis label beside them (the larger part of placing
    tick labels); its ``_update_ticks`` does only the first part. Where a
    matplotlib lacks that method, the public way is taken."""
    update = getattr(axis, _AXIS_UPDATE_TICKS, None)
    if callable(update):
        update()
    else:  # another matplotlib
        _update_ticks(axis.axes)


#: The matplotlib method `refresh_ticks` calls when it exists.
_AXIS_UPDATE_TICKS = "_update_ticks"


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


#: The most headroom placement adds above the curves, for annotation labels
#: and the legend together, as a share of the curves' height.
_HEADROOM = 0.2
#: Headroom tried for annotation labels, as shares of `_HEADROOM`.
_HEADROOM_STEPS = (0.5, 1.0)


#: Points between an outside legend and what it sits above, and between it
#: and the figure's edge.
_OUTSIDE_GAP = 4.0


#: Legend font sizes tried, as shares of ``legend.fontsize``, when even one
#: column is wider than the figure.
_OUTSIDE_FONT_SHARES = (1.0, 0.9, 0.8, 0.7)


def _place_legend(ax: Axes, loc: str, linewidth_px: float, room: float) -> None:
    """Draw the legend at *loc*. ``"auto"`` picks the first place inside the
    Axes that covers no curve, spine, marker or text, adding up to *room*
    (data units) of headroom above the curves when that can free an upper
    corner; failing that, the legend goes above the Axes (see
    `_outside_legend`)."""
    if loc != "auto":
        _legend(ax, loc)
        return
    limits = ax.get_ylim()
    for attempt in range(2):
        obstacles = collect_obstacles(ax)
        for candidate in _LEGEND_CANDIDATES:
            legend = _legend(ax, candidate)
            box: Bbox = legend.get_window_extent()
            if not obstacles.hit(box, pad=linewidth_px):
                return
            legend.remove()
        if attempt or room <= 0 or not _headroom_can_help(ax, linewidth_px):
            break
        # No free place: make room above the curves and try again.
        low, high = ax.get_ylim()
        ax.set_ylim(low, high + room)
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
        gap_asymptotes(ax)
        place_labels(ax)
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


def place_axes(
    ax: Axes,
    spec: FigureSpec,
    lines: list[Line2D],
    *,
    avoid: Sequence[Bbox] = (),
) -> None:
    """Place the tick labels, the origin's "0", the annotation labels and the
    legend, each clear of what is already there. *avoid*: more places the
    annotation labels must keep off (a grid's other panels)."""
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
    _layout_ticks(ax)  # tick labels and their places
    _place_origin_label(ax)
    gap_asymptotes(ax)
    place_labels(ax, avoid=avoid)
    # When a label finds no room, add headroom above the curves (at most
    # `_HEADROOM` of their height in all) and keep the least headroom that
    # shows the most labels.
    start = ax.get_ylim()
    budget = _headroom_budget(ax, lines) if spec.ylim is None else 0.0
    tried = [(_hidden_labels(ax), start)]
    for step in _HEADROOM_STEPS if budget else ():
        if not tried[-1][0]:
            break
        ax.set_ylim(start[0], start[1] + step * budget)
        _place_annotations(ax, avoid)
        tried.append((_hidden_labels(ax), ax.get_ylim()))
    best = min(tried, key=lambda attempt: attempt[0])
    if best is not tried[-1]:
        ax.set_ylim(*best[1])
        _place_annotations(ax, avoid)
    if legend:
        limits = ax.get_ylim()
        widest = max(line.get_linewidth() for line in lines)
        _marks_to_legend(ax, spec.legend_loc, widest * figure.dpi / 72.0)
        room = budget - (ax.get_ylim()[1] - start[1])
        _place_legend(ax, spec.legend_loc, widest * figure.dpi / 72.0, room)
        placed_legend = ax.get_legend()
        if ax.get_ylim() != limits and placed_legend is not None:
            # Headroom was added for the legend: the curves moved.
            _layout_ticks(ax)
            box = placed_legend.get_window_extent()
            gap_asymptotes(ax)
            place_labels(ax, avoid=[box, *avoid])


def _marks_to_legend(ax: Axes, loc: str, linewidth_px: float) -> None:
    """A mark whose label found no free place keeps its words: its dot and
    its label become a legend entry instead, when the legend so grown still
    has a free corner inside the Axes (*loc* "auto"; else nothing moves)."""
    if loc != "auto":
        return
    marks = [line for line in ax.get_lines() if line.get_gid() == ann.MARK_GID]
    moved: list[tuple[Line2D, Annotation]] = []
    for label in ax.texts:
        if label.get_gid() != ann.ANNOTATION_GID or label.get_visible():
            continue
        for mark in marks:
            if isinstance(label, Annotation) and tuple(
                np.asarray(mark.get_xydata())[0]
            ) == tuple(label.xy):
                moved.append((mark, label))
                break
    if not moved:
        return
    obstacles = collect_obstacles(ax)
    for variant in (0, -1):  # one line, then wrapped
        for mark, label in moved:
            mark.set_label(ann.label_texts(label)[variant])
        for candidate in _LEGEND_CANDIDATES:
            legend = _legend(ax, candidate)
            box: Bbox = legend.get_window_extent()
            legend.remove()
            if not obstacles.hit(box, pad=linewidth_px):
                for _, label in moved:
                    label.remove()
                return
    for mark, _ in moved:
        mark.set_label("_nolegend_")


def _headroom_budget(ax: Axes, lines: Sequence[Line2D]) -> float:
    """How much headroom (data units) placement may still add above the
    curves: `_HEADROOM` of their height, less what asymptotes above them
    already add."""
    values = [np.asarray(line.get_ydata(), dtype=float) for line in lines]
    finite = np.concatenate(values) if values else np.zeros(0)
    finite = finite[np.isfinite(finite)]
    if not finite.size:
        return 0.0
    height = float(np.ptp(finite)) or 1.0
    above = max(float(ax.dataLim.y1) - float(finite.max()), 0.0)
    return max(_HEADROOM * height - above, 0.0)


def _hidden_labels(ax: Axes) -> int:
    """How many annotation labels found no free place."""
    return sum(
        t.get_gid() == ann.ANNOTATION_GID and not t.get_visible() for t in ax.texts
    )


def _place_annotations(ax: Axes, avoid: Sequence[Bbox] = ()) -> None:
    """Spines, tick labels, the origin's label, asymptote gaps and annotation
    labels (clear of *avoid*) for the current limits."""
    _relayout(ax)
    gap_asymptotes(ax)
    place_labels(ax, avoid=avoid)


def gap_asymptotes(ax: Axes, pad: float = 3.0) -> None:
    """Break the asymptote lines where they would run through a tick label or
    the origin's label, and drop one that lies on the horizontal axis line
    (sigmoid's y = 0): the axis already draws it, and dashes over it would
    make the axis look dashed. Needs a drawn figure with final limits."""
    lines = [line for line in ax.get_lines() if line.get_gid() == ann.ASYMPTOTE_GID]
    if not lines:
        return
    on_axis = ax.spines["bottom"].get_visible() and ax.spines[
        "bottom"
    ].get_position() == ("data", 0.0)
    texts = [*ax.get_xticklabels(), *ax.get_yticklabels()]
    texts += [t for t in ax.texts if t.get_gid() != ann.ANNOTATION_GID]
    boxes = [t.get_window_extent() for t in texts if t.get_visible() and t.get_text()]
    to_axes = ax.transAxes.inverted()
    spans: dict[tuple[float, str], list[tuple[float, float]]] = {}
    for line in lines:
        y = float(np.asarray(line.get_ydata())[0])
        spans.setdefault((y, str(line.get_color())), [])
        line.remove()
    for (y, color), gaps in spans.items():
        if on_axis and y == 0.0:
            continue
        y_px = ax.get_yaxis_transform().transform((0.0, y))[1]
        for box in boxes:
            if box.y0 - pad <= y_px <= box.y1 + pad:
                left = to_axes.transform((box.x0 - pad, y_px))[0]
                right = to_axes.transform((box.x1 + pad, y_px))[0]
                gaps.append((float(left), float(right)))
        start = 0.0
        for left, right in sorted(gaps):
            if left > start:
                ann.asymptote_line(ax, y, start, min(left, 1.0), color)
            start = max(start, right)
        if start < 1.0:
            ann.asymptote_line(ax, y, start, 1.0, color)


def place_labels(ax: Axes, *, avoid: Sequence[Bbox] = ()) -> None:
    """Put every label of this module on *ax* in its first free candidate
    place (drawn text, the title, curves, markers, spines and *avoid* are
    obstacles, and the label must stay inside the figure); hide labels with
    no free place. Needs a drawn figure with final limits."""
    labels = [
        t
        for t in ax.texts
        if t.get_gid() == ann.ANNOTATION_GID and isinstance(t, Annotation)
    ]
    for label in labels:
        label.set_visible(False)
    figure = ax.get_figure(root=True)
    if figure is None:
        return
    inside = figure.bbox.padded(-1.0)
    pad = max(2.0, _stroke_pad(ax))
    avoid = list(avoid)
    # The titles (centre, left, right) are the Axes' texts not in ax.texts.
    for title in ax.get_children():
        if (
            isinstance(title, Text)
            and title not in ax.texts
            and title.get_visible()
            and title.get_text()
        ):
            avoid.append(title.get_window_extent())
    for label in labels:
        obstacles = collect_obstacles(ax)
        obstacles.texts.extend(avoid)
        label.set_visible(True)  # invisible texts measure as an empty box
        # Measuring the annotation moves its text to where its point now is
        # (the limits or the Axes may have changed since it was last drawn);
        # `Text.get_window_extent` below would use the old place.
        label.get_window_extent()
        texts = ann.label_texts(label)
        for text in texts:
            label.set_text(text)
            if _free_place(label, obstacles, inside, pad):
                break
        else:
            label.set_text(texts[0])
            label.set_visible(False)  # nowhere free: no label beats a collision


def _free_place(
    label: Annotation, obstacles: Obstacles, inside: Bbox, pad: float
) -> bool:
    """Move *label* to its first candidate place that is free (the text and
    its leader, if it has one there); False when there is none."""
    for dx, dy, ha, va in ann.label_candidates(label):
        label.set_position((dx, dy))
        label.set_horizontalalignment(ha)
        label.set_verticalalignment(va)
        leader = max(abs(dx), abs(dy)) > _LEADER_FROM
        _show_leader(label, leader)
        box = Text.get_window_extent(label)  # the text, without a leader
        if not _contains(inside, box) or obstacles.hit(box, pad=pad):
            continue
        if leader and _leader_crosses(label, obstacles):
            continue
        return True
    return False


_LEADER_FROM = 15.0  # points: labels further from their point get a leader


def _leader_crosses(label: Annotation, obstacles: Obstacles) -> bool:
    """Whether the leader line of *label*, in its current place, runs
    through any text (a tick label, say) or crosses a curve or spine other
    than those through the point it points at (the marked curve)."""
    patch = label.arrow_patch
    if patch is None:
        return False
    label.get_window_extent()  # moves the leader to the label's new place
    path = patch.get_transform().transform_path(patch.get_path())
    if any(
        path.intersects_bbox(box.padded(1.0), filled=False) for box in obstacles.texts
    ):
        return True
    point = label.get_transform().transform(label.xy)
    near = Bbox.from_extents(*(point - 1.5), *(point + 1.5))
    return any(
        path.intersects_path(other, filled=False)
        for other in obstacles.paths
        if not other.intersects_bbox(near, filled=False)
    )


def _show_leader(label: Annotation, show: bool) -> None:
    """Show or hide the leader line of a label that has one."""
    if label.arrow_patch is not None:
        label.arrow_patch.set_visible(show)


def _overlaps(a: Sequence[float], b: Sequence[float]) -> bool:
    """`Bbox.overlaps` of the extents *a* and *b* (x0, y0, x1, y1): whether
    they share a point, edges included."""
    ax0, ax1 = sorted((a[0], a[2]))
    ay0, ay1 = sorted((a[1], a[3]))
    bx0, bx1 = sorted((b[0], b[2]))
    by0, by1 = sorted((b[1], b[3]))
    return ax0 <= bx1 and bx0 <= ax1 and ay0 <= by1 and by0 <= ay1


def _contains(outer: BboxBase, inner: BboxBase) -> bool:
    return bool(
        outer.x0 <= inner.x0
        and inner.x1 <= outer.x1
        and outer.y0 <= inner.y0
        and inner.y1 <= outer.y1
    )


def shared_legend(fig: Figure, handles: Sequence[Artist], labels: list[str]) -> Legend:
    """One legend for the whole figure, above its panels: its entries side
    by side when they fit the figure's width (`_OUTSIDE_GAP` inside each
    edge), else in as many columns as fit."""
    room = fig.bbox.width - 2 * _OUTSIDE_GAP * fig.dpi / 72.0
    legend: Legend | None = None
    for ncols in range(len(handles), 0, -1):
        if legend is not None:
            legend.remove()
        legend = fig.legend(handles, labels, loc="outside upper center", ncols=ncols)
        if legend.get_window_extent().width <= room:
            break
    assert legend is not None
    return legend


def run_layout(fig: Figure | None) -> bool:
    """Run *fig*'s layout engine now, as a draw would first (without the
    drawing), and say whether it has one."""
    engine = None if fig is None else fig.get_layout_engine()
    if fig is None or engine is None:
        return False
    engine.execute(fig)
    return True


def place_figure(
    fig: Figure, panels: list[tuple[Axes, FigureSpec, list[Line2D]]]
) -> None:
    """Fix the layout, then place labels and legends.

    A layout engine (a venue's or a grid's constrained layout) runs once with
    the curves drawn and is then switched off, so the Axes do not move after
    the labels were placed clear of everything.
    """
    if run_layout(fig):
        fig.set_layout_engine("none")
    # In a grid, a panel's labels keep off the other panels (their Axes, tick
    # labels and titles) and the labels placed there before.
    # (Only annotation labels keep off them: without any, nothing is measured.)
    labelled = any(
        t.get_gid() == ann.ANNOTATION_GID for ax, _, _ in panels for t in ax.texts
    )
    areas = []
    if len(panels) > 1 and labelled:
        areas = [ax.get_tightbbox() for ax, _, _ in panels]
    labels: list[Bbox] = []
    for index, (ax, spec, lines) in enumerate(panels):
        others = [area for i, area in enumerate(areas) if i != index and area]
        place_axes(ax, spec, lines, avoid=[*others, *labels])
        if areas:
            labels += [
                text.get_window_extent()
                for text in ax.texts
                if text.get_gid() == ann.ANNOTATION_GID and text.get_visible()
            ]
