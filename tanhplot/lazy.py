"""numpy, imported when it is first used rather than with tanhplot.

``tanhplot list`` and ``--help`` read the activations' names, formulas and
parameters, which need no numpy; importing it is about half of their time.
The modules on that path (`tanhplot.core`, `tanhplot.zoo`) bind ``np`` to
`numpy` below (type checkers see the real module): its first attribute
lookup imports numpy, and each name is then kept on the object, so later
lookups are ordinary attribute reads.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

__all__ = ["numpy", "numpy_loaded"]


class _Module:
    def __init__(self, name: str) -> None:
        self.__dict__["_name"] = name

    def __getattr__(self, attribute: str) -> Any:
        value = getattr(importlib.import_module(self._name), attribute)
        self.__dict__[attribute] = value
        return value

    def __repr__(self) -> str:
        return f"<{self._name}, imported on first use>"


#: numpy, imported at the first attribute lookup.
numpy: Any = _Module("numpy")


def numpy_loaded() -> Any:
    """The numpy module if something imported it already, else None (then no
    numpy object, such as a numpy scalar, can exist)."""
    return sys.modules.get("numpy")
