"""Placement (tanhplot/place.py): what it keeps between passes."""

from __future__ import annotations

import matplotlib.style
import pytest
from legibility import assert_legible, theme_background

import tanhplot
from tanhplot.place import place_axes


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
