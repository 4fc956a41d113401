"""tanhplot: clean, correct figures of activation functions and their derivatives.

>>> import tanhplot
>>> fig = tanhplot.figure()                  # tanh and its derivative
>>> tanhplot.save(fig, "tanh.svg")

Importing tanhplot does not import matplotlib; the drawing functions load it
on first use, so the CLI's ``--help`` and ``list`` start fast.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from .activations import Activation, available, get, register, resolve
from .errors import TanhplotError
from .spec import FigureSpec

if TYPE_CHECKING:
    from .export import save
    from .figures import figure
    from .formula import formula_card
    from .grids import grid
    from .plotting import center_spines, plot

try:
    __version__ = version("tanhplot")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "Activation",
    "FigureSpec",
    "TanhplotError",
    "__version__",
    "available",
    "center_spines",
    "figure",
    "formula_card",
    "get",
    "grid",
    "plot",
    "register",
    "resolve",
    "save",
]

# Names that need matplotlib, and the module that defines each.
_LAZY = {
    "center_spines": "plotting",
    "plot": "plotting",
    "figure": "figures",
    "formula_card": "formula",
    "grid": "grids",
    "save": "export",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tanhplot' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
