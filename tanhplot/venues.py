"""Paper venues and slides: figure widths and font sizes of their styles.

The venue table is read from the installed `tueplots` package, not copied
from it: every function of ``tueplots.figsizes`` named VENUEYEAR (one text
column) or VENUEYEAR_half and VENUEYEAR_full (two columns) is a venue, with
the font sizes of ``tueplots.fontsizes.VENUEYEAR``. Each venue's newest year
also answers to the plain name (``icml`` is the newest ICML tueplots has;
``icml2022`` an older one), and a newer tueplots brings its venues with it.
tueplots' 16:9 beamer slide size is the venue ``beamer169``. IEEE and ACM,
which tueplots does not cover, are taken from their LaTeX classes.

tueplots is imported when a venue is first used, and this module does not
import matplotlib; nothing here changes ``matplotlib.rcParams``: `venue_rc`
returns a dict that tanhplot applies inside its own style context.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from .errors import TanhplotError, check_choice

__all__ = [
    "DEFAULT_ASPECT",
    "Venue",
    "check_columns",
    "check_rel_width",
    "get_venue",
    "listing",
    "venue_rc",
    "venue_size",
    "venue_width",
    "venues",
]

#: Height / width of one panel of a venue figure: the golden ratio, tueplots'
#: default ``height_to_width_ratio``. Override it with ``aspect=``.
DEFAULT_ASPECT = (5.0**0.5 - 1.0) / 2.0

_POINTS_PER_INCH = 72.27  # TeX points

#: How tueplots spells venues, for titles (others are written in capitals).
_DISPLAY = {"neurips": "NeurIPS", "probnum": "ProbNum"}

#: A tueplots.figsizes function of a venue: ``icml2024_half``, ``jmlr2001``.
_FIGSIZE = re.compile(r"(?P<venue>[a-z]+)(?P<year>\d{4})(?:_(?P<part>half|full))?")


@dataclass(frozen=True)
class Venue:
    """A paper or slide style: its column widths and font sizes.

    Attributes
    ----------
    name : str
        The name used by ``--venue``.
    title : str
        What the style is, e.g. ``"ICML 2024"``.
    figsizes : tuple of str
        tueplots.figsizes functions giving one column and, for two-column
        venues, the full text width; empty when not from tueplots.
    fontsizes : str or None
        The tueplots.fontsizes function, or None.
    widths_pt : tuple of float
        Column (and text) widths in TeX points, for venues tueplots lacks.
    base_pt : float
        Base font size for venues tueplots lacks (tueplots' ICML rule:
        caption size minus 1 pt; ticks and legend 2 pt smaller).
    aspect : float
        Height / width of a panel by default (tueplots' default).
    rel_width : float
        The share of the column a figure takes by default (tueplots' default:
        1, or 0.9 of the slide's text width for beamer).
    source : str
        Where the numbers come from.
    """

    name: str
    title: str
    figsizes: tuple[str, ...] = ()
    fontsizes: str | None = None
    widths_pt: tuple[float, ...] = ()
    base_pt: float = 8.0
    aspect: float = DEFAULT_ASPECT
    rel_width: float = 1.0
    source: str = "tueplots"

    @property
    def columns(self) -> int:
        """How many text columns the venue's pages have (1 or 2)."""
        return len(self.figsizes or self.widths_pt)


#: Venues tueplots does not size, from their LaTeX classes.
_LATEX_VENUES = (
    Venue(
        "ieee",
        "IEEE conference (IEEEtran)",
        widths_pt=(252.0, 516.0),
        source="IEEEtran.cls: \\columnwidth 252pt, \\textwidth 516pt",
    ),
    Venue(
        "acm",
        "ACM sigconf (acmart)",
        widths_pt=(241.14749, 506.295),
        source="acmart.cls sigconf: \\columnwidth 241.14749pt, \\textwidth 506.295pt",
    ),
)

#: tueplots' slide size and the font sizes of its beamer bundles.
_SLIDES = ("beamer169", "Beamer slides 16:9", "beamer_169", "beamer")


def _functions(module: str) -> dict[str, Callable[..., Any]]:
    mod = importlib.import_module(f"tueplots.{module}")
    return {
        name: value
        for name, value in vars(mod).items()
        if not name.startswith("_") and inspect.isfunction(value)
    }


def _tueplots(module: str, function: str, **kwargs: Any) -> dict[str, Any]:
    return dict(_functions(module)[function](**kwargs))


def _accepts(function: str, **kwargs: Any) -> bool:
    """Whether the tueplots.figsizes *function* takes these keywords (some
    pass ``**kwargs`` on, so the signature does not tell)."""
    try:
        _tueplots("figsizes", function, **kwargs)
    except TypeError:
        return False
    return True


def _nearest_fontsizes(venue: str, year: int, fonts: list[str]) -> str | None:
    """tueplots' font sizes of *venue* in *year*, else of its nearest year
    (tueplots sizes CVPR 2022's figures, but its fonts only for 2024, and
    its own example pairs ``fontsizes.cvpr2024`` with
    ``figsizes.cvpr2022_half``); None when it has none for the venue."""
    years = [
        int(match["year"])
        for name in fonts
        if (match := _FIGSIZE.fullmatch(name)) and match["venue"] == venue
    ]
    if not years:
        return None
    best = min(years, key=lambda y: (abs(y - year), -y))
    return f"{venue}{best}"


def _from_tueplots(
    name: str, title: str, figsizes: tuple[str, ...], fontsizes: str
) -> Venue:
    """A venue with tueplots' default aspect and share of the column."""
    parameters = inspect.signature(_functions("figsizes")[figsizes[0]]).parameters
    given = parameters.get("rel_width")
    rel_width = 1.0 if given is None else float(given.default)
    if _accepts(figsizes[0], height_to_width_ratio=DEFAULT_ASPECT):
        aspect = DEFAULT_ASPECT  # tueplots' default for papers
    else:  # the slides: tueplots' default height for its default width
        width, height = _tueplots("figsizes", figsizes[0])["figure.figsize"]
        aspect = float(height) / float(width)
    return Venue(name, title, figsizes, fontsizes, aspect=aspect, rel_width=rel_width)


@functools.cache
def _table() -> tuple[tuple[tuple[str, ...], Venue], ...]:
    """Every venue with its names (the plain name first for the newest
    year of a venue), in the order ``tanhplot venues`` lists them."""
    figsizes = _functions("figsizes")
    fonts = list(_functions("fontsizes"))
    parts: dict[tuple[str, int], dict[str, str]] = {}
    for function in figsizes:
        if match := _FIGSIZE.fullmatch(function):
            key = (match["venue"], int(match["year"]))
            parts.setdefault(key, {})[match["part"] or "text"] = function
    rows: list[tuple[tuple[str, ...], Venue]] = []
    newest: dict[str, int] = {}
    for venue, year in parts:
        newest[venue] = max(year, newest.get(venue, year))
    for (venue, year), functions in sorted(
        parts.items(), key=lambda x: (x[0][0], -x[0][1])
    ):
        columns: tuple[str, ...]
        if set(functions) == {"half", "full"}:
            columns = (functions["half"], functions["full"])
        elif set(functions) == {"text"}:
            columns = (functions["text"],)
        else:  # only half or only full: not a shape tueplots documents
            continue
        font = _nearest_fontsizes(venue, year, fonts)
        if font is None:
            continue
        dated = f"{venue}{year}"
        title = f"{_DISPLAY.get(venue, venue.upper())} {year}"
        entry = _from_tueplots(dated, title, columns, font)
        names = (venue, dated) if newest[venue] == year else (dated,)
        rows.append((names, entry))
    rows.extend(((v.name,), v) for v in _LATEX_VENUES)
    slides, title, figsize, font = _SLIDES
    if figsize in figsizes and font in fonts:
        rows.append(((slides,), _from_tueplots(slides, title, (figsize,), font)))
    return tuple(rows)


def listing() -> tuple[tuple[tuple[str, ...], Venue], ...]:
    """Each venue once with all its names, as ``tanhplot venues`` lists them:
    ``(("icml", "icml2024"), <ICML 2024>)``, ``(("icml2022",), ...)``, ..."""
    return _table()


@functools.cache
def venues() -> dict[str, Venue]:
    """Every venue by each of its names (``icml`` and ``icml2024`` alike)."""
    return {
        name: replace(venue, name=name) for names, venue in _table() for name in names
    }


def __getattr__(name: str) -> Any:
    # VENUES is read from tueplots when first asked for, not at import
    if name == "VENUES":
        return venues()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def get_venue(name: str) -> Venue:
    """The `Venue` called *name*; a `TanhplotError` lists the valid ones."""
    table = venues()
    if not isinstance(name, str):
        raise TanhplotError(f"venue must be a name, got {name!r}")
    check_choice("venue", name, table)
    return table[name]


def check_columns(name: str, columns: int) -> int:
    """Validate the number of text columns a figure of venue *name* spans."""
    venue = get_venue(name)
    if isinstance(columns, bool) or columns not in range(1, venue.columns + 1):
        valid = "1" if venue.columns == 1 else "1 or 2"
        kind = "single" if venue.columns == 1 else "two"
        raise TanhplotError(
            f"columns must be {valid} for the {kind}-column venue {name!r}, "
            f"got {columns!r}"
        )
    return columns


def check_rel_width(value: object) -> float:
    """Validate the share of the column a figure takes: 0 < value <= 1."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TanhplotError(
            f"rel_width must be a number in (0, 1], the share of the column, "
            f"got {value!r}"
        )
    share = float(value)
    if not (math.isfinite(share) and 0.0 < share <= 1.0):
        raise TanhplotError(
            "rel_width must be more than 0 and at most 1 (the share of the "
            f"column the figure takes, e.g. 0.5 for two side by side), got {value!r}"
        )
    return share


def _base_width(venue: Venue, columns: int) -> float:
    """The width in inches of *columns* text columns (the whole column)."""
    if not venue.figsizes:
        return venue.widths_pt[columns - 1] / _POINTS_PER_INCH
    function = venue.figsizes[columns - 1]
    whole = {"rel_width": 1.0} if _accepts(function, rel_width=1.0) else {}
    return float(_tueplots("figsizes", function, **whole)["figure.figsize"][0])


def venue_size(
    name: str,
    *,
    columns: int = 1,
    aspect: float | None = None,
    rows: int = 1,
    cols: int = 1,
    rel_width: float | None = None,
) -> tuple[float, float]:
    """Figure size in inches for a figure spanning *columns* text columns.

    The width is *rel_width* (default: the venue's, 1 for papers) times the
    venue's column width (``columns=1``) or text width (``columns=2``); the
    height is *aspect* (default: the venue's, the golden ratio for papers)
    times the width of one of the ``rows x cols`` panels, times ``rows``:
    tueplots' rule, computed in the same order, so that the sizes are
    tueplots' to the last bit.
    """
    venue = get_venue(name)
    check_columns(name, columns)
    share = venue.rel_width if rel_width is None else check_rel_width(rel_width)
    ratio = venue.aspect if aspect is None else aspect
    width = _base_width(venue, columns) * share
    height = ratio * (width / cols) * rows
    return width, height


def venue_width(name: str, columns: int = 1) -> float:
    """The width in inches of a figure spanning *columns* of venue *name*."""
    return venue_size(name, columns=columns)[0]


def venue_rc(name: str) -> dict[str, Any]:
    """The venue's font sizes and layout as rcParams, to use in a style context.

    Constrained layout keeps tick labels and titles inside the small figure.
    """
    venue = get_venue(name)
    if venue.fontsizes is not None:
        sizes = _tueplots("fontsizes", venue.fontsizes)
    else:
        base, small = venue.base_pt, venue.base_pt - 2
        sizes = {
            "font.size": base,
            "axes.labelsize": base,
            "legend.fontsize": small,
            "xtick.labelsize": small,
            "ytick.labelsize": small,
            "axes.titlesize": base,
        }
    return {
        **sizes,
        "figure.constrained_layout.use": True,
        "figure.autolayout": False,
        "savefig.pad_inches": 0.015,
    }
