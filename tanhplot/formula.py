"""Formula cards: an image of an activation's formulas, set with mathtext."""

from __future__ import annotations

from typing import Any

from matplotlib import rcParams
from matplotlib.figure import Figure

from .activations import Activation
from .figures import new_figure
from .spec import FigureSpec

__all__ = ["formula_card", "formulas"]

_PAD = 0.15  # inches around the formulas
_GAP = 0.6  # blank space between lines, in line heights
_SCALE = 1.6  # formula size relative to the theme's font size


def _math(text: str) -> str:
    # Display-style fractions: inline \frac sets e^{-z} too small to read.
    text = text.replace(r"\frac", r"\dfrac").replace(r"\ddfrac", r"\dfrac")
    return text if text.startswith("$") else f"${text}$"


def formulas(act: Activation) -> list[str]:
    """Mathtext lines of a formula card: f(z) = ..., f'(z) = ... and f' in
    terms of f when the activation has it (``derivative_in_terms_of_f``)."""
    lines = [
        _math(f"f(z) = {act.latex}"),
        _math(f"f'(z) = {act.derivative_latex}"),
    ]
    in_f = getattr(act, "derivative_in_terms_of_f", None)
    if isinstance(in_f, str) and in_f:
        body = in_f.strip("$")
        lines.append(_math(body if "=" in body else f"f' = {body}"))
    return lines


def formula_card(
    activation: str | Activation = "tanh",
    *,
    spec: FigureSpec | None = None,
    **options: Any,
) -> Figure:
    """An image of *activation*'s formulas in a theme: the equations a post
    shows above its plot.

    Parameters
    ----------
    activation : str or Activation, default "tanh"
        A registered name (``"sigmoid"``) or an `Activation`.
    spec : FigureSpec, optional
        Theme, venue (font size), transparency, dpi and usetex are taken
        from it; *options* are applied on top.
    **options
        `FigureSpec` fields, e.g. ``theme="dark"``, ``transparent=True``.

    Returns
    -------
    matplotlib.figure.Figure
        A figure just large enough for the formulas, one per line.
    """
    base = {} if spec is None else spec.options()
    spec = FigureSpec.from_options(
        {**base, **options, "activations": (activation,), "grid": False}
    )
    (act,) = spec.activations
    # A card draws no plot: no spec recorded, so no plot's alt text.
    with new_figure(spec, size=(1.0, 1.0), describe=False) as fig:
        size = _SCALE * float(rcParams["font.size"])
        texts = [
            fig.text(0.0, 0.0, line, fontsize=size, ha="left", va="baseline")
            for line in formulas(act)
        ]
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        boxes = [t.get_window_extent(renderer) for t in texts]
        inch = fig.dpi
        # Height above and depth below the baseline of each line, in inches.
        ascent: list[float] = []
        depth: list[float] = []
        for box, text in zip(boxes, texts, strict=True):
            baseline = fig.transFigure.transform(text.get_position())[1]
            ascent.append((box.y1 - baseline) / inch)
            depth.append((baseline - box.y0) / inch)
        line = size / 72.0
        width = max(b.width for b in boxes) / inch + 2 * _PAD
        height = sum(ascent) + sum(depth) + _GAP * line * (len(texts) - 1) + 2 * _PAD
        fig.set_size_inches(width, height)
        y = height - _PAD
        for text, up, down in zip(texts, ascent, depth, strict=True):
            y -= up
            text.set_position((_PAD / width, y / height))
            y -= down + _GAP * line
    return fig
