"""Placement (tanhplot/place.py): what it keeps between passes."""

from __future__ import annotations

import matplotlib.style
import pytest
from legibility import assert_legible, theme_background
from matplotlib.transforms import Bbox

import tanhplot
from tanhplot.place import Obstacles, place_axes


@pytest.mark.parametrize(
    "change",
    [{"labelsize": 24}, {"pad": 12}, {"length": 12}, {"direction": "inout"}],
    ids=str,
)
def test_placing_again_measures_changed_tick_labels(change: dict[str, object]) -> None:
    """Tick label boxes are kept between placements (an animation's frames
    measure them once), but not past a change to the ticks' look: placed
    again, the bigger or moved labels still cover no curve."""
    spec = tanhplot.FigureSpec()
    fig = tanhplot.figure(spec=spec)
    ax = fig.axes[0]
    with matplotlib.style.context(spec.styles):
        ax.tick_params(**change)  # type: ignore[arg-type]
        place_axes(ax, spec, list(ax.get_lines()))
    fig.canvas.draw()
    assert_legible(fig, theme_background("light"))


@pytest.mark.parametrize(
    "activations", [("tanh",), ("relu", "sigmoid"), ("hardshrink",)], ids=str
)
def test_each_tick_label_box_is_tested_once(
    activations: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tick densities tried one after another test many of the same boxes
    against the same curves: each box is tested once per set of obstacles
    (an animation places its labels again on every frame)."""
    seen: dict[tuple[int, tuple[float, ...], float], int] = {}
    alive: list[Obstacles] = []  # no id reused while counting
    hit = Obstacles.hit

    def counting(self: Obstacles, box: Bbox, pad: float = 0.0) -> bool:
        alive.append(self)
        key = (id(self), tuple(box.bounds), pad)
        seen[key] = seen.get(key, 0) + 1
        return hit(self, box, pad)

    monkeypatch.setattr(Obstacles, "hit", counting)
    tanhplot.figure(*activations)
    assert seen
    assert max(seen.values()) == 1, max(seen.values())
