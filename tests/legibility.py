"""Reusable legibility checks for drawn figures (used by several test files).

Every check works on a figure that has been drawn and looks only at what is
drawn: visible, non-empty texts (tick labels of ticks inside the view limits,
titles, annotations, legend texts), legends, curves and markers.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import matplotlib.style
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from tanhplot.place import collect_obstacles, drawn_tick_labels
from tanhplot.record import figure_style

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
        candidates += [*drawn_tick_labels(ax), *ax.texts]
        candidates += [ax.title, ax._left_title, ax._right_title]
        candidates += [ax.xaxis.label, ax.yaxis.label]
        candidates += [ax.xaxis.offsetText, ax.yaxis.offsetText]  # "1e-7"
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


def theme_background(theme: str) -> str:
    """The background colour of *theme*'s Axes."""
    with matplotlib.style.context(f"tanhplot.{theme}"):
        return str(matplotlib.rcParams["axes.facecolor"])


def assert_legible(fig: Figure, background: object) -> None:
    """All six checks; the message lists every problem found. The figure is
    drawn in its own style, as `tanhplot.save` does (tick labels are made at
    draw time from rcParams)."""
    with matplotlib.style.context(figure_style(fig) or []):
        problems = {
            "overlapping texts": overlapping_texts(fig),
            "clipped texts": clipped_texts(fig),
            "low-contrast texts": low_contrast_texts(fig, background),
            "legend covers": legend_collisions(fig),
            "texts crossed by a line": texts_crossed(fig),
            "leaders crossing a line": leaders_crossing(fig),
        }
    assert not any(problems.values()), {k: v for k, v in problems.items() if v}


def _stroke_runs(ax: Axes) -> Iterator[tuple[str, Path, float]]:
    """Each visible stroked line of *ax* (curves, asymptotes; not marker-only
    lines) as unbroken runs of its raw data in display coordinates, with
    the half-width of its stroke in pixels. Independent of tanhplot's own
    (simplified) layout paths."""
    fig = ax.get_figure(root=True)
    assert fig is not None
    for line in ax.get_lines():
        if not line.get_visible() or line.get_linestyle() in ("None", "none", ""):
            continue
        xy = line.get_transform().transform(np.asarray(line.get_xydata(), float))
        finite = np.isfinite(xy).all(axis=1)
        half = float(line.get_linewidth()) * fig.dpi / 72.0 / 2.0
        starts = np.flatnonzero(finite & ~np.r_[False, finite[:-1]])
        stops = np.flatnonzero(finite & ~np.r_[finite[1:], False]) + 1
        for start, stop in zip(starts, stops, strict=True):
            if stop - start > 1:
                yield str(line.get_label()), Path(xy[start:stop]), half


def texts_crossed(fig: Figure, slack: float = 0.5) -> list[tuple[str, str]]:
    """(text, line) for every drawn text whose box a line's stroke touches:
    tick labels, the origin's label, titles, annotation labels, legend
    entries. *slack* pixels of overlap are forgiven (antialiasing)."""
    fig.draw_without_rendering()
    found = []
    texts = list(drawn_texts(fig))
    for ax in fig.axes:
        runs = list(_stroke_runs(ax))
        for text in texts:
            area = box(text)
            for label, path, half in runs:
                grown = area.padded(max(half - slack, 0.0))
                if path.intersects_bbox(grown, filled=False):
                    found.append((text.get_text(), label))
                    break
    return found


def leaders_crossing(fig: Figure) -> list[tuple[str, str]]:
    """(annotation, line) for each visible leader line that crosses a line
    of its Axes other than those through the point it points at (the marked
    curve ends there)."""
    fig.draw_without_rendering()
    found = []
    for ax in fig.axes:
        for text in ax.texts:
            patch = getattr(text, "arrow_patch", None)
            if not text.get_visible() or patch is None or not patch.get_visible():
                continue
            path = patch.get_transform().transform_path(patch.get_path())
            point = text.get_transform().transform(text.xy)
            for label, run, half in _stroke_runs(ax):
                if np.hypot(*(run.vertices - point).T).min() <= half + 1.5:
                    continue  # the marked curve
                if run.intersects_path(path, filled=False):
                    found.append((text.get_text(), label))
    return found


def headroom(ax: Axes) -> float:
    """The empty share of the data's height that the y limits add above or
    below the curves, the larger of the two (0.1 = 10% of the curves'
    range)."""
    ys = [
        np.asarray(line.get_ydata(), float)
        for line in ax.get_lines()
        if line.get_gid() is None and line.get_linestyle() not in ("None", "")
    ]
    values = np.concatenate(ys) if ys else np.zeros(1)
    values = values[np.isfinite(values)]
    low, high = sorted(ax.get_ylim())
    span = float(values.max() - values.min()) or 1.0
    above, below = high - float(values.max()), float(values.min()) - low
    return max(above, below, 0.0) / span


#: A half-axis holding at least this share of its axis's range holds data.
HALF_HOLDS_DATA = 0.25


def short_half_axes(fig: Figure) -> list[str]:
    """Each half-axis of a centered-spine Axes that holds data and shows fewer
    than two tick labels, as "z-: 1" (negative z half, one label)."""
    fig.draw_without_rendering()
    short = []
    for ax in fig.axes:
        for name, index, limits, spine in (
            ("z", 0, ax.get_xlim(), "bottom"),
            ("f", 1, ax.get_ylim(), "left"),
        ):
            if ax.spines[spine].get_position() != ("data", 0.0):
                continue  # a spine at the edge: no curve hides its labels
            low, high = sorted(limits)
            labels = [
                t
                for t in drawn_tick_labels(ax, "x" if index == 0 else "y")
                if t.get_visible() and t.get_text()
            ]
            for sign, half in ((-1, "-"), (1, "+")):
                if (-low if sign < 0 else high) < HALF_HOLDS_DATA * (high - low):
                    continue
                count = sum(t.get_position()[index] * sign > 0 for t in labels)
                if count < 2:
                    short.append(f"{ax.get_title()}{name}{half}: {count}")
    return short


def plot_share(fig: Figure) -> float:
    """The share of the figure's area that its Axes take."""
    fig.draw_without_rendering()
    total = fig.bbox.width * fig.bbox.height
    return sum(ax.bbox.width * ax.bbox.height for ax in fig.axes) / total
