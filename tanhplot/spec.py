"""FigureSpec: the one validated description of a figure.

The CLI, `tanhplot.figure` keyword arguments (and, later, spec files) all build a
`FigureSpec`; validation lives here only, so every entry point gives the same
error for the same bad value. This module does not import matplotlib.
"""

from __future__ import annotations

import dataclasses
import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from .activations import Activation, resolve
from .errors import TanhplotError, check_choice, suggest

__all__ = ["LEGEND_LOCATIONS", "THEMES", "FigureSpec"]

#: Legend locations: matplotlib's named ones plus "auto", tanhplot's placement
#: that keeps the legend clear of every curve and tick label.
LEGEND_LOCATIONS = (
    "auto",
    "best",
    "upper right",
    "upper left",
    "lower left",
    "lower right",
    "right",
    "center left",
    "center right",
    "lower center",
    "upper center",
    "center",
)

#: Themes shipped as ``tanhplot/<theme>.mplstyle``.
THEMES = ("light",)

MAX_SAMPLES = 1_000_000
MAX_DPI = 2400.0
MAX_INCHES = 100.0
#: Largest raster: 40 megapixels (e.g. 9x5 in at 940 dpi) keeps memory < ~0.5 GB.
MAX_PIXELS = 40_000_000
#: Most activations in one figure.
MAX_ACTIVATIONS = 32


def _pair(name: str, value: object) -> tuple[float, float]:
    try:
        low, high = cast(Iterable[Any], value)
        pair: tuple[float, float] = (float(low), float(high))
    except (TypeError, ValueError):
        raise TanhplotError(
            f"{name} must be two numbers (min, max), got {value!r}"
        ) from None
    if not all(math.isfinite(v) for v in pair):
        raise TanhplotError(f"{name} must be finite, got {pair[0]:g} {pair[1]:g}")
    if pair[0] >= pair[1]:
        raise TanhplotError(f"{name} needs min < max, got {pair[0]:g} {pair[1]:g}")
    return pair


def _positive(name: str, value: object, maximum: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TanhplotError(f"{name} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise TanhplotError(f"{name} must be a positive number, got {value!r}")
    if number > maximum:
        raise TanhplotError(f"{name} must be at most {maximum:g}, got {value!r}")
    return number


MAX_TEXT = 200


def check_text(name: str, value: object) -> str:
    """Return *value* if it is text matplotlib can draw, else raise.

    Rejects non-strings, control characters, text over MAX_TEXT characters
    and ``$...$`` mathtext that does not parse (which would otherwise fail
    only when the figure is drawn).
    """
    if not isinstance(value, str):
        raise TanhplotError(f"{name} must be text, got {value!r}")
    if len(value) > MAX_TEXT:
        raise TanhplotError(
            f"{name} is {len(value)} characters long; at most {MAX_TEXT}"
        )
    for char in value:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            raise TanhplotError(
                f"{name} contains the control character U+{ord(char):04X}: "
                "use printable text"
            )
    unescaped = value.replace(r"\$", "")
    if unescaped.count("$") >= 2 and unescaped.count("$") % 2 == 0:
        from matplotlib.mathtext import MathTextParser

        try:
            MathTextParser("path").parse(value)
        except ValueError as exc:
            detail = str(exc).strip().splitlines()[-1] if str(exc).strip() else ""
            raise TanhplotError(
                f"{name} has invalid math text {value!r}: {detail}"
            ) from None
    return value


def parse_size(text: str) -> tuple[float, float]:
    """Parse ``"9x5"`` (inches) into ``(9.0, 5.0)``."""
    parts = text.lower().replace("×", "x").split("x")
    try:
        width, height = (float(p) for p in parts)
    except ValueError:
        raise TanhplotError(
            f"size must be WIDTHxHEIGHT in inches, e.g. 9x5, got {text!r}"
        ) from None
    return width, height


@dataclass(frozen=True)
class FigureSpec:
    """A validated description of one figure.

    Construct it directly or with `FigureSpec.from_options`; invalid values
    raise `TanhplotError` naming the value and what would be valid.

    Parameters
    ----------
    activations : sequence of str or Activation
        Names (``"tanh"``, ``"leaky_relu(negative_slope=0.1)"``) or objects.
    derivative : bool
        Also draw each activation's derivative.
    xlim : (float, float)
        The z range; both ends are sampled.
    ylim : (float, float) or None
        The vertical range; None fits the curves.
    samples : int
        Number of evenly spaced z values, ends included.
    size : (float, float)
        Figure width and height in inches.
    dpi : float
        Dots per inch of raster output.
    title : str or None
        Figure title.
    legend : bool
        Draw a legend.
    legend_loc : str
        One of `LEGEND_LOCATIONS`; ``"auto"`` keeps it clear of all curves.
    theme : str
        One of `THEMES`.
    """

    activations: tuple[Activation, ...] = ("tanh",)  # type: ignore[assignment]
    derivative: bool = True
    xlim: tuple[float, float] = (-4.0, 4.0)
    ylim: tuple[float, float] | None = None
    samples: int = 801
    size: tuple[float, float] = (9.0, 5.0)
    dpi: float = 100.0
    title: str | None = None
    legend: bool = True
    legend_loc: str = "auto"
    theme: str = "light"

    def __post_init__(self) -> None:
        def put(name: str, value: object) -> None:
            object.__setattr__(self, name, value)

        acts = self.activations
        if isinstance(acts, str | Activation):
            acts = (acts,)
        if not isinstance(acts, Iterable):
            raise TanhplotError(f"activations must be a list, got {acts!r}")
        acts = tuple(acts)
        if not acts:
            raise TanhplotError("at least one activation is needed")
        if len(acts) > MAX_ACTIVATIONS:
            raise TanhplotError(
                f"at most {MAX_ACTIVATIONS} activations in one figure, got {len(acts)}"
            )
        resolved = tuple(resolve(a) for a in acts)
        put("activations", resolved)
        for flag in ("derivative", "legend"):
            if not isinstance(getattr(self, flag), bool):
                raise TanhplotError(
                    f"{flag} must be true or false, got {getattr(self, flag)!r}"
                )
        put("xlim", _pair("xlim", self.xlim))
        if self.ylim is not None:
            put("ylim", _pair("ylim", self.ylim))
        samples = self.samples
        if isinstance(samples, bool) or not isinstance(samples, int):
            raise TanhplotError(f"samples must be a whole number, got {samples!r}")
        if not 2 <= samples <= MAX_SAMPLES:
            raise TanhplotError(
                f"samples must be between 2 and {MAX_SAMPLES}, got {samples}"
            )
        size = self.size
        if isinstance(size, str):
            size = parse_size(size)
        try:
            width, height = size
        except (TypeError, ValueError):
            raise TanhplotError(
                f"size must be (width, height) in inches, got {size!r}"
            ) from None
        put(
            "size",
            (
                _positive("size width", width, MAX_INCHES),
                _positive("size height", height, MAX_INCHES),
            ),
        )
        put("dpi", _positive("dpi", self.dpi, MAX_DPI))
        width_px, height_px = (round(v * self.dpi) for v in self.size)
        if width_px * height_px > MAX_PIXELS:
            raise TanhplotError(
                f"a {self.size[0]:g}x{self.size[1]:g} in figure at {self.dpi:g} dpi "
                f"would be {width_px}x{height_px} pixels; at most "
                f"{MAX_PIXELS // 1_000_000} megapixels (lower the dpi or the size)"
            )
        if self.title is not None:
            check_text("title", self.title)
        check_choice("legend location", self.legend_loc, LEGEND_LOCATIONS)
        check_choice("theme", self.theme, THEMES)

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> FigureSpec:
        """Build a spec from keyword options, rejecting unknown names with a
        suggestion (``titel`` -> ``title``)."""
        names = [f.name for f in dataclasses.fields(cls)]
        for key in options:
            if key not in names:
                raise TanhplotError(
                    f"unknown option {key!r}{suggest(key, names)} "
                    f"(valid: {', '.join(names)})"
                )
        return cls(**options)

    def replace(self, **changes: Any) -> FigureSpec:
        """Return a validated copy with *changes* applied."""
        return dataclasses.replace(self, **changes)

    @property
    def style(self) -> str:
        """The matplotlib style name of the theme, e.g. ``"tanhplot.light"``."""
        return f"tanhplot.{self.theme}"
