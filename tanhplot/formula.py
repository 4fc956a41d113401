"""Formula cards: an image of an activation's formulas, set with mathtext."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from .activations import Activation, builtins
from .alttext import card_alt_text
from .figures import new_figure, with_dark_twin
from .spec import AUTO_THEME, PRINT_DPI, FigureSpec

__all__ = ["formula_card", "formulas"]

_PAD = 0.15  # inches around the formulas
_GAP = 0.6  # blank space between lines, in line heights
_SCALE = 1.6
_GRAIN = (
    1 / 24
)  # inches: 4 px at 96 dpi, 3 pt  # formula size relative to the theme's font size


def _math(text: str) -> str:
    # Display-style fractions: inline \frac sets e^{-z} too small to read.
    text = text.replace(r"\frac", r"\dfrac").replace(r"\ddfrac", r"\dfrac")
    return text if text.startswith("$") else f"${text}$"


def formulas(act: Activation) -> list[str]:
    """Mathtext lines of a formula card: f(z) = ..., f'(z) = ... and f' in
    terms of f when the activation has it (``derivative_in_terms_of_f``)."""
    # A built-in is f; your own activation is called by its name.
    f = "f" if act.name in builtins() else rf"\mathrm{{{act.name}}}".replace("_", r"\_")
    lines = [
        _math(f"{f}(z) = {act.latex}"),
        _math(f"{f}'(z) = {act.derivative_latex}"),
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
        {
            **base,
            **options,
            "activations": (activation,),
            "grid": False,
            "panel_labels": False,
        }
    )
    if spec.auto_dpi:
        spec = spec.replace(dpi=PRINT_DPI)  # a card is for pages and print
    if spec.theme == AUTO_THEME:
        return with_dark_twin(
            spec, lambda drawn: formula_card(drawn.activations[0], spec=drawn)
        )
    (act,) = spec.activations
    with new_figure(spec, size=(1.0, 1.0), alt_text=card_alt_text(act)) as fig:
        size = _SCALE * float(rcParams["font.size"])
        texts = [
            fig.text(0.0, 0.0, line, fontsize=size, ha="left", va="baseline")
            for line in formulas(act)
        ]
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        boxes = [t.get_window_extent(renderer) for t in texts]
        # Height above and depth below the baseline of each line, in inches:
        # first of its box, then of its ink (a box holds empty room above a
        # fraction, which would make the gaps look uneven).
        extents = [
            (
                (box.y1 - _baseline(fig, text)) / fig.dpi,
                (_baseline(fig, text) - box.y0) / fig.dpi,
            )
            for box, text in zip(boxes, texts, strict=True)
        ]
        width = max(b.width for b in boxes) / fig.dpi + 2 * _PAD
        _stack(fig, texts, extents, width, size / 72.0)
        extents = _ink_extents(fig, texts, boxes=[t.get_window_extent() for t in texts])
        _stack(fig, texts, extents, width, size / 72.0)
    return fig


def _baseline(fig: Figure, text: Text) -> float:
    return float(fig.transFigure.transform(text.get_position())[1])


def _stack(
    fig: Figure,
    texts: list[Text],
    extents: list[tuple[float, float]],
    width: float,
    line: float,
) -> None:
    """Size *fig* to hold *texts*, one under the other, each with its
    (ascent, depth) in inches, `_GAP` line heights apart and at least `_PAD`
    inside the edges. Width and height are whole multiples of `_GRAIN`
    (whole pixels at 96 and 192 dpi, whole points in a PDF), the spare
    shared evenly, so that no renderer pads a page with a part pixel."""
    gap = _GAP * line
    inner = sum(up + down for up, down in extents) + gap * (len(texts) - 1)
    height = math.ceil((inner + 2 * _PAD) / _GRAIN - 1e-9) * _GRAIN
    full = math.ceil(width / _GRAIN - 1e-9) * _GRAIN
    fig.set_size_inches(full, height)
    left = _PAD + (full - width) / 2
    y = height - (height - inner) / 2
    for text, (up, down) in zip(texts, extents, strict=True):
        y -= up
        text.set_position((left / full, y / height))
        y -= down + gap


def _ink_extents(
    fig: Figure, texts: list[Text], boxes: list[Bbox]
) -> list[tuple[float, float]]:
    """(ascent, depth) in inches of each text's ink: the rows of its box
    where the drawn figure differs from the background."""
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba())  # type: ignore[attr-defined]
    rows = pixels.shape[0]
    background = pixels[0, 0]
    extents = []
    for text, box in zip(texts, boxes, strict=True):
        top, bottom = rows - int(np.ceil(box.y1)), rows - int(np.floor(box.y0))
        left, right = int(np.floor(box.x0)), int(np.ceil(box.x1))
        region = pixels[max(top, 0) : bottom, max(left, 0) : right]
        inked = np.flatnonzero((region != background).any(axis=(1, 2)))
        baseline = _baseline(fig, text)
        if not inked.size:
            extents.append(
                ((box.y1 - baseline) / fig.dpi, (baseline - box.y0) / fig.dpi)
            )
            continue
        ink_top = rows - (max(top, 0) + int(inked[0]))
        ink_bottom = rows - (max(top, 0) + int(inked[-1]) + 1)
        extents.append(
            ((ink_top - baseline) / fig.dpi, (baseline - ink_bottom) / fig.dpi)
        )
    return extents
