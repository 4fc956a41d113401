"""Figure-level drawing: `figure` builds a whole Figure from a FigureSpec."""

from __future__ import annotations

from typing import Any

import matplotlib.style
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .activations import Activation
from .plotting import _draw
from .spec import FigureSpec

__all__ = ["figure", "figure_style"]

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
        ``legend_loc``, ``theme``.

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
        base = {} if spec is None else _fields(spec)
        spec = FigureSpec.from_options({**base, **options})
    with matplotlib.style.context(spec.style):
        fig = Figure(figsize=spec.size, dpi=spec.dpi)
        FigureCanvasAgg(fig)
        ax = fig.subplots()
        if spec.title:
            ax.set_title(spec.title)
        _draw(ax, spec)
    setattr(fig, _STYLE_ATTR, spec.style)
    fig._tanhplot_spec = spec  # type: ignore[attr-defined]  # save(): alt text
    return fig


def figure_style(fig: Figure) -> str | None:
    """The tanhplot style a figure was built in (None for other figures)."""
    style = getattr(fig, _STYLE_ATTR, None)
    return style if isinstance(style, str) else None


def _fields(spec: FigureSpec) -> dict[str, Any]:
    return {name: getattr(spec, name) for name in spec.__dataclass_fields__}
