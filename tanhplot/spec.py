"""FigureSpec: the one validated description of a figure.

The CLI, `tanhplot.figure` keyword arguments and spec files all build a
`FigureSpec`; validation lives here only, so every entry point gives the same
error for the same bad value. Each option is declared once, as a field (see
`tanhplot.options`). This module imports neither matplotlib nor numpy
(``--help`` reads the declarations); validating a spec imports the
activations.
"""

from __future__ import annotations

import dataclasses
import math
import shutil
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from .errors import TanhplotError, suggest
from .options import declared, document, option
from .themes import THEMES, style_file
from .venues import DEFAULT_ASPECT

if TYPE_CHECKING:
    from .activations import Activation

__all__ = [
    "AUTO_THEME",
    "LABELS",
    "LEGEND_LOCATIONS",
    "THEMES",
    "THEME_CHOICES",
    "FigureSpec",
    "check_theme_format",
    "panel_letter",
]

#: The theme of one SVG whose colours follow the reader's light or dark
#: setting (CSS ``prefers-color-scheme``): drawn in "light" and "dark" and
#: merged by `tanhplot.colorscheme`.
AUTO_THEME = "auto"
#: Every value of ``theme``: the shipped themes, then "auto".
THEME_CHOICES = (*THEMES, AUTO_THEME)
#: Formats whose colours can follow the reader's setting.
AUTO_THEME_FORMATS = ("svg",)
#: Share of the derivative's peak below which ``saturation=True`` shades.
DEFAULT_SATURATION = 0.05


def check_theme_format(theme: str, fmt: str) -> None:
    """Refuse *theme* "auto" in a format that cannot change its colours
    (PNG, PDF, PGF): one file cannot follow the reader's setting there."""
    if theme == AUTO_THEME and fmt not in AUTO_THEME_FORMATS:
        raise TanhplotError(
            f"theme 'auto' (colours that follow the reader's light or dark "
            f"setting) needs an .svg file; a {fmt} file cannot change its "
            "colours: write .svg, or use theme light, dark or light,dark"
        )


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

#: Legend texts: activation names ("tanh", "derivative") or formulas.
LABELS = ("name", "formula")

#: The size of the default figure (the seed's), in inches.
DEFAULT_SIZE = (9.0, 5.0)
#: Width in inches of one panel of a grid without a venue; height / width.
GRID_PANEL_WIDTH = 3.2
GRID_PANEL_ASPECT = 0.75

MAX_SAMPLES = 1_000_000
MAX_DPI = 2400.0
MAX_INCHES = 100.0
#: Below these, text cannot be set (FreeType refuses sizes under ~1 pixel).
MIN_DPI = 10.0
MIN_INCHES = 1.0
#: The smallest share small figures scale their text and lines to.
SMALL_SCALE = 0.6
#: The sizes scaled for small figures (relative font sizes such as
#: "medium" follow font.size).
_SCALED_RC = (
    "font.size",
    "axes.titlesize",
    "axes.labelsize",
    "legend.fontsize",
    "xtick.labelsize",
    "ytick.labelsize",
    "lines.linewidth",
    "lines.markersize",
    "axes.linewidth",
    "xtick.major.width",
    "ytick.major.width",
    "xtick.major.size",
    "ytick.major.size",
    "xtick.major.pad",
    "ytick.major.pad",
    "axes.titlepad",
)
#: Raster resolution by default: 200 dpi, sharp on 2x screens (a 9x5 in
#: figure is 1800x1000 px); 300 dpi for print (venues, formula cards).
DEFAULT_DPI = 200.0
PRINT_DPI = 300.0
#: Largest raster: 40 megapixels (e.g. 9x5 in at 940 dpi) keeps memory < ~0.5 GB.
MAX_PIXELS = 40_000_000
#: Most activations in one figure.
MAX_ACTIVATIONS = 32


def _pair(name: str, value: object) -> tuple[float, float]:
    """Axis limits: two numbers, min < max, each at most `MAX_NUMBER` in
    size (matplotlib cannot lay out ticks over a range of 2e308). Imports
    no numpy: before it is imported there are no numpy numbers (a build
    with nothing to do never imports it)."""
    from .activations import check_number
    from .lazy import numpy_loaded

    numpy = numpy_loaded()
    real = (int, float) if numpy is None else (int, float, numpy.number)

    try:
        low, high = cast(Iterable[Any], value)
    except (TypeError, ValueError):
        raise TanhplotError(
            f"{name} must be two numbers (min, max), got {value!r}"
        ) from None
    if any(isinstance(v, bool | str) or not isinstance(v, real) for v in (low, high)):
        raise TanhplotError(f"{name} must be two numbers (min, max), got {value!r}")
    pair = (check_number(name, low), check_number(name, high))
    if pair[0] >= pair[1]:
        raise TanhplotError(f"{name} needs min < max, got {pair[0]:g} {pair[1]:g}")
    return pair


def _positive(name: str, value: object, maximum: float, minimum: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TanhplotError(f"{name} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise TanhplotError(f"{name} must be a positive number, got {value!r}")
    if number > maximum:
        raise TanhplotError(f"{name} must be at most {maximum:g}, got {value!r}")
    if number < minimum:
        raise TanhplotError(f"{name} must be at least {minimum:g}, got {value!r}")
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

        from .expressions import MAX_LATEX_DEPTH, latex_depth

        depth = latex_depth(unescaped)
        if depth > MAX_LATEX_DEPTH:
            raise TanhplotError(
                f"{name} has math text nested {depth} levels deep; at most "
                f"{MAX_LATEX_DEPTH} can be typeset"
            )
        try:
            MathTextParser("path").parse(value)
        except ValueError as exc:
            detail = str(exc).strip().splitlines()[-1] if str(exc).strip() else ""
            raise TanhplotError(
                f"{name} has invalid math text {value!r}: {detail}"
            ) from None
    return value


def _parse_pair(text: str, what: str, convert: Callable[[str], Any]) -> Any:
    """``"AxB"`` -> ``(convert(A), convert(B))``; *what* is the message."""
    parts = text.lower().replace("×", "x").split("x")
    try:
        first, second = (convert(p) for p in parts)
    except ValueError:
        raise TanhplotError(f"{what}, got {text!r}") from None
    return first, second


def parse_size(text: str) -> tuple[float, float]:
    """Parse ``"9x5"`` (inches) into ``(9.0, 5.0)``."""
    pair: tuple[float, float] = _parse_pair(
        text, "size must be WIDTHxHEIGHT in inches, e.g. 9x5", float
    )
    return pair


def parse_shape(text: str) -> tuple[int, int]:
    """Parse ``"2x3"`` (rows x columns) into ``(2, 3)``."""
    pair: tuple[int, int] = _parse_pair(
        text, "grid shape must be ROWSxCOLUMNS, e.g. 2x3", int
    )
    return pair


def auto_shape(count: int) -> tuple[int, int]:
    """Rows and columns of a grid of *count* panels: nearly square, wider
    than tall, with as few empty places as possible (24 -> 4 x 6)."""
    side = math.ceil(math.sqrt(count))
    shapes = [(math.ceil(count / cols), cols) for cols in (side, side + 1)]
    return min(shapes, key=lambda shape: shape[0] * shape[1] - count)


def _fraction(name: str, value: object) -> float:
    """*value* as a fraction strictly between 0 and 1."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 < float(value) < 1
    ):
        raise TanhplotError(
            f"{name} must be a fraction of the derivative's peak between 0 "
            f"and 1 (e.g. 0.05), got {value!r}"
        )
    return float(value)


def panel_letter(index: int) -> str:
    """The label of panel *index*: (a), (b), ..., (z), (aa), (ab), ..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return f"({letters})"


def _samples(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TanhplotError(f"{name} must be a whole number, got {value!r}")
    if not 2 <= value <= MAX_SAMPLES:
        raise TanhplotError(f"{name} must be between 2 and {MAX_SAMPLES}, got {value}")
    return value


def _rel_width(name: str, value: object) -> float:
    from .venues import check_rel_width

    return check_rel_width(value)


@dataclass(frozen=True)
class FigureSpec:
    """A validated description of one figure.

    Construct it directly or with `FigureSpec.from_options`; invalid values
    raise `TanhplotError` naming the value and what would be valid. Each
    field is an option, declared once here (see `tanhplot.options`): the
    same names are keyword arguments of `tanhplot.figure`, keys of spec
    files and (with dashes) options of ``tanhplot render``.
    """

    activations: tuple[Activation, ...] = option(
        None,
        "Names (tanh, 'leaky_relu(negative_slope=0.1)'), expressions "
        "('swish2=z*sigmoid(z)') or Activation objects.",
        shown="tanh",
        doc_type="sequence of str or Activation",
    )
    derivative: bool = option(True, "Draw each activation's derivative.")
    xlim: tuple[float, float] = option(
        (-4.0, 4.0),
        "The z range; both ends are sampled.",
        check=_pair,
        metavar="MIN MAX",
    )
    ylim: tuple[float, float] | None = option(
        None,
        "The vertical range.",
        check=_pair,
        shown="fit the curves",
        metavar="MIN MAX",
    )
    samples: int = option(
        801, "Points per curve, ends included.", check=_samples, metavar="N"
    )
    size: tuple[float, float] | None = option(
        None,
        "Figure width and height in inches.",
        shown=f"{DEFAULT_SIZE[0]:g}x{DEFAULT_SIZE[1]:g}, or the venue's column "
        f"width, or {GRID_PANEL_WIDTH:g} in per grid panel (see aspect)",
        metavar="WxH",
        cli_type=str,
    )
    dpi: float | None = option(
        None,
        "Dots per inch of raster output.",
        shown=f"{DEFAULT_DPI:g} (sharp on 2x screens), {PRINT_DPI:g} with a venue",
        metavar="DPI",
    )
    title: str | None = option(None, "Figure title.", check=check_text, metavar="TEXT")
    legend: bool = option(True, "Draw a legend.")
    legend_loc: str = option(
        "auto",
        "Legend location: auto (clear of every curve and label) or a "
        "matplotlib location such as 'upper left'.",
        choices=LEGEND_LOCATIONS,
        label="legend location",
        metavar="LOCATION",
    )
    theme: str = option(
        "light",
        "Theme: {choices}. auto: one SVG file, light, and dark where the "
        "reader prefers dark pages (CSS prefers-color-scheme).",
        choices=THEME_CHOICES,
        metavar="NAME",
        cli_help="Several, comma-separated (light,dark), write one file each "
        "(NAME-dark.svg) and print an HTML <picture> that follows the reader's "
        "colour scheme.",
    )
    transparent: bool = option(False, "Transparent background.")
    venue: str | None = option(
        None,
        "Size the figure and its fonts for a paper venue or slides (see "
        "'tanhplot venues'): icml, neurips, cvpr, ieee, acm, beamer169, ...; "
        "icml2022 for an older year.",
        metavar="NAME",
    )
    columns: int | None = option(
        None,
        "Text columns the figure spans in a two-column venue: 1 or 2.",
        shown="1",
        metavar="1|2",
    )
    rel_width: float | None = option(
        None,
        "The share of the column (of the text width with columns 2) the "
        "figure takes, more than 0 and at most 1: 0.5 for two sub-figures "
        "side by side.",
        check=_rel_width,
        shown="1, or 0.9 of a beamer169 slide's text width (tueplots')",
        metavar="FRACTION",
    )
    aspect: float | None = option(
        None,
        "Height / width (of a panel) when size is not given.",
        shown=f"{DEFAULT_ASPECT:.3f} with a paper venue (tueplots' 0.375 for "
        f"slides), {GRID_PANEL_ASPECT:g} per grid panel, "
        f"{DEFAULT_SIZE[1]:g}/{DEFAULT_SIZE[0]:g} otherwise",
        metavar="RATIO",
    )
    usetex: bool = option(False, "Typeset text with the system LaTeX.")
    labels: str = option(
        "name",
        "Legend texts: name (tanh, derivative) or formula (mathtext).",
        choices=LABELS,
        metavar="name|formula",
    )
    axis_labels: bool = option(False, "Write z and f(z) at the ends of the axes.")
    arrows: bool = option(False, "Arrowheads at the ends of the axes.")
    asymptotes: bool = option(
        False, "Dashed lines at the functions' horizontal asymptotes."
    )
    mark_max_slope: bool = option(False, "Mark and label where each derivative peaks.")
    grid: bool = option(False, "One panel per activation instead of one Axes.")
    grid_shape: tuple[int, int] | None = option(
        None,
        "Rows and columns of the grid's panels.",
        shown="as square as possible",
        metavar="ROWSxCOLS",
        cli_type=str,
    )
    all: bool = option(
        False,
        "Draw every registered activation (each once: no aliases), instead "
        "of naming them.",
    )
    saturation: bool = option(
        False,
        "Shade where |f'| is below saturation_level of its peak: the "
        "saturated, vanishing-gradient region (the alt text says where).",
    )
    saturation_level: float | None = option(
        None,
        "The share of its peak below which saturation shades |f'|, e.g. 0.1.",
        check=_fraction,
        shown=f"{DEFAULT_SATURATION:g}",
        metavar="FRACTION",
    )
    second_derivative: bool = option(
        False, "Also draw each activation's second derivative f'' (dash-dotted)."
    )
    panel_labels: bool = option(
        False, "Letter the panels of a grid (a), (b), ... in their titles."
    )
    #: True when *size* was worked out rather than given (not an option).
    auto_size: bool = dataclasses.field(
        default=False, init=False, repr=False, compare=False
    )
    #: True when *dpi* was worked out rather than given (not an option).
    auto_dpi: bool = dataclasses.field(
        default=False, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        def put(name: str, value: object) -> None:
            object.__setattr__(self, name, value)

        for declaration in declared(FigureSpec):
            if declaration.name != "activations":
                value = getattr(self, declaration.name)
                put(declaration.name, declaration.validate(value))
        from .activations import Activation
        from .expressions import resolve

        acts: object = self.activations
        if self.all:
            if acts is not None:
                raise TanhplotError("give activation names or all (--all), not both")
            from .activations import alias_of, available

            # each activation once: swish is silu under another name
            acts = tuple(a for a in available() if alias_of(a) is None)
        if acts is None:
            acts = ("tanh",)
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
        put("activations", tuple(resolve(a) for a in acts))
        self._check_venue_and_grid()
        size = self.size
        object.__setattr__(self, "auto_size", size is None)
        if size is None:
            size = self._auto_size()
        if isinstance(size, str):
            size = parse_size(size)
        try:
            width, height = size
        except (TypeError, ValueError):
            raise TanhplotError(
                f"size must be (width, height) in inches, got {size!r}"
            ) from None
        inches = (
            _positive("size width", width, MAX_INCHES, MIN_INCHES),
            _positive("size height", height, MAX_INCHES, MIN_INCHES),
        )
        put("size", inches)
        object.__setattr__(self, "auto_dpi", self.dpi is None)
        dpi = self.dpi
        if dpi is None:
            dpi = PRINT_DPI if self.venue is not None else DEFAULT_DPI
        dpi = _positive("dpi", dpi, MAX_DPI, MIN_DPI)
        put("dpi", dpi)
        width_px, height_px = (round(v * dpi) for v in inches)
        if width_px * height_px > MAX_PIXELS:
            raise TanhplotError(
                f"a {inches[0]:g}x{inches[1]:g} in figure at {dpi:g} dpi "
                f"would be {width_px}x{height_px} pixels; at most "
                f"{MAX_PIXELS // 1_000_000} megapixels (lower the dpi or the size)"
            )
        if self.usetex and shutil.which("latex") is None:
            raise TanhplotError(
                "usetex needs a LaTeX installation, but 'latex' is not on PATH; "
                "install TeX Live (or MiKTeX) or leave usetex off"
            )

    def _small_figure_rc(self) -> dict[str, Any]:
        """The theme's sizes of text, lines and ticks, scaled down for a
        figure smaller than two thirds of the seed's 9 x 5 inches (to 60% at
        most), so that a small figure keeps its proportions; nothing for a
        venue's figure (its sizes are the venue's) or a grid."""
        width, height = self.size  # type: ignore[misc]
        factor = min(1.0, max(SMALL_SCALE, 1.5 * min(width / 9.0, height / 5.0)))
        if factor == 1.0 or self.venue is not None or self.grid:
            return {}
        import matplotlib

        defaults = {str(k): v for k, v in matplotlib.rcParamsDefault.items()}
        themed = matplotlib.rc_params_from_file(
            style_file(self.drawn_theme), use_default_template=False
        )
        theme = {str(k): v for k, v in themed.items()}
        rc: dict[str, Any] = {}
        for key in _SCALED_RC:
            value = theme.get(key, defaults[key])
            if isinstance(value, int | float) and not isinstance(value, bool):
                rc[key] = factor * float(value)
        return rc

    def _check_venue_and_grid(self) -> None:
        if self.venue is not None:
            from .venues import check_columns, get_venue

            if not isinstance(self.venue, str):
                raise TanhplotError(f"venue must be a name, got {self.venue!r}")
            get_venue(self.venue)
            if self.columns is not None:
                check_columns(self.venue, self.columns)
        else:
            for name in ("columns", "rel_width"):
                if getattr(self, name) is not None:
                    raise TanhplotError(
                        f"{name}={getattr(self, name)!r} needs a venue "
                        "(e.g. venue='icml'; 'tanhplot venues' lists them)"
                    )
        if self.aspect is not None:
            object.__setattr__(
                self, "aspect", _positive("aspect", self.aspect, MAX_INCHES)
            )
        if self.size is not None and (self.venue or self.aspect):
            given = "venue" if self.venue else "aspect"
            raise TanhplotError(
                f"give either size or {given}, not both: the {given} sets the "
                "figure size (use aspect to change its height)"
            )
        shape = self.grid_shape
        if shape is not None and not self.grid:
            raise TanhplotError("grid_shape needs grid=True (--grid)")
        if self.panel_labels and not self.grid:
            raise TanhplotError(
                "panel_labels letters the panels of a grid and needs grid=True (--grid)"
            )
        if self.saturation_level is not None and not self.saturation:
            raise TanhplotError(
                f"saturation_level={self.saturation_level:g} needs "
                "saturation=True (--saturation)"
            )
        if shape is not None:
            if isinstance(shape, str):
                shape = parse_shape(shape)
            try:
                rows, cols = shape
            except (TypeError, ValueError):
                raise TanhplotError(
                    f"grid_shape must be (rows, columns), got {shape!r}"
                ) from None
            if any(isinstance(n, bool) or not isinstance(n, int) for n in shape):
                raise TanhplotError(
                    f"grid_shape must be whole numbers, got {rows!r}x{cols!r}"
                )
            count = len(self.activations)
            if rows < 1 or cols < 1 or rows * cols < count:
                raise TanhplotError(
                    f"grid_shape {rows}x{cols} has no room for {count} panels"
                )
            object.__setattr__(self, "grid_shape", (rows, cols))

    @property
    def shape(self) -> tuple[int, int]:
        """Rows and columns of panels: ``grid_shape``, automatic, or 1 x 1."""
        if not self.grid:
            return (1, 1)
        return self.grid_shape or auto_shape(len(self.activations))

    def _auto_size(self) -> tuple[float, float]:
        rows, cols = self.shape
        if self.venue is not None:
            from .venues import venue_size

            return venue_size(
                self.venue,
                columns=self.columns or 1,
                aspect=self.aspect,
                rows=rows,
                cols=cols,
                rel_width=self.rel_width,
            )
        if self.grid:
            aspect = self.aspect or GRID_PANEL_ASPECT
            return (GRID_PANEL_WIDTH * cols, GRID_PANEL_WIDTH * aspect * rows)
        if self.aspect is None:
            return DEFAULT_SIZE
        return (DEFAULT_SIZE[0], DEFAULT_SIZE[0] * self.aspect)

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> FigureSpec:
        """Build a spec from keyword options, rejecting unknown names with a
        suggestion (``titel`` -> ``title``)."""
        names = [f.name for f in dataclasses.fields(cls) if f.init]
        for key in options:
            if key not in names:
                raise TanhplotError(
                    f"unknown option {key!r}{suggest(key, names)} "
                    f"(valid: {', '.join(names)})"
                )
        return cls(**options)

    def replace(self, **changes: Any) -> FigureSpec:
        """Return a validated copy with *changes* applied.

        A size that was worked out (not given) is worked out again.
        """
        return self.from_options({**self.options(), **changes})

    def options(self) -> dict[str, Any]:
        """The options this spec was built from, for `from_options`."""
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if f.init
            and not (f.name == "size" and self.auto_size)
            and not (f.name == "dpi" and self.auto_dpi)
            and not (f.name == "activations" and self.all)
        }

    @property
    def style(self) -> str:
        """The matplotlib style name of the theme, e.g. ``"tanhplot.light"``."""
        return f"tanhplot.{self.drawn_theme}"

    @property
    def drawn_theme(self) -> str:
        """The theme the figure is drawn in: *theme*, or "light" for "auto"
        (whose dark twin is drawn in "dark")."""
        return "light" if self.theme == AUTO_THEME else self.theme

    @property
    def saturation_fraction(self) -> float | None:
        """The share of the peak below which |f'| is shaded: None without
        *saturation*, else *saturation_level* (default 0.05)."""
        if not self.saturation:
            return None
        if self.saturation_level is None:
            return DEFAULT_SATURATION
        return self.saturation_level

    @property
    def styles(self) -> list[str | dict[str, Any]]:
        """Everything the figure is drawn and saved in, for
        ``matplotlib.style.context``: matplotlib's own defaults (so that no
        matplotlibrc or rcParams of the user's reaches the figure: the same
        spec gives the same bytes everywhere), the theme, then the venue's
        font sizes, transparency and LaTeX. The theme is given as its file
        (see `themes.style_file`)."""
        styles: list[str | dict[str, Any]] = [
            "default",
            style_file(self.drawn_theme),
        ]
        if self.venue is not None:
            from .venues import venue_rc

            styles.append(venue_rc(self.venue))
        extra: dict[str, Any] = self._small_figure_rc()
        if self.transparent:
            extra["savefig.transparent"] = True
        if self.usetex:
            extra["text.usetex"] = True
        if extra:
            styles.append(extra)
        return styles


FigureSpec.__doc__ = document(FigureSpec.__doc__ or "", declared(FigureSpec))
