"""Finding free places on an Axes: where a box covers no curve, spine or text.

Everything here works in display coordinates on an Axes whose limits are final.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.path import Path
from matplotlib.transforms import Bbox

__all__ = ["Obstacles", "collect_obstacles"]


class Obstacles:
    """What a new box on an Axes must not touch: curve paths and text boxes."""

    def __init__(self, paths: Sequence[Path], boxes: Sequence[Bbox]) -> None:
        self.paths = list(paths)
        self.boxes = list(boxes)

    def hit(self, box: Bbox, pad: float = 0.0) -> bool:
        """True when *box*, grown by *pad* pixels, touches any obstacle."""
        grown = box.padded(pad) if pad else box
        if any(path.intersects_bbox(grown, filled=False) for path in self.paths):
            return True
        return any(grown.overlaps(other) for other in self.boxes)


def _line_paths(ax: Axes) -> Iterable[Path]:
    for line in ax.get_lines():
        if line.get_visible() and len(np.asarray(line.get_xydata())) > 1:
            yield line.get_transform().transform_path(line.get_path())


def collect_obstacles(ax: Axes, *, include_text: bool = True) -> Obstacles:
    """Curves, visible spines and (after a draw) non-empty texts of *ax*."""
    paths = list(_line_paths(ax))
    for spine in ax.spines.values():
        if spine.get_visible():
            paths.append(spine.get_transform().transform_path(spine.get_path()))
    boxes: list[Bbox] = []
    if include_text:
        labels = [*ax.get_xticklabels(), *ax.get_yticklabels(), *ax.texts]
        for text in labels:
            if text.get_visible() and text.get_text():
                boxes.append(text.get_window_extent())
    return Obstacles(paths, boxes)
