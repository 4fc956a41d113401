"""The registry of activations: `get`, `available`, `register`, ...

The built-ins are defined in `tanhplot.zoo` (which this module imports and
registers); `Activation` itself lives in `tanhplot.core` and is re-exported
here. Strings such as ``"elu(alpha=2)"`` become activations through
`tanhplot.expressions.resolve`, a layer above. This module imports neither
matplotlib nor SciPy nor SymPy: ``tanhplot list`` and ``tanhplot --help``
use it and have to start fast.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from . import zoo
from .core import (
    MAX_NUMBER,
    NAME,
    NAMED_EXPRESSION,
    Activation,
    automatic_derivative,
    check_number,
    literal_number,
)
from .errors import TanhplotError, check_choice, suggest

__all__ = [
    "MAX_NUMBER",
    "NAME",
    "NAMED_EXPRESSION",
    "Activation",
    "alias_of",
    "automatic_derivative",
    "available",
    "builtins",
    "check_number",
    "defaults",
    "generation",
    "get",
    "literal_number",
    "register",
    "unregister",
]

# --------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------

Factory = Callable[..., Activation]
_REGISTRY: dict[str, Factory] = {}
_BUILTINS: list[str] = []
_ALIASES: dict[str, str] = {}
#: Built activations kept per factory (least recently used goes): enough
#: for get("elu") == get("elu"), bounded for processes that try many values.
CACHE_SIZE = 256
_GENERATION = [0]


def generation() -> int:
    """How many times `register` has changed the registry: caches of what is
    built from registered activations (expressions) key on it."""
    return _GENERATION[0]


def _defaults(factory: Factory) -> dict[str, Any]:
    return {
        p.name: p.default
        for p in inspect.signature(factory).parameters.values()
        if p.default is not inspect.Parameter.empty
    }


def _register_builtin(name: str, factory: Factory, aliases: tuple[str, ...]) -> None:
    """Register *factory* (see `tanhplot.zoo.builtin`) as the built-in *name*.

    The factory takes the parameters as keyword arguments with their
    defaults and validates them; its results are cached, so
    ``get("elu") == get("elu")``. Each alias gets the same activation under
    its own name (``swish`` for ``silu``).
    """
    cached = functools.lru_cache(maxsize=CACHE_SIZE)(factory)
    _REGISTRY[name] = cached
    _BUILTINS.append(name)
    for alias in aliases:

        @functools.lru_cache(maxsize=CACHE_SIZE)
        @functools.wraps(factory)
        def renamed(*args: Any, _alias: str = alias, **kwargs: Any) -> Activation:
            return cached(*args, **kwargs).replace(name=_alias, label=_alias)

        _REGISTRY[alias] = renamed
        _BUILTINS.append(alias)
        _ALIASES[alias] = name


def available() -> tuple[str, ...]:
    """Names of the registered activations, built-ins first, in registration order."""
    return tuple(_REGISTRY)


def builtins() -> tuple[str, ...]:
    """Names of the built-in activations (aliases included), in order."""
    return tuple(_BUILTINS)


def alias_of(name: str) -> str | None:
    """The built-in that *name* is an alias of (``"silu"`` for ``"swish"``)."""
    return _ALIASES.get(name)


def defaults(name: str) -> dict[str, Any]:
    """The parameters of activation *name* with their default values."""
    check_choice("activation", name, _REGISTRY)
    return _defaults(_REGISTRY[name])


def register(activation: Activation, *, overwrite: bool = False) -> Activation:
    """Add *activation* to the registry so `get` and the CLI find it by name.

    Parameters
    ----------
    activation : Activation
        The activation to register under ``activation.name``.
    overwrite : bool, default False
        Replace an existing activation of the same name instead of raising.

    Returns
    -------
    Activation
        The registered activation, so `register` can be used inline.
    """
    if not isinstance(activation, Activation):
        raise TanhplotError(f"register() needs an Activation, got {activation!r}")
    if not isinstance(overwrite, bool):
        raise TanhplotError(f"overwrite must be True or False, got {overwrite!r}")
    if activation.name in _REGISTRY and not overwrite:
        raise TanhplotError(
            f"activation {activation.name!r} is already registered; "
            "pass overwrite=True to replace it"
        )
    _REGISTRY[activation.name] = lambda: activation
    _GENERATION[0] += 1
    if activation.name in _BUILTINS:
        _BUILTINS.remove(activation.name)
    return activation


def unregister(name: str) -> None:
    """Remove the activation *name* that `register` added (built-in ones
    stay: they are part of tanhplot)."""
    if name in _BUILTINS or name in _ALIASES:
        raise TanhplotError(f"{name!r} is built in and cannot be unregistered")
    check_choice(
        "registered activation", name, [n for n in _REGISTRY if n not in _BUILTINS]
    )
    del _REGISTRY[name]
    _GENERATION[0] += 1


def get(name: str, **params: float) -> Activation:
    """Return the registered activation *name*, built with *params*.

    Parameters
    ----------
    name : str
        A name from `available`.
    **params : float
        Parameters of parametrized activations, e.g. ``negative_slope=0.1``
        for ``leaky_relu``; unspecified ones take their defaults (PyTorch's).
        The legend label shows those that differ from the defaults.

    Raises
    ------
    TanhplotError
        For an unknown name (with the closest match), an unknown parameter
        (with the valid ones), a value that is not a finite number, or one
        outside the parameter's range (e.g. ``alpha`` must be > 0).

    Examples
    --------
    >>> get("leaky_relu", negative_slope=0.1).label
    'leaky_relu(negative_slope=0.1)'
    """
    if not isinstance(name, str):
        raise TanhplotError(f"activation names are strings, got {name!r}")
    check_choice("activation", name, _REGISTRY)
    factory = _REGISTRY[name]
    defaults = _defaults(factory)
    for key in params:
        if key not in defaults:
            valid = ", ".join(defaults) if defaults else "none"
            raise TanhplotError(
                f"unknown parameter {key!r} for activation {name!r}"
                f"{suggest(key, defaults)} (valid: {valid})"
            )
    values = {k: check_number(f"{name}: parameter {k!r}", v) for k, v in params.items()}
    # All parameters, in signature order: one cache entry per set of values.
    activation = factory(**{k: values.get(k, v) for k, v in defaults.items()})
    changed = {
        k: values[k] for k in defaults if values.get(k, defaults[k]) != defaults[k]
    }
    if changed:
        args = ", ".join(f"{k}={v:g}" for k, v in changed.items())
        activation = activation.replace(label=f"{name}({args})")
    return activation


for _name, _factory, _aliases in zoo.BUILTINS:
    _register_builtin(_name, _factory, _aliases)
