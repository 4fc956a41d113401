"""Paper venues: figure widths and font sizes of conference and journal styles.

Widths and font sizes come from the `tueplots` package where it has the venue
(imported only when a venue is used); IEEE and ACM, which tueplots 0.2.5 does
not cover, are taken from their LaTeX classes. This module does not import
matplotlib, and nothing here changes ``matplotlib.rcParams``: `venue_rc`
returns a dict that tanhplot applies inside its own style context.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from .errors import TanhplotError, check_choice

__all__ = [
    "DEFAULT_ASPECT",
    "VENUES",
    "Venue",
    "check_columns",
    "get_venue",
    "venue_rc",
    "venue_size",
    "venue_width",
]

#: Height / width of one panel of a venue figure: the golden ratio, tueplots'
#: default ``height_to_width_ratio``. Override it with ``aspect=``.
DEFAULT_ASPECT = (5.0**0.5 - 1.0) / 2.0

_POINTS_PER_INCH = 72.27  # TeX points


@dataclass(frozen=True)
class Venue:
    """A paper style: its column widths and font sizes.

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
    source : str
        Where the numbers come from.
    """

    name: str
    title: str
    figsizes: tuple[str, ...] = ()
    fontsizes: str | None = None
    widths_pt: tuple[float, ...] = ()
    base_pt: float = 8.0
    source: str = "tueplots"

    @property
    def columns(self) -> int:
        """How many text columns the venue's pages have (1 or 2)."""
        return len(self.figsizes or self.widths_pt)


_VENUES = (
    Venue("neurips", "NeurIPS 2024", ("neurips2024",), "neurips2024"),
    Venue("icml", "ICML 2024", ("icml2024_half", "icml2024_full"), "icml2024"),
    Venue("iclr", "ICLR 2024", ("iclr2024",), "iclr2024"),
    Venue(
        "aistats",
        "AISTATS 2025",
        ("aistats2025_half", "aistats2025_full"),
        "aistats2025",
    ),
    Venue("jmlr", "JMLR", ("jmlr2001",), "jmlr2001"),
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

#: The venues by name, in the order ``tanhplot venues`` lists them.
VENUES: dict[str, Venue] = {v.name: v for v in _VENUES}


def _tueplots(module: str, function: str, **kwargs: Any) -> dict[str, Any]:
    mod = importlib.import_module(f"tueplots.{module}")
    return dict(getattr(mod, function)(**kwargs))


def get_venue(name: str) -> Venue:
    """The `Venue` called *name*; a `TanhplotError` lists the valid ones."""
    check_choice("venue", name, VENUES)
    return VENUES[name]


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


def venue_size(
    name: str,
    *,
    columns: int = 1,
    aspect: float = DEFAULT_ASPECT,
    rows: int = 1,
    cols: int = 1,
) -> tuple[float, float]:
    """Figure size in inches for a figure spanning *columns* text columns.

    The width is the venue's column width (``columns=1``) or text width
    (``columns=2``); the height is ``aspect`` times the width of one of the
    ``rows x cols`` panels, times ``rows`` (tueplots' rule).
    """
    venue = get_venue(name)
    check_columns(name, columns)
    if venue.figsizes:
        rc = _tueplots(
            "figsizes",
            venue.figsizes[columns - 1],
            nrows=rows,
            ncols=cols,
            height_to_width_ratio=aspect,
        )
        width, height = rc["figure.figsize"]
        return float(width), float(height)
    width = venue.widths_pt[columns - 1] / _POINTS_PER_INCH
    return width, aspect * width / cols * rows


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
