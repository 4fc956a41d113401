"""The registry of activations: `get`, `available`, `register`, ...

The built-ins are defined in `tanhplot.zoo` (which this module imports and
registers); `Activation` itself lives in `tanhplot.core` and is re-exported
here. Installed distributions add activations through entry points in the
group ``tanhplot.activations`` (`ENTRY_POINT_GROUP`), read at the first
lookup, not at import. Strings such as ``"elu(alpha=2)"`` become activations through
`tanhplot.expressions.resolve`, a layer above. This module imports neither
matplotlib nor SciPy nor SymPy: ``tanhplot list`` and ``tanhplot --help``
use it and have to start fast.
"""

from __future__ import annotations

import functools
import inspect
import warnings
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
    "ENTRY_POINT_GROUP",
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
    "plugin_of",
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


# --------------------------------------------------------------------------
# Plugins: entry points of installed distributions
# --------------------------------------------------------------------------

#: The entry-point group of activations from other distributions: each entry
#: names an `Activation`, or a callable returning one (its keyword
#: parameters, each with a default, become the activation's parameters).
ENTRY_POINT_GROUP = "tanhplot.activations"
#: Plugin name -> the distribution it came from.
_PLUGINS: dict[str, str] = {}
_PLUGINS_READ = [False]


def _read_plugins() -> None:
    """Register the activations of the entry points, once per process.

    A plugin that fails to load, gives no `Activation`, or takes a name that
    is built in or taken is skipped with one warning naming its
    distribution; it never breaks tanhplot.
    """
    if _PLUGINS_READ[0]:
        return
    _PLUGINS_READ[0] = True
    from importlib.metadata import entry_points

    try:
        found = list(entry_points(group=ENTRY_POINT_GROUP))
    except Exception as exc:  # unreadable metadata of some distribution
        warnings.warn(
            f"cannot read the {ENTRY_POINT_GROUP!r} entry points: {_one_line(exc)}",
            stacklevel=3,
        )
        return
    for entry in sorted(found, key=lambda e: (e.name, _distribution(e), e.value)):
        dist = _distribution(entry)
        try:
            factory = _plugin_factory(entry.name, dist, entry.load)
        except (Exception, SystemExit) as exc:
            reason = str(exc) if isinstance(exc, TanhplotError) else _one_line(exc)
            warnings.warn(
                f"activation plugin {entry.name!r} of distribution {dist!r} "
                f"skipped: {reason}",
                stacklevel=3,
            )
            continue
        _REGISTRY[entry.name] = factory
        _PLUGINS[entry.name] = dist
    if _PLUGINS:
        _GENERATION[0] += 1


def _read_plugins_unless_builtin(name: str) -> None:
    """`_read_plugins` before looking up *name*, unless it is built in: no
    plugin can take a built-in's name, so drawing only built-ins never pays
    for reading every installed distribution's entry points."""
    if name not in _BUILTINS:
        _read_plugins()


def _distribution(entry: Any) -> str:
    dist = getattr(entry, "dist", None)
    return str(getattr(dist, "name", None) or "an unknown distribution")


def _one_line(exc: BaseException) -> str:
    """*exc* as one short line: its type and first line."""
    lines = str(exc).strip().splitlines()
    text = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def _plugin_factory(name: str, dist: str, load: Callable[[], Any]) -> Factory:
    """The registry's factory for plugin *name*: checked by building it once
    with its defaults. Raises (with the reason) if it cannot be used."""
    if not NAME.match(name):
        raise TanhplotError(
            f"{name!r} is not a valid activation name (letters, digits, _)"
        )
    if name in _REGISTRY:
        kind = "a built-in" if name in _BUILTINS else "an already registered"
        raise TanhplotError(f"{name!r} is {kind} activation; plugins cannot replace it")
    target = load()
    origin = f"plugin {name!r} ({dist})"

    def named(result: object) -> Activation:
        if not isinstance(result, Activation):
            raise TanhplotError(
                f"{origin} gave {type(result).__name__}, not an Activation"
            )
        if result.name == name:
            return result
        label = name if result.label == result.name else result.label
        return result.replace(name=name, label=label)

    if isinstance(target, Activation):
        activation = named(target)
        factory: Factory = lambda: activation  # noqa: E731
    elif callable(target):

        @functools.lru_cache(maxsize=CACHE_SIZE)
        @functools.wraps(target)
        def factory(**params: float) -> Activation:
            try:
                result = target(**params)
            except TanhplotError:
                raise
            except Exception as exc:
                raise TanhplotError(f"{origin} failed: {_one_line(exc)}") from None
            return named(result)

        required = [
            p.name
            for p in inspect.signature(target).parameters.values()
            if p.default is inspect.Parameter.empty
            and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]
        if required:
            raise TanhplotError(
                f"{origin}: parameters need defaults, {', '.join(required)} has none"
            )
        factory(**_defaults(factory))
    else:
        raise TanhplotError(
            f"it is {type(target).__name__}, not an Activation or a callable "
            "returning one"
        )
    return factory


def plugin_of(name: str) -> str | None:
    """The distribution whose entry point added activation *name*, if any."""
    _read_plugins()
    return _PLUGINS.get(name)


def available() -> tuple[str, ...]:
    """Names of the registered activations: built-ins first, then plugins
    and registered ones, in registration order."""
    _read_plugins()
    return tuple(_REGISTRY)


def builtins() -> tuple[str, ...]:
    """Names of the built-in activations (aliases included), in order."""
    return tuple(_BUILTINS)


def alias_of(name: str) -> str | None:
    """The built-in that *name* is an alias of (``"silu"`` for ``"swish"``)."""
    return _ALIASES.get(name)


def defaults(name: str) -> dict[str, Any]:
    """The parameters of activation *name* with their default values."""
    _read_plugins_unless_builtin(name)
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
    _read_plugins()
    if activation.name in _REGISTRY and not overwrite:
        raise TanhplotError(
            f"activation {activation.name!r} is already registered; "
            "pass overwrite=True to replace it"
        )
    _REGISTRY[activation.name] = lambda: activation
    _PLUGINS.pop(activation.name, None)
    _GENERATION[0] += 1
    if activation.name in _BUILTINS:
        _BUILTINS.remove(activation.name)
    return activation


def unregister(name: str) -> None:
    """Remove the activation *name* that `register` or a plugin added
    (built-in ones stay: they are part of tanhplot)."""
    _read_plugins()
    if name in _BUILTINS or name in _ALIASES:
        raise TanhplotError(f"{name!r} is built in and cannot be unregistered")
    check_choice(
        "registered activation", name, [n for n in _REGISTRY if n not in _BUILTINS]
    )
    del _REGISTRY[name]
    _PLUGINS.pop(name, None)
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
    _read_plugins_unless_builtin(name)
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
