"""Panel grids: one centered-spine panel per activation, one shared legend."""

from __future__ import annotations

from typing import Any

import matplotlib.style
from matplotlib import rcParams
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D

from .activations import Activation
from .figures import _STYLE_ATTR, _finish, figure
from .plotting import _draw_curves
from .spec import FigureSpec

__all__ = ["grid"]


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
    with matplotlib.style.context(spec.styles):
        fig = Figure(figsize=spec.size, dpi=spec.dpi, layout="constrained")
        FigureCanvasAgg(fig)
        axes = list(fig.subplots(rows, cols, squeeze=False).flat)
        for ax in axes[len(spec.activations) :]:
            fig.delaxes(ax)
        if spec.title:
            fig.suptitle(spec.title)
        tick = FontProperties(size=rcParams["ytick.labelsize"]).get_size_in_points()
        pad = float(rcParams["axes.titlepad"]) + 0.6 * tick
        panels = []
        for ax, act in zip(axes, spec.activations, strict=False):
            panel = spec.replace(
                activations=(act,),
                grid=False,
                grid_shape=None,
                all=False,
                legend=False,
                title=None,
                venue=None,
                columns=None,
                aspect=None,
            )
            title = f"${act.short_latex}$" if spec.labels == "formula" else act.label
            # Left: the centre is where the y axis ends. Padded by half a tick
            # label, which sticks out above the Axes when at the top.
            ax.set_title(title, loc="left", pad=pad)
            panels.append((ax, panel, _draw_curves(ax, panel)))
        if spec.legend:
            _shared_legend(fig, spec, panels[0][2])
        _finish(fig, panels)
    setattr(fig, _STYLE_ATTR, spec.styles)
    return fig


def _shared_legend(fig: Figure, spec: FigureSpec, lines: list[Line2D]) -> None:
    """One legend above the panels: what the function and derivative look
    like (the same in every panel)."""
    if spec.labels == "formula":
        names = ["$f(z)$", "$f'(z)$"]
    else:
        names = ["function", "derivative"]
    handles = [
        Line2D(
            [],
            [],
            color=line.get_color(),
            linestyle=line.get_linestyle(),
            linewidth=line.get_linewidth(),
        )
        for line in lines
    ]
    fig.legend(
        handles,
        names[: len(handles)],
        loc="outside upper center",
        ncols=len(handles),
    )
