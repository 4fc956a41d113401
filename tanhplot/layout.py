"""Finding free places on an Axes: where a box covers no curve, spine or text.

Everything here works in display coordinates on an Axes whose limits are final.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.transforms import Bbox

__all__ = ["Obstacles", "collect_obstacles"]


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


def _line_paths(ax: Axes) -> Iterable[Path]:
    """Each visible line in display coordinates, one path per unbroken run (a
    gap, NaN, e.g. at a jump, is no segment), simplified the way the renderer
    simplifies it (to ~1/9 pixel: a million samples become a few hundred
    vertices)."""
    for line in ax.get_lines():
        if line.get_visible():
            yield from _runs(line)


#: The runs of a line, while its data and its place on the figure stay the
#: same: placing labels measures the curves ~100 times, mostly unchanged.
_RUNS: weakref.WeakKeyDictionary[Line2D, tuple[Path, bytes, list[Path]]] = (
    weakref.WeakKeyDictionary()
)


def _runs(line: Line2D) -> list[Path]:
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


def _marker_boxes(ax: Axes, gid: str | None = None) -> Iterable[Bbox]:
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


def _drawn_tick_labels(
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


def collect_obstacles(ax: Axes, *, include_text: bool = True) -> Obstacles:
    """Curves, markers, visible spines and (after a draw) non-empty texts of
    *ax*."""
    paths = list(_line_paths(ax))
    for spine in ax.spines.values():
        if spine.get_visible():
            paths.append(spine.get_transform().transform_path(spine.get_path()))
    texts: list[Bbox] = []
    if include_text:
        labels = [*_drawn_tick_labels(ax), *ax.texts]
        for text in labels:
            if text.get_visible() and text.get_text():
                texts.append(text.get_window_extent())
    return Obstacles(paths, list(_marker_boxes(ax)), texts)
