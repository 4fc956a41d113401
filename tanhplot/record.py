"""What each tanhplot figure was built from, kept beside the figure.

`tanhplot.figures.new_figure` records a figure's styles, spec and alt text
here; `tanhplot.save`, rich display and `alt_text` read them back. A figure
tanhplot did not make has no record. `in_style` puts styles in effect for
building, placing and drawing.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .alttext import spec_alt_text
from .errors import TanhplotError
from .spec import FigureSpec

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "Style",
    "alt_text",
    "figure_alt_text",
    "figure_dark_twin",
    "figure_spec",
    "figure_style",
    "in_style",
    "record",
    "record_dark_twin",
]

#: What `matplotlib.style.context` accepts: a style name or rcParams, or a list.
Style = str | list[str | dict[str, Any]]

#: The styles `in_style` put in effect, and the rcParams they made.
_IN_EFFECT: ContextVar[tuple[Style, dict[str, Any]] | None] = ContextVar(
    "tanhplot_styles_in_effect", default=None
)


def _rc() -> dict[str, Any]:
    """matplotlib's rcParams as they are now, but its backend: no style
    sets it, and reading it before a backend is chosen imports pyplot."""
    import matplotlib

    rc = matplotlib.rcParams
    return {key: rc[key] for key in rc if key != "backend"}


@contextmanager
def in_style(styles: Style) -> Iterator[None]:
    """``matplotlib.style.context(styles)``, applied only where they are not
    in effect already: inside `in_style` of the same *styles*, with rcParams
    still as those made them, nothing is applied (a GIF's frames are placed
    and drawn inside the styles the GIF is written in). Applying styles and
    restoring matplotlib's ~340 rcParams after takes ~1.4 ms, comparing
    them ~0.1 ms; a 30-frame GIF applied its styles 60 times."""
    import matplotlib
    import matplotlib.style

    current = _IN_EFFECT.get()
    if current is not None and current[0] == styles and _rc() == current[1]:
        yield
        return
    with matplotlib.style.context(styles):
        token = _IN_EFFECT.set((styles, _rc()))
        try:
            yield
        finally:
            _IN_EFFECT.reset(token)


@dataclass(frozen=True)
class _Record:
    styles: Style
    spec: FigureSpec | None
    alt_text: str | None
    #: For theme "auto": the same figure drawn in the dark theme.
    dark: Figure | None = None


_RECORDS: weakref.WeakKeyDictionary[Figure, _Record] = weakref.WeakKeyDictionary()


def record(
    fig: Figure, styles: Style, spec: FigureSpec | None, alt_text: str | None
) -> None:
    """Keep what *fig* was built from: its *styles*, *spec* and *alt_text*
    (None: the spec's)."""
    _RECORDS[fig] = _Record(styles, spec, alt_text)


def record_dark_twin(light: Figure, spec: FigureSpec, dark: Figure) -> None:
    """Record *dark*, the figure of *spec* in the dark theme, beside *light*,
    and *spec* (theme "auto") as what *light* was built from."""
    _RECORDS[light] = replace(_RECORDS[light], spec=spec, dark=dark)


def figure_style(fig: Figure) -> Style | None:
    """The styles a tanhplot figure was built in (None for other figures)."""
    found = _RECORDS.get(fig)
    return None if found is None else found.styles


def figure_spec(fig: Figure) -> FigureSpec | None:
    """The spec a tanhplot figure was built from (None for other figures)."""
    found = _RECORDS.get(fig)
    return None if found is None else found.spec


def figure_dark_twin(fig: Figure) -> Figure | None:
    """The dark twin of a figure of theme "auto" (None for other figures)."""
    found = _RECORDS.get(fig)
    return None if found is None else found.dark


def figure_alt_text(fig: Figure) -> str | None:
    """The alt text of a tanhplot figure (None for other figures)."""
    found = _RECORDS.get(fig)
    if found is None:
        return None
    if found.alt_text is not None:
        return found.alt_text
    return spec_alt_text(found.spec) if found.spec is not None else None


def alt_text(spec: FigureSpec | Figure) -> str:
    """Describe the figure *spec* draws, for screen readers and captions.

    Parameters
    ----------
    spec : FigureSpec or matplotlib.figure.Figure
        The figure to describe: its spec, or a figure tanhplot made (a
        plot, a grid or a formula card).

    Returns
    -------
    str
        One or two sentences, e.g. ``"Line plot of tanh(z) and its derivative
        1 - tanh(z)^2 for z from -4 to 4; tanh rises from -1 to 1 and its
        derivative peaks at 1 at z = 0."``. The facts are computed from the
        sampled values of the figure, so they hold for any activation.

    Examples
    --------
    >>> print(alt_text(FigureSpec(activations=["sigmoid"], derivative=False)))
    Line plot of sigmoid(z) for z from -4 to 4; sigmoid rises from 0.02 to 0.98.

    Raises
    ------
    TanhplotError
        For a figure tanhplot did not make, or anything else.
    """
    if isinstance(spec, FigureSpec):
        return spec_alt_text(spec)
    from matplotlib.figure import Figure

    text = figure_alt_text(spec) if isinstance(spec, Figure) else None
    if text is None:
        raise TanhplotError(
            f"alt_text needs a FigureSpec or a figure tanhplot made, got {spec!r}"
        )
    return text
