"""FigureSpec: one validation for every entry point."""

from __future__ import annotations

import math

import pytest

from tanhplot import FigureSpec, TanhplotError


def test_defaults_are_the_seed_figure() -> None:
    spec = FigureSpec()
    assert [a.name for a in spec.activations] == ["tanh"]
    assert spec.derivative is True
    assert spec.xlim == (-4.0, 4.0)
    assert spec.size == (9.0, 5.0)
    assert spec.legend and spec.legend_loc == "auto"
    assert spec.style == "tanhplot.light"


def test_normalises_values() -> None:
    spec = FigureSpec(activations=["sigmoid"], xlim=[-2, 2], size="6x4")
    assert [a.name for a in spec.activations] == ["sigmoid"]
    assert spec.xlim == (-2.0, 2.0)
    assert spec.size == (6.0, 4.0)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"xlim": (4, -4)}, "xlim needs min < max, got 4 -4"),
        ({"xlim": (1, 1)}, "xlim needs min < max"),
        ({"xlim": (-math.inf, 4)}, "xlim must be finite"),
        ({"xlim": (math.nan, 4)}, "xlim must be finite"),
        ({"xlim": "wide"}, "xlim must be two numbers"),
        ({"ylim": (2, 1)}, "ylim needs min < max"),
        ({"size": (0, 5)}, "size width must be a positive number"),
        ({"size": (9, -1)}, "size height must be a positive number"),
        ({"size": "9by5"}, "size must be WIDTHxHEIGHT"),
        ({"size": (1000, 5)}, "at most 100"),
        ({"dpi": 0}, "dpi must be a positive number"),
        ({"dpi": -72}, "dpi must be a positive number"),
        ({"dpi": math.inf}, "dpi must be a positive number"),
        ({"dpi": "high"}, "dpi must be a number"),
        ({"samples": 1}, "samples must be between 2"),
        ({"samples": 2.5}, "samples must be a whole number"),
        ({"activations": ()}, "at least one activation"),
        ({"activations": ("tahn",)}, "did you mean 'tanh'"),
        ({"legend_loc": "uper left"}, "did you mean 'upper left'"),
        ({"theme": "lihgt"}, "did you mean 'light'"),
        ({"derivative": "yes"}, "derivative must be true or false"),
        ({"title": 3}, "title must be text"),
        ({"title": "a\x1fb"}, "control character U\\+001F"),
        ({"title": r"$\frac$"}, "invalid math text"),
        ({"title": "x" * 201}, "at most 200"),
    ],
)
def test_bad_values_name_the_value(options: dict[str, object], message: str) -> None:
    with pytest.raises(TanhplotError, match=message):
        FigureSpec(**options)  # type: ignore[arg-type]


def test_unknown_option_suggests() -> None:
    with pytest.raises(
        TanhplotError, match="unknown option 'titel'; did you mean 'title'"
    ):
        FigureSpec.from_options({"titel": "x"})


def test_is_frozen_and_replace_validates() -> None:
    spec = FigureSpec()
    with pytest.raises(AttributeError):
        spec.title = "x"  # type: ignore[misc]
    with pytest.raises(TanhplotError):
        spec.replace(xlim=(1, 0))
    assert spec.replace(title="t").title == "t"
