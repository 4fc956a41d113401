"""Legibility, checked rather than eyeballed: every built-in activation in
every theme and every venue, with every annotation on.

No text overlaps another, none is clipped by the figure edge, every text has
WCAG contrast >= 4.5:1 with the background, and no legend covers a curve,
marker or label. New built-ins are covered automatically.
"""

from __future__ import annotations

import matplotlib.style
import pytest
from legibility import (
    CURVE_CONTRAST,
    assert_legible,
    clipped_texts,
    contrast,
    legend_collisions,
    overlapping_texts,
)
from matplotlib import rcParams
from matplotlib.figure import Figure

import tanhplot
from tanhplot.spec import THEMES
from tanhplot.themes import THEME_COLORS
from tanhplot.venues import VENUES

# identity and step mark no maximum slope and say so (test_annotations)
pytestmark = pytest.mark.filterwarnings(
    "ignore:.* has no point of maximum slope to mark:UserWarning"
)

BUILTINS = tanhplot.available()
ANNOTATED = {
    "axis_labels": True,
    "arrows": True,
    "asymptotes": True,
    "mark_max_slope": True,
}
# Every built-in at one column of every venue; full width with the first two
# (the text is the same size, the figure wider: more room).
VENUE_CASES = [(name, venue, 1) for venue in VENUES for name in BUILTINS] + [
    (name, venue.name, 2)
    for venue in VENUES.values()
    if venue.columns == 2
    for name in BUILTINS[:2]
]


def _background(theme: str) -> str:
    with matplotlib.style.context(f"tanhplot.{theme}"):
        return str(rcParams["axes.facecolor"])


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", BUILTINS)
def test_every_builtin_in_every_theme(name: str, theme: str) -> None:
    fig = tanhplot.figure(name, theme=theme, labels="formula", **ANNOTATED)
    assert_legible(fig, _background(theme))


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
def test_plain_and_several_activations_in_every_theme(theme: str) -> None:
    assert_legible(tanhplot.figure(theme=theme), _background(theme))
    fig = tanhplot.figure(*BUILTINS[:4], theme=theme, **ANNOTATED)
    assert_legible(fig, _background(theme))


@pytest.mark.slow
@pytest.mark.parametrize("name, venue, columns", VENUE_CASES)
def test_every_builtin_at_every_venue(name: str, venue: str, columns: int) -> None:
    fig = tanhplot.figure(
        name, theme="paper", venue=venue, columns=columns, **ANNOTATED
    )
    assert_legible(fig, _background("paper"))


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
def test_grid_of_every_builtin(theme: str) -> None:
    assert_legible(tanhplot.grid(theme=theme), _background(theme))


@pytest.mark.parametrize("theme", THEMES)
def test_theme_curves_are_visible(theme: str) -> None:
    """Curves have >= 3:1 contrast (WCAG graphical objects), the single
    activation's pair and the style's colour cycle alike (light keeps the
    seed's cycle, whose 5th and 6th colours are lighter)."""
    background = _background(theme)
    colors = THEME_COLORS[theme]
    for color in (colors.function, colors.derivative):
        assert contrast(color, background) >= CURVE_CONTRAST, color
    assert contrast(colors.annotation, background) >= 4.5
    if theme != "light":
        with matplotlib.style.context(f"tanhplot.{theme}"):
            cycle = rcParams["axes.prop_cycle"].by_key()["color"]
        for entry in cycle:
            color = entry if str(entry).startswith("#") else f"#{entry}"
            assert contrast(color, background) >= CURVE_CONTRAST, color


# The checks themselves must be able to fail.


def test_overlap_check_finds_overlapping_texts() -> None:
    fig = tanhplot.figure()
    ax = fig.axes[0]
    ax.text(0.5, 0.5, "first", transform=ax.transAxes)
    ax.text(0.5, 0.5, "second", transform=ax.transAxes)
    assert ("first", "second") in overlapping_texts(fig)


def test_clip_check_finds_clipped_text() -> None:
    fig = tanhplot.figure()
    fig.axes[0].text(1.2, 0.5, "outside", transform=fig.axes[0].transAxes)
    assert clipped_texts(fig) == ["outside"]


def test_legend_check_finds_a_covered_curve() -> None:
    fig: Figure = tanhplot.figure(legend_loc="center")
    assert legend_collisions(fig)


def test_contrast_is_wcag() -> None:
    assert contrast("black", "white") == pytest.approx(21.0)
    assert contrast("#777777", "white") == pytest.approx(4.48, abs=0.01)
