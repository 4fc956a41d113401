"""Figure-level drawing: `figure` builds a whole Figure from a FigureSpec."""

from __future__ import annotations

from typing import Any

import matplotlib.style
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

from .activations import Activation
from .annotate import ANNOTATION_GID
from .plotting import _draw_curves, _place_texts
from .spec import FigureSpec

__all__ = ["Style", "figure", "figure_style"]

#: What `matplotlib.style.context` accepts: a style name or rcParams, or a list.
Style = str | list[str | dict[str, Any]]

_STYLE_ATTR = "_tanhplot_style"


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
        Any `FigureSpec` field: ``derivative``, ``xlim``, ``ylim``,
        ``samples``, ``size``, ``dpi``, ``title``, ``legend``,
        ``legend_loc``, ``theme``, ``transparent``, ``venue``, ``columns``,
        ``aspect``, ``usetex``, ``labels``, ``axis_labels``, ``arrows``,
        ``asymptotes``, ``mark_max_slope``, ``grid``, ``grid_shape``, ``all``
        (see `FigureSpec`).

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
    if spec.grid:
        from .grids import _grid_figure

        return _grid_figure(spec)
    with matplotlib.style.context(spec.styles):
        fig = Figure(figsize=spec.size, dpi=spec.dpi)
        FigureCanvasAgg(fig)
        ax = fig.subplots()
        if spec.title:
            ax.set_title(spec.title)
        lines = _draw_curves(ax, spec)
        _finish(fig, [(ax, spec, lines)])
    setattr(fig, _STYLE_ATTR, spec.styles)
    fig._tanhplot_spec = spec  # type: ignore[attr-defined]  # save(): alt text
    return fig


def _finish(fig: Figure, panels: list[tuple[Axes, FigureSpec, list[Line2D]]]) -> None:
    """Fix the layout, then place labels and legends.

    A layout engine (a venue's or a grid's constrained layout) runs once with
    the curves drawn and is then switched off, so the Axes do not move after
    the labels were placed clear of everything.
    """
    drawn = fig.get_layout_engine() is not None
    if drawn:
        fig.draw_without_rendering()
        fig.set_layout_engine("none")
    # In a grid, a panel's labels keep off the other panels (their Axes, tick
    # labels and titles) and the labels placed there before.
    areas = [ax.get_tightbbox() for ax, _, _ in panels] if len(panels) > 1 else []
    labels: list[Bbox] = []
    for index, (ax, spec, lines) in enumerate(panels):
        others = [area for i, area in enumerate(areas) if i != index and area]
        _place_texts(ax, spec, lines, drawn=drawn, avoid=[*others, *labels])
        if areas:
            labels += [
                text.get_window_extent()
                for text in ax.texts
                if text.get_gid() == ANNOTATION_GID and text.get_visible()
            ]


def figure_style(fig: Figure) -> Style | None:
    """The styles a tanhplot figure was built in (None for other figures)."""
    style = getattr(fig, _STYLE_ATTR, None)
    return style if isinstance(style, str | list) else None
