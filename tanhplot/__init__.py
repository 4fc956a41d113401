"""tanhplot: clean, correct figures of activation functions and their derivatives.

>>> import tanhplot
>>> fig = tanhplot.figure()                  # tanh and its derivative
>>> tanhplot.save(fig, "tanh.svg")

Importing tanhplot imports neither numpy nor matplotlib; each name loads its
module on first use, so the CLI's ``--help`` starts fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import TanhplotError

if TYPE_CHECKING:
    __version__: str
    from .activations import (
        Activation,
        automatic_derivative,
        available,
        get,
        register,
        unregister,
    )
    from .animation import animate
    from .animexport import save_animation
    from .explorer import explore
    from .export import save
    from .expressions import from_expression, resolve
    from .figures import figure, grid, plot
    from .formula import formula_card
    from .plotting import center_spines
    from .record import alt_text
    from .spec import FigureSpec

__all__ = [
    "Activation",
    "FigureSpec",
    "TanhplotError",
    "__version__",
    "alt_text",
    "animate",
    "automatic_derivative",
    "available",
    "center_spines",
    "explore",
    "figure",
    "formula_card",
    "from_expression",
    "get",
    "grid",
    "plot",
    "register",
    "resolve",
    "save",
    "save_animation",
    "unregister",
]

# Each name and the module that defines it, imported on first use: the
# numerics need numpy, drawing needs matplotlib, and ``tanhplot --help`` needs
# neither.
_LAZY = {
    "Activation": "activations",
    "automatic_derivative": "activations",
    "available": "activations",
    "get": "activations",
    "register": "activations",
    "resolve": "expressions",
    "alt_text": "record",
    "animate": "animation",
    "save_animation": "animexport",
    "from_expression": "expressions",
    "FigureSpec": "spec",
    "center_spines": "plotting",
    "plot": "figures",
    "figure": "figures",
    "formula_card": "formula",
    "grid": "figures",
    "save": "export",
    "explore": "explorer",
    "unregister": "activations",
}


def _version() -> str:
    # importlib.metadata is slow to import: read the version only when asked.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tanhplot")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value = _version()
        globals()[name] = value
        return value
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tanhplot' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
