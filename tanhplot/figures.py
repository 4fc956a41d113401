"""Figure assembly: the one constructor of every tanhplot figure.

`new_figure` applies the style, makes the Figure and its Agg canvas and
records what the figure was built from; `figure` (single Axes or a grid of
panels) and `plot` (a user's own Axes) draw with `tanhplot.plotting` and then
place the texts with `tanhplot.place`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Literal

from matplotlib import rcParams
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import ConstrainedLayoutEngine, LayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .activations import Activation
from .display import TanhplotFigure
from .place import place_axes, place_figure, run_layout, shared_legend
from .plotting import (
    SATURATION_GID,
    check_axes,
    draw_curves,
    feature_range,
    saturation_label,
)
from .record import in_style, record, record_dark_twin
from .spec import AUTO_THEME, FigureSpec, panel_letter

__all__ = [
    "figure",
    "grid",
    "new_figure",
    "plot",
]

#: Inches between the figure's edge and what it holds.
_MARGIN = 0.08


@contextmanager
def new_figure(
    spec: FigureSpec,
    *,
    size: tuple[float, float] | None = None,
    layout: Literal["constrained"] | LayoutEngine | None = None,
    alt_text: str | None = None,
) -> Iterator[Figure]:
    """Build a figure inside *spec*'s style: a Figure with an Agg canvas (not
    registered with pyplot) of *size* inches (default ``spec.size``), whose
    styles and spec are recorded for `save` (which draws in the same styles
    and writes the alt text: *alt_text* if given, else the spec's)."""
    with in_style(spec.styles):
        fig = TanhplotFigure(figsize=size or spec.size, dpi=spec.dpi, layout=layout)
        FigureCanvasAgg(fig)
        yield fig
    record(fig, spec.styles, spec, alt_text)


def with_dark_twin(spec: FigureSpec, build: Callable[[FigureSpec], Figure]) -> Figure:
    """The figure of *spec* (theme "auto"): *build* draws it in the light
    theme, which is returned, and in the dark theme, recorded beside it
    (`figure_dark_twin`) for `tanhplot.save`, which merges the two into one
    SVG file whose colours follow the reader's setting."""
    light = build(spec.replace(theme="light"))
    dark = build(spec.replace(theme="dark"))
    record_dark_twin(light, spec, dark)
    return light


def figure(
    *activations: str | Activation,
    spec: FigureSpec | None = None,
    **options: Any,
) -> Figure:
    """Build the centered-spine figure of activations and their derivatives.

    ``tanhplot.figure()`` is the seed figure: tanh and its derivative for z in
    [-4, 4], 9 x 5 inches, ``#307EC7`` / ``#9621E2``, linewidth 3, a frameless
    legend placed clear of the curves.

    Parameters
    ----------
    *activations : str or Activation
        Names such as ``"sigmoid"`` or ``"leaky_relu(negative_slope=0.1)"``,
        or `Activation` objects. Default: tanh.
    spec : FigureSpec, optional
        A complete description; *options* are applied on top of it.
    **options
        Any option of `FigureSpec` (its docstring lists each with its
        default): ``derivative=False``, ``xlim=(-6, 6)``, ``theme="dark"``,
        ``venue="icml"``, ``mark_max_slope=True``, ...

    Returns
    -------
    matplotlib.figure.Figure
        A figure not registered with pyplot; save it with `tanhplot.save` or
        ``fig.savefig``, or show it in a notebook.

    Raises
    ------
    TanhplotError
        For an unknown option or activation, or an invalid value.
    """
    if activations:
        options["activations"] = activations
    if spec is None or options:
        base = {} if spec is None else spec.options()
        spec = FigureSpec.from_options({**base, **options})
    if spec.theme == AUTO_THEME:
        return with_dark_twin(spec, lambda drawn: figure(spec=drawn))
    if spec.grid:
        return _grid_figure(spec)
    # Margins just wide enough for what sticks out of the Axes.
    margins = ConstrainedLayoutEngine(w_pad=_MARGIN, h_pad=_MARGIN)
    with new_figure(spec, layout=margins) as fig:
        ax = fig.subplots()
        lines = draw_curves(ax, spec)
        _fix_title_and_labels(ax, spec.title)
        place_figure(fig, [(ax, spec, lines)])
    return fig


def grid(
    *activations: str | Activation,
    spec: FigureSpec | None = None,
    **options: Any,
) -> Figure:
    """A grid of panels, one per activation, each with centered spines.

    ``tanhplot.grid()`` draws every registered activation: a cheat sheet.

    Parameters
    ----------
    *activations : str or Activation
        The activations, one panel each. Default: all registered ones.
    spec : FigureSpec, optional
        A complete description; *options* are applied on top of it.
    **options
        Any `FigureSpec` field, as for `tanhplot.figure`; ``grid_shape=(rows,
        columns)`` sets the layout (default: as square as possible), and
        ``size`` the whole figure (default: 3.2 inches per panel, or the
        venue's width).

    Returns
    -------
    matplotlib.figure.Figure
        One Axes per activation; one legend for the whole figure.
    """
    if not activations and spec is None and "activations" not in options:
        options.setdefault("all", True)
    return figure(*activations, spec=spec, grid=True, **options)


def _grid_figure(spec: FigureSpec) -> Figure:
    """The grid figure of *spec* (``spec.grid`` is true)."""
    rows, cols = spec.shape
    with new_figure(spec, layout="constrained") as fig:
        # only the cells that hold a panel get an Axes (as fig.subplots
        # makes them, row by row)
        cells = fig.add_gridspec(rows, cols)
        axes = [
            fig.add_subplot(cells[index // cols, index % cols])
            for index in range(len(spec.activations))
        ]
        if spec.title:
            fig.suptitle(spec.title)
        tick = FontProperties(size=rcParams["ytick.labelsize"]).get_size_in_points()
        pad = float(rcParams["axes.titlepad"]) + 0.6 * tick
        panels = []
        for index, (ax, act) in enumerate(zip(axes, spec.activations, strict=False)):
            panel = spec.replace(
                activations=(act,),
                grid=False,
                grid_shape=None,
                all=False,
                legend=False,
                title=None,
                venue=None,
                columns=None,
                rel_width=None,
                aspect=None,
                panel_labels=False,
                xlim=feature_range(act, spec.xlim),
            )
            title = f"${act.short_latex}$" if spec.labels == "formula" else act.label
            if spec.panel_labels:
                # In the title, left: clear of the curves and tick labels
                # wherever the panel's own title is.
                title = f"{panel_letter(index)} {title}"
            # Left: the centre is where the y axis ends. Padded by half a tick
            # label, which sticks out above the Axes when at the top.
            lines = draw_curves(ax, panel)
            _fix_title_and_labels(ax, title, loc="left", pad=pad)
            panels.append((ax, panel, lines))
        if spec.legend:
            _shared_legend(fig, spec, panels)
        place_figure(fig, panels)
    return fig


def _fix_title_and_labels(ax: Axes, title: str | None, **options: Any) -> None:
    """Give *ax* (drawn by `draw_curves`) its *title* (if any, with
    ``set_title``'s *options*) and fix where matplotlib puts it and its own
    axis labels, which it otherwise works out again at each layout pass and
    each draw by measuring every tick label (a fifth of a cheat sheet's
    time). Neither would move:

    - a title moves only above x tick labels at the top of the Axes (ours
      are below their axis line) or above the y axis's offset or power of
      ten (such as "1e-6"); with one of those, the title stays automatic;
    - tanhplot writes its axis labels as annotations (``axis_labels``), so
      matplotlib's stay empty; they are fixed below and left of the Axes.
    """
    if title:
        formatter = ax.yaxis.get_major_formatter()
        formatter.set_locs(list(ax.yaxis.get_majorticklocs()))
        ax.set_title(title, y=None if formatter.get_offset() else 1.0, **options)
    ax.xaxis.set_label_coords(0.5, 0.0)
    ax.yaxis.set_label_coords(0.0, 0.5)


def _shared_legend(
    fig: Figure, spec: FigureSpec, panels: list[tuple[Axes, FigureSpec, list[Line2D]]]
) -> None:
    """One legend above the panels: what the function, the derivatives and
    the saturation shading look like (the same in every panel)."""
    formula = spec.labels == "formula"
    names = ["$f(z)$" if formula else "function"]
    if spec.derivative:
        names.append("$f'(z)$" if formula else "derivative")
    if spec.second_derivative:
        names.append("$f''(z)$" if formula else "second derivative")
    lines = panels[0][2]
    handles: list[Artist] = [
        Line2D(
            [],
            [],
            color=line.get_color(),
            linestyle=line.get_linestyle(),
            linewidth=line.get_linewidth(),
        )
        for line in lines
    ]
    shades = [
        patch
        for ax, _, _ in panels
        for patch in ax.patches
        if patch.get_gid() == SATURATION_GID
    ]
    if shades and spec.saturation_fraction is not None:
        handles.append(
            Patch(
                facecolor=shades[0].get_facecolor(),
                linewidth=0,
            )
        )
        names.append(saturation_label(None, spec.saturation_fraction, True))
    shared_legend(fig, handles, names[: len(handles)])


def plot(
    ax: Axes,
    *activations: str | Activation,
    derivative: bool = True,
    xlim: tuple[float, float] = (-4.0, 4.0),
    ylim: tuple[float, float] | None = None,
    samples: int = 801,
    legend: bool = True,
    legend_loc: str = "auto",
) -> list[Line2D]:
    """Draw activations (and their derivatives) on *ax* with centered spines.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The Axes to draw on; nothing else is touched.
    *activations : str or Activation
        Names such as ``"tanh"`` or ``"leaky_relu(negative_slope=0.1)"``, or
        `Activation` objects. Default: tanh.
    derivative : bool, default True
        Also draw each derivative (dashed, in the function's colour, when
        several activations are drawn).
    xlim : (float, float), default (-4, 4)
        The z range; both ends are sampled.
    ylim : (float, float), optional
        The vertical range; by default it fits the curves.
    samples : int, default 801
        Evenly spaced z values, ends included.
    legend : bool, default True
        Draw a legend.
    legend_loc : str, default "auto"
        A matplotlib legend location, or ``"auto"``: the first corner where
        the legend covers no curve, spine, marker or label (after adding
        some headroom if that helps), else above the Axes, whose top is
        lowered to make room when the figure has no layout engine.

    Returns
    -------
    list of matplotlib.lines.Line2D
        The lines drawn: each function followed by its derivative.
    """
    check_axes(ax)
    spec = FigureSpec(
        activations=activations or ("tanh",),  # type: ignore[arg-type]
        derivative=derivative,
        xlim=xlim,
        ylim=ylim,
        samples=samples,
        legend=legend,
        legend_loc=legend_loc,
    )
    lines = draw_curves(ax, spec)
    # Place for the Axes' size after the user's layout engine (constrained,
    # tight) has run: a draw would run it again, moving nothing more, where
    # placing first let it move the Axes under labels placed for another size.
    run_layout(ax.get_figure(root=True))
    place_axes(ax, spec, lines)
    return lines
