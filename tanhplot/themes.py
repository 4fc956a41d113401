"""Themes: the style files tanhplot ships and the colours each one draws with.

A theme is ``tanhplot/<name>.mplstyle`` (fonts, sizes, backgrounds and the
``axes.prop_cycle`` used when several activations share a figure) plus one row
of `THEME_COLORS` (the function/derivative pair used for a single activation,
and the colour of annotations). This module does not import matplotlib.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["SEED_COLORS", "THEMES", "THEME_COLORS", "ThemeColors", "style_file"]

#: The seed figure's colours: function, derivative (light theme, one activation).
SEED_COLORS = ("#307EC7", "#9621E2")


@dataclass(frozen=True)
class ThemeColors:
    """Colours a theme draws with besides its style file's colour cycle.

    Attributes
    ----------
    function, derivative : str
        The curves of a figure with a single activation.
    annotation : str
        Asymptotes, the maximum-slope marker's label and other annotations.
    scheme : {"light", "dark"}
        The CSS ``prefers-color-scheme`` the theme is made for.
    second_derivative : str
        The second derivative f'' of a single activation (dash-dotted).
    """

    function: str
    derivative: str
    annotation: str
    scheme: str
    second_derivative: str


#: Every theme's colours, in one place. Text colours and backgrounds are in the
#: style files; tests check every text has >= 4.5:1 contrast (WCAG) with the
#: background and every curve >= 3:1.
THEME_COLORS: dict[str, ThemeColors] = {
    "light": ThemeColors(*SEED_COLORS, "#57606A", "light", "#C2410C"),
    "dark": ThemeColors("#58A6FF", "#C297FF", "#AAB4BE", "dark", "#FF9E64"),
    "paper": ThemeColors("#0072B2", "#D55E00", "#57606A", "light", "#007A5A"),
    "slides": ThemeColors(*SEED_COLORS, "#57606A", "light", "#C2410C"),
}

#: Themes shipped as ``tanhplot/<theme>.mplstyle``; the first is the default.
THEMES = tuple(THEME_COLORS)


def style_file(theme: str) -> str:
    """The path of *theme*'s style file. The same style as the name
    ``tanhplot.<theme>``, which matplotlib resolves through
    ``importlib.resources``, a cost on every start-up."""
    return str(Path(__file__).with_name(f"{theme}.mplstyle"))
