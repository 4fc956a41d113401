"""Baselines for the README's features that no other image test shows.

Regenerate a baseline only for a change you meant, and look at it first:
    pytest tests/test_images_features.py --mpl-generate-path=baseline_images
"""

from __future__ import annotations

import pytest
from images import compare
from matplotlib.figure import Figure

import tanhplot
from tanhplot.plotting import center_spines

MARKS = {
    "axis_labels": True,
    "arrows": True,
    "asymptotes": True,
    "mark_max_slope": True,
}


@compare(style=tanhplot.FigureSpec(transparent=True).styles)
def test_transparent() -> Figure:
    """The spec's styles, as `tanhplot.save` uses them: the transparency is a
    savefig setting, which pytest-mpl's own savefig sees only in the style."""
    return tanhplot.figure(transparent=True)


@compare()
def test_no_derivative() -> Figure:
    return tanhplot.figure("tanh", "sigmoid", derivative=False)


@compare()
def test_limits() -> Figure:
    return tanhplot.figure("relu", xlim=(-2.0, 3.0), ylim=(-0.5, 2.5))


@pytest.mark.slow
@compare()
def test_marks_on_several_activations() -> Figure:
    """Every annotation at once on three activations: leader lines visible."""
    return tanhplot.figure("tanh", "sigmoid", "gelu", **MARKS)


@pytest.mark.parametrize("mark", sorted(MARKS))
@compare()
def test_one_mark(mark: str) -> Figure:
    return tanhplot.figure("tanh", "sigmoid", **{mark: True})


@pytest.mark.slow
@compare()
def test_users_own_axes() -> Figure:
    """`plot` and `center_spines` on an Axes the user made, in a figure of two."""
    fig = Figure(figsize=(8, 3.5))
    left, right = fig.subplots(1, 2)
    tanhplot.plot(left, "tanh", "sigmoid")
    right.plot([-2, -1, 0, 1, 2], [1, -1, 0.5, 2, -0.5], color="k")
    right.set_xlim(-2, 2)
    right.set_ylim(-1.5, 2.5)
    center_spines(right)
    return fig


@pytest.mark.slow
@compare()
def test_cheat_sheet() -> Figure:
    """`tanhplot render --grid --all`: every built-in's panel, one each."""
    return tanhplot.grid()
