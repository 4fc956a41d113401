"""Reusable legibility checks for drawn figures (used by several test files).

Every check works on a figure that has been drawn and looks only at what is
drawn: visible, non-empty texts (tick labels of ticks inside the view limits,
titles, annotations, legend texts), legends, curves and markers.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import matplotlib.style
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from tanhplot.figures import figure_style
from tanhplot.layout import _drawn_tick_labels, collect_obstacles

#: WCAG 2 minimum contrast of normal text (AA).
TEXT_CONTRAST = 4.5
#: WCAG 2 minimum contrast of graphical objects such as curves.
CURVE_CONTRAST = 3.0


def luminance(color: object) -> float:
    """WCAG relative luminance of a matplotlib colour."""
    channels = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in to_rgb(color)  # type: ignore[arg-type]
    ]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast(a: object, b: object) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    dark, light = sorted((luminance(a), luminance(b)))
    return (light + 0.05) / (dark + 0.05)


def _legends(fig: Figure) -> list[Legend]:
    found = [ax.get_legend() for ax in fig.axes]
    return [lg for lg in [*found, *fig.legends] if lg is not None]


def drawn_texts(fig: Figure) -> Iterator[Text]:
    """Every visible, non-empty text the figure draws."""
    candidates: list[Text] = [*fig.texts]
    if fig._suptitle is not None:
        candidates.append(fig._suptitle)
    for ax in fig.axes:
        candidates += [*_drawn_tick_labels(ax), *ax.texts]
        candidates += [ax.title, ax._left_title, ax._right_title]
        candidates += [ax.xaxis.label, ax.yaxis.label]
    for legend in _legends(fig):
        candidates += legend.get_texts()
    for text in candidates:
        if text.get_visible() and text.get_text():
            yield text


def box(text: Text) -> Bbox:
    """The text's own box (an annotation's leader line left out)."""
    return Text.get_window_extent(text)


def overlapping_texts(fig: Figure, pad: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of drawn texts whose boxes overlap (each shrunk by *pad* px)."""
    fig.draw_without_rendering()
    texts = list(drawn_texts(fig))
    boxes = [box(t).padded(-pad) for t in texts]
    return [
        (texts[i].get_text(), texts[j].get_text())
        for i, j in itertools.combinations(range(len(texts)), 2)
        if boxes[i].overlaps(boxes[j])
    ]


def clipped_texts(fig: Figure) -> list[str]:
    """Drawn texts that reach beyond the figure's edge."""
    fig.draw_without_rendering()
    edge = fig.bbox
    return [
        t.get_text()
        for t in drawn_texts(fig)
        if not (
            edge.x0 <= box(t).x0
            and box(t).x1 <= edge.x1
            and edge.y0 <= box(t).y0
            and box(t).y1 <= edge.y1
        )
    ]


def low_contrast_texts(fig: Figure, background: object) -> list[tuple[str, float]]:
    """Drawn texts with less than `TEXT_CONTRAST` against *background*."""
    fig.draw_without_rendering()
    ratios = [
        (t.get_text(), contrast(t.get_color(), background)) for t in drawn_texts(fig)
    ]
    return [(text, ratio) for text, ratio in ratios if ratio < TEXT_CONTRAST]


def curves_under_legend(ax: Axes) -> list[str]:
    """The labels of the lines with a sampled point (raw data, independent of
    tanhplot's simplified layout paths) inside the drawn legend of *ax*."""
    legend = ax.get_legend()
    assert legend is not None, "no legend"
    box = legend.get_window_extent()
    covered = []
    for line in ax.get_lines():
        points = line.get_transform().transform(line.get_xydata())
        inside = (
            (points[:, 0] >= box.x0)
            & (points[:, 0] <= box.x1)
            & (points[:, 1] >= box.y0)
            & (points[:, 1] <= box.y1)
        )
        if inside.any():
            covered.append(str(line.get_label()))
    return covered


def legend_collisions(fig: Figure) -> list[str]:
    """What each legend covers: curves, markers, spines or texts of any Axes."""
    fig.draw_without_rendering()
    found = []
    for legend in _legends(fig):
        area = legend.get_window_extent()
        axes: list[Axes] = list(fig.axes)
        for ax in axes:
            obstacles = collect_obstacles(ax)
            for path in obstacles.paths:
                if path.intersects_bbox(area, filled=False):
                    found.append(f"a curve or spine of {ax.get_title(loc='left')!r}")
            for other in obstacles.boxes:
                if area.overlaps(other):
                    found.append(f"a text or marker at {other.bounds}")
    return found


def assert_legible(fig: Figure, background: object) -> None:
    """All four checks; the message lists every problem found. The figure is
    drawn in its own style, as `tanhplot.save` does (tick labels are made at
    draw time from rcParams)."""
    with matplotlib.style.context(figure_style(fig) or []):
        problems = {
            "overlapping texts": overlapping_texts(fig),
            "clipped texts": clipped_texts(fig),
            "low-contrast texts": low_contrast_texts(fig, background),
            "legend covers": legend_collisions(fig),
        }
    assert not any(problems.values()), {k: v for k, v in problems.items() if v}
