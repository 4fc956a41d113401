"""Rich display: tanhplot figures show themselves in Jupyter and IPython.

`TanhplotFigure` is the matplotlib Figure class of every figure tanhplot
builds (`tanhplot.figures.new_figure`). IPython asks an object for
``_repr_mimebundle_`` before falling back to its text, so a figure shows as an
image without pyplot, without the inline backend and without registering
anything globally: the image is the file `tanhplot.save` would write (SVG and
PNG), and the alt text travels in the display metadata and the SVG's
``<desc>``.
"""

from __future__ import annotations

from typing import Any

from matplotlib.figure import Figure

__all__ = ["TanhplotFigure", "mimebundle"]


def mimebundle(fig: Figure) -> tuple[dict[str, Any], dict[str, Any]]:
    """The data and metadata IPython displays for *fig*: SVG and PNG as
    `tanhplot.save` writes them, plain text (the alt text) for terminals,
    and the alt text in the metadata of each image."""
    from .export import figure_bytes
    from .record import figure_alt_text

    alt = figure_alt_text(fig) or "a figure"
    svg = figure_bytes(fig, "figure.svg").decode("utf-8")
    png = figure_bytes(fig, "figure.png")
    width, height = (fig.get_size_inches() * 72).round().astype(int).tolist()
    data = {"image/svg+xml": svg, "image/png": png, "text/plain": alt}
    size = {"width": width, "height": height}
    metadata = {
        "image/svg+xml": {"alt": alt},
        "image/png": {"alt": alt, **size},
    }
    return data, metadata


class TanhplotFigure(Figure):
    """A matplotlib Figure that displays itself in notebooks (see the
    module's docstring); otherwise an ordinary Figure."""

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        data, metadata = mimebundle(self)
        if include:
            data = {k: v for k, v in data.items() if k in include}
        if exclude:
            data = {k: v for k, v in data.items() if k not in exclude}
        return data, {k: v for k, v in metadata.items() if k in data}
