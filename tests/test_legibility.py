"""Legibility, checked rather than eyeballed: every built-in activation in
every theme and every venue, with every annotation on.

No text overlaps another or is crossed by a line (tick labels, the origin's
label, legend entries, annotation labels, titles), no leader line crosses a
curve, none is clipped by the figure edge, every text has WCAG contrast >=
4.5:1 with the background, and no legend covers a curve, marker or label.
New built-ins are covered automatically.
"""

from __future__ import annotations

import itertools

import matplotlib.style
import pytest
from legibility import (
    CURVE_CONTRAST,
    assert_legible,
    clipped_texts,
    contrast,
    headroom,
    leaders_crossing,
    legend_collisions,
    overlapping_texts,
    plot_share,
    short_half_axes,
    texts_crossed,
    theme_background,
)
from matplotlib import rcParams
from matplotlib.figure import Figure

import tanhplot
from tanhplot.spec import THEMES
from tanhplot.themes import THEME_COLORS
from tanhplot.venues import listing, venue_rc

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
# Every venue once (older years too), with each number of columns it has.
EVERY_VENUE = [
    (venue.name, columns)
    for _, venue in listing()
    for columns in range(1, venue.columns + 1)
]
# The current venues, one of each column width and font size (older years
# and venues of the same numbers draw the same figures).
CURRENT = list(
    {
        (tanhplot.FigureSpec(venue=v.name).size, venue_rc(v.name)["font.size"]): (
            names[0],
            v.columns,
        )
        for names, v in reversed(listing())
        if len(names) == 2 or not names[0][-4:].isdigit()
    }.values()
)
# Every built-in at one column of every current venue; full width with the
# first two (the text is the same size, the figure wider: more room).
VENUE_CASES = [(name, venue, 1) for venue, _ in CURRENT for name in BUILTINS] + [
    (name, venue, 2)
    for venue, columns in CURRENT
    if columns == 2
    for name in BUILTINS[:2]
]


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", BUILTINS)
def test_every_builtin_in_every_theme(name: str, theme: str) -> None:
    fig = tanhplot.figure(name, theme=theme, labels="formula", **ANNOTATED)
    assert_legible(fig, theme_background(theme))


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", BUILTINS)
def test_every_builtin_plain_in_every_theme(name: str, theme: str) -> None:
    assert_legible(tanhplot.figure(name, theme=theme), theme_background(theme))


# Figures of other shapes: sizes, ranges, parameters, expressions, several
# activations with every annotation (each label names its activation).
SHAPES = {
    "small 2x1.5": {"activations": ("tanh",), "size": (2.0, 1.5)},
    "small 3x2": {"activations": ("sigmoid", "tanh"), "size": (3.0, 2.0)},
    "wide 12x3": {"activations": ("gelu", "softsign"), "size": (12.0, 3.0)},
    "z from -10 to 10": {"activations": ("tanh", "softsign"), "xlim": (-10, 10)},
    "parameters": {"activations": ("leaky_relu(negative_slope=0.2)", "elu(alpha=2)")},
    "expression": {"activations": ("swish2=z*sigmoid(z)", "f=z**3/(1+z**2)")},
    "several annotated": {"activations": ("tanh", "sigmoid", "relu"), **ANNOTATED},
    "formula labels": {"activations": ("gelu", "mish"), "labels": "formula"},
    "theme auto": {"activations": ("tanh",), "theme": "auto", **ANNOTATED},
    "saturation": {"activations": ("tanh",), "saturation": True},
    "second derivative": {"activations": ("tanh",), "second_derivative": True},
    "teaching, formula labels": {
        "activations": ("gelu", "softsign"),
        "second_derivative": True,
        "saturation": True,
        "saturation_level": 0.1,
        "labels": "formula",
        **ANNOTATED,
    },
    "2x2 grid with every overlay": {
        "activations": ("tanh", "sigmoid", "relu", "gelu"),
        "grid": True,
        "panel_labels": True,
        "second_derivative": True,
        "saturation": True,
    },
    "grid with panel labels": {
        "activations": ("tanh", "sigmoid", "relu", "gelu", "elu"),
        "grid": True,
        "panel_labels": True,
        "second_derivative": True,
        "saturation": True,
    },
}

#: The teaching overlays, all on.
TEACHING = {"saturation": True, "second_derivative": True}


COMBINATIONS = [
    dict.fromkeys(subset, True)
    for size in range(1, len(ANNOTATED) + 1)
    for subset in itertools.combinations(ANNOTATED, size)
]


@pytest.mark.slow
@pytest.mark.parametrize(
    "annotations", COMBINATIONS, ids=["+".join(c) for c in COMBINATIONS]
)
def test_every_annotation_combination(annotations: dict[str, bool]) -> None:
    for names in (("tanh",), ("sigmoid", "softsign", "gelu")):
        assert_legible(tanhplot.figure(*names, **annotations), "white")


@pytest.mark.parametrize("options", SHAPES.values(), ids=list(SHAPES))
def test_figures_of_every_shape(options: dict[str, object]) -> None:
    assert_legible(tanhplot.figure(**options), "white")


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", BUILTINS)
def test_every_builtin_with_teaching_overlays(name: str, theme: str) -> None:
    fig = tanhplot.figure(name, theme=theme, labels="formula", **TEACHING, **ANNOTATED)
    assert_legible(fig, theme_background(theme))


@pytest.mark.slow
def test_cheat_sheet_with_panel_labels() -> None:
    fig = tanhplot.grid(panel_labels=True, **TEACHING)
    assert_legible(fig, "white")


@pytest.mark.slow
@pytest.mark.parametrize("name", BUILTINS)
def test_annotations_add_at_most_a_fifth_of_headroom(name: str) -> None:
    # at most 20% for asymptotes and labels together, each side, plus
    # matplotlib's margin (5% of the data limits, asymptotes included)
    ax = tanhplot.figure(name, **ANNOTATED).axes[0]
    assert headroom(ax) <= 0.2 + 0.05 * 1.4 + 1e-9


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
def test_plain_and_several_activations_in_every_theme(theme: str) -> None:
    assert_legible(tanhplot.figure(theme=theme), theme_background(theme))
    fig = tanhplot.figure(*BUILTINS[:4], theme=theme, **ANNOTATED)
    assert_legible(fig, theme_background(theme))


def _venue_figure(venue: str, columns: int, rel_width: float) -> Figure:
    return tanhplot.figure(
        "tanh",
        "sigmoid",
        theme="paper",
        venue=venue,
        columns=columns,
        rel_width=rel_width,
        **ANNOTATED,
    )


@pytest.mark.slow
@pytest.mark.parametrize("venue, columns", EVERY_VENUE)
@pytest.mark.parametrize("rel_width", [1.0, 0.5])
def test_every_venue_and_column(venue: str, columns: int, rel_width: float) -> None:
    # the whole column, and half of it (two sub-figures side by side)
    assert_legible(_venue_figure(venue, columns, rel_width), theme_background("paper"))


@pytest.mark.slow
@pytest.mark.parametrize(
    "venue, columns, rel_width",
    [("beamer169", 1, 0.9), ("cvpr", 2, 1.0), ("icml", 1, 0.5), ("aaai", 2, 1 / 3)],
)
def test_new_venue_shapes(venue: str, columns: int, rel_width: float) -> None:
    # the quick run's share of the above: slides, a new two-column venue,
    # half a narrow column, a third of a text width
    assert_legible(_venue_figure(venue, columns, rel_width), theme_background("paper"))


@pytest.mark.slow
@pytest.mark.parametrize("name, venue, columns", VENUE_CASES)
def test_every_builtin_at_every_venue(name: str, venue: str, columns: int) -> None:
    fig = tanhplot.figure(
        name, theme="paper", venue=venue, columns=columns, **ANNOTATED
    )
    assert_legible(fig, theme_background("paper"))


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
def test_grid_of_every_builtin(theme: str) -> None:
    assert_legible(tanhplot.grid(theme=theme), theme_background(theme))


@pytest.mark.parametrize("layout", ["constrained", "tight", None])
@pytest.mark.parametrize("titles", ["before", "after"])
def test_users_own_axes_with_a_layout_engine(layout: str | None, titles: str) -> None:
    """`plot` on a user's panels places for the Axes' size after layout,
    whether the titles come before or after (constrained layout moved the
    Axes after placement: four labels ended on curves)."""
    fig = Figure(figsize=(8, 3), layout=layout)
    axes = fig.subplots(1, 2)
    for ax, name in zip(axes, ("tanh", "sigmoid"), strict=True):
        if titles == "before":
            ax.set_title(name)
        tanhplot.plot(ax, name)
    if titles == "after":
        for ax, name in zip(axes, ("tanh", "sigmoid"), strict=True):
            ax.set_title(name)
    assert texts_crossed(fig) == []


# Every half-axis that holds data keeps two labels, across figures of every
# kind. Three figures cannot: each place beside their axis line is crossed by
# a curve (measured: within one label height of the axis at every tick).
NO_ROOM = {
    "rrelu 2x1.5": "z-: at -4 and -2 rrelu and its slope run along the z axis",
    "README leaky_relu + swish2": "z-: four curves within 0.3 of the z axis",
    "README tanh sigmoid -6..6 6x3.5": "f+: 0.5 and 0.25 sit on sigmoid, sigmoid'",
}
HALVES = {
    **{
        f"{name} {variant}": (name, options)
        for name in BUILTINS
        for variant, options in (
            ("light", {}),
            ("dark", {"theme": "dark"}),
            ("annotated", {"labels": "formula", **ANNOTATED}),
            ("2x1.5", {"size": (2.0, 1.5)}),
            ("12x3", {"size": (12.0, 3.0)}),
            ("z to 10", {"xlim": (-10.0, 10.0)}),
        )
    },
    **{f"shape {key}": (None, options) for key, options in SHAPES.items()},
    "README leaky_relu + swish2": (
        None,
        {"activations": ("leaky_relu(negative_slope=0.1)", "swish2=z*sigmoid(z)")},
    ),
    "README relu gelu silu mish": (
        None,
        {"activations": ("relu", "gelu", "silu", "mish")},
    ),
    "README tanh sigmoid -6..6 6x3.5": (
        None,
        {"activations": ("tanh", "sigmoid"), "xlim": (-6, 6), "size": (6, 3.5)},
    ),
}


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:.*no point of maximum slope")
@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            key,
            marks=[pytest.mark.xfail(reason=NO_ROOM[key], strict=True)]
            if key in NO_ROOM
            else [],
        )
        for key in HALVES
    ],
)
def test_every_half_axis_keeps_two_labels(case: str) -> None:
    name, options = HALVES[case]
    fig = tanhplot.figure(name, **options) if name else tanhplot.figure(**options)
    assert short_half_axes(fig) == []


def test_half_axis_check_finds_a_bare_half() -> None:
    fig = tanhplot.figure("tanh")
    assert short_half_axes(fig) == []
    ax = fig.axes[0]
    for label in [*ax.get_yticklabels(), *ax.get_yticklabels(minor=False)]:
        if label.get_position()[1] > 0:
            label.set_visible(False)
    assert short_half_axes(fig) == ["f+: 0"]


@pytest.mark.parametrize("theme", THEMES)
def test_theme_curves_are_visible(theme: str) -> None:
    """Curves have >= 3:1 contrast (WCAG graphical objects), the single
    activation's pair and the style's colour cycle alike (light keeps the
    seed's cycle, whose 5th and 6th colours are lighter)."""
    background = theme_background(theme)
    colors = THEME_COLORS[theme]
    for color in (colors.function, colors.derivative, colors.second_derivative):
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


def test_crossing_check_finds_a_text_on_a_curve() -> None:
    fig = tanhplot.figure()
    fig.axes[0].text(0.0, 0.0, "on tanh", ha="center", va="center")
    assert ("on tanh", "tanh") in texts_crossed(fig)
    assert texts_crossed(tanhplot.figure()) == []


def test_crossing_check_finds_a_tick_label_on_a_curve() -> None:
    # the seed's tick labels: every one left of the y axis
    fig = tanhplot.figure()
    for tick in fig.axes[0].yaxis.get_major_ticks():
        tick.label1.set_visible(True)
        tick.label2.set_visible(False)
    assert {"−0.25", "1.00"} <= {text for text, _ in texts_crossed(fig)}


def test_leader_check_finds_a_leader_across_a_curve() -> None:
    fig = tanhplot.figure()
    fig.axes[0].annotate(
        "far", xy=(2.0, 0.0), xytext=(-3.0, 0.8), arrowprops={"arrowstyle": "-"}
    )
    assert ("far", "tanh") in leaders_crossing(fig)
    assert leaders_crossing(tanhplot.figure(mark_max_slope=True)) == []


def test_headroom_and_plot_share_measure_the_figure() -> None:
    fig = tanhplot.figure()
    ax = fig.axes[0]
    assert 0.045 < headroom(ax) < 0.055  # matplotlib's 5% margins
    ax.set_ylim(-1.1, 3.0)
    assert headroom(ax) > 0.9
    assert 0.9 < plot_share(fig) < 1.0  # margins just wide enough
    ax.set_position((0.2, 0.2, 0.5, 0.5))
    assert plot_share(fig) == pytest.approx(0.25)


@pytest.mark.slow
@pytest.mark.parametrize("size", [(2.0, 1.5), (3.0, 2.0), (12.0, 3.0)])
def test_small_and_wide_figures_keep_their_plot(size: tuple[float, float]) -> None:
    # the plot keeps at least 45% of a small figure: text and lines scale
    # down with the figure (to 60% at most)
    fig = tanhplot.figure("tanh", "sigmoid", size=size)
    assert plot_share(fig) >= 0.45
    assert_legible(fig, "white")
