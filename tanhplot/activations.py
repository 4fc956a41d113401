"""Activation functions: the immutable `Activation` and the registry of built-ins.

This module must not import matplotlib: ``tanhplot list`` and ``tanhplot --help``
use it and have to start fast.
"""

from __future__ import annotations

import ast
import inspect
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .errors import TanhplotError, check_choice, suggest

__all__ = [
    "Activation",
    "available",
    "get",
    "register",
    "resolve",
]

ArrayFn = Callable[[NDArray[np.float64]], Any]
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _evaluate(fn: ArrayFn, z: ArrayLike) -> Any:
    """Evaluate *fn* on float64 input; scalars in give numpy scalars out."""
    x = np.asarray(z, dtype=np.float64)
    out = np.broadcast_to(np.asarray(fn(x), dtype=np.float64), x.shape)
    return out[()] if out.ndim == 0 else np.array(out)


def _central_difference(fn: ArrayFn) -> ArrayFn:
    """A five-point central difference of *fn* (error O(h^4), h ~ eps^(1/5)|z|)."""

    def derivative(z: NDArray[np.float64]) -> Any:
        h = 1e-3 * np.maximum(1.0, np.abs(z))
        return (fn(z - 2 * h) - 8 * fn(z - h) + 8 * fn(z + h) - fn(z + 2 * h)) / (
            12 * h
        )

    return derivative


class Activation:
    """An activation function with its derivative and formulas. Immutable.

    Parameters
    ----------
    name : str
        Identifier used by `get`, the CLI and the legend (letters, digits, ``_``).
    fn : callable
        Vectorized function of a float64 numpy array.
    derivative : callable, optional
        Its first derivative. When omitted, a five-point central difference
        of *fn* is used.
    latex : str, optional
        Matplotlib mathtext (without ``$``) for the function, e.g. ``\\tanh(z)``.
    derivative_latex : str, optional
        Mathtext for the derivative, e.g. ``1 - \\tanh^2(z)``.
    text, derivative_text : str, optional
        Plain-text formulas for terminals (``tanhplot list``).
    asymptotes : iterable of float, optional
        Horizontal asymptotes of the function.
    params : mapping, optional
        Parameter values this activation was built with.
    label : str, optional
        Legend text; defaults to *name*.

    Examples
    --------
    >>> act = get("tanh")
    >>> float(act(0.5)), float(act.derivative(0.0))
    (0.46211715726000974, 1.0)
    """

    __slots__ = (
        "_derivative",
        "_fn",
        "asymptotes",
        "derivative_latex",
        "derivative_text",
        "label",
        "latex",
        "name",
        "params",
        "text",
    )

    name: str
    _fn: ArrayFn
    _derivative: ArrayFn
    latex: str
    derivative_latex: str
    text: str
    derivative_text: str
    asymptotes: tuple[float, ...]
    params: tuple[tuple[str, float], ...]
    label: str

    def __init__(
        self,
        name: str,
        fn: ArrayFn,
        derivative: ArrayFn | None = None,
        latex: str | None = None,
        *,
        derivative_latex: str | None = None,
        text: str | None = None,
        derivative_text: str | None = None,
        asymptotes: Iterable[float] = (),
        params: Mapping[str, float] | None = None,
        label: str | None = None,
    ) -> None:
        if not isinstance(name, str) or not _NAME.match(name):
            raise TanhplotError(
                f"invalid activation name {name!r}: use letters, digits and '_', "
                "starting with a letter"
            )
        if not callable(fn):
            raise TanhplotError(f"activation {name!r}: fn must be callable, got {fn!r}")
        if derivative is not None and not callable(derivative):
            raise TanhplotError(
                f"activation {name!r}: derivative must be callable, got {derivative!r}"
            )
        values = {
            "name": name,
            "_fn": fn,
            "_derivative": derivative or _central_difference(fn),
            "latex": latex or rf"\mathrm{{{name}}}(z)".replace("_", r"\_"),
            "derivative_latex": derivative_latex
            or rf"\mathrm{{{name}}}'(z)".replace("_", r"\_"),
            "text": text or f"{name}(z)",
            "derivative_text": derivative_text or f"{name}'(z)",
            "asymptotes": tuple(float(a) for a in asymptotes),
            "params": tuple((params or {}).items()),
            "label": label or name,
        }
        for key, value in values.items():
            object.__setattr__(self, key, value)

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError(f"Activation is immutable; cannot set {key!r}")

    def __delattr__(self, key: str) -> None:
        raise AttributeError(f"Activation is immutable; cannot delete {key!r}")

    def __call__(self, z: ArrayLike) -> Any:
        """Evaluate the function at *z* (array or scalar)."""
        return _evaluate(self._fn, z)

    def derivative(self, z: ArrayLike) -> Any:
        """Evaluate the first derivative at *z* (array or scalar)."""
        return _evaluate(self._derivative, z)

    def replace(self, **changes: Any) -> Activation:
        """Return a copy with the given constructor arguments changed."""
        args: dict[str, Any] = {
            "name": self.name,
            "fn": self._fn,
            "derivative": self._derivative,
            "latex": self.latex,
            "derivative_latex": self.derivative_latex,
            "text": self.text,
            "derivative_text": self.derivative_text,
            "asymptotes": self.asymptotes,
            "params": dict(self.params),
            "label": self.label,
        }
        unknown = set(changes) - set(args)
        if unknown:
            raise TypeError(f"replace() got unknown fields: {sorted(unknown)}")
        args.update(changes)
        return Activation(**args)

    def _key(self) -> tuple[object, ...]:
        return (self.name, self.params, self.label, self._fn, self._derivative)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Activation):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Activation({self.label!r})"


# --------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------

Factory = Callable[..., Activation]
_REGISTRY: dict[str, Factory] = {}


def _defaults(factory: Factory) -> dict[str, Any]:
    return {
        p.name: p.default
        for p in inspect.signature(factory).parameters.values()
        if p.default is not inspect.Parameter.empty
    }


def _builtin(name: str) -> Callable[[Factory], Factory]:
    def decorate(factory: Factory) -> Factory:
        _REGISTRY[name] = factory
        return factory

    return decorate


def available() -> tuple[str, ...]:
    """Names of the registered activations, built-ins first, in registration order."""
    return tuple(_REGISTRY)


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
    if activation.name in _REGISTRY and not overwrite:
        raise TanhplotError(
            f"activation {activation.name!r} is already registered; "
            "pass overwrite=True to replace it"
        )
    _REGISTRY[activation.name] = lambda: activation
    return activation


def _check_number(name: str, key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TanhplotError(
            f"{name}: parameter {key!r} must be a number, got {value!r}"
        )
    if not math.isfinite(value):
        raise TanhplotError(f"{name}: parameter {key!r} must be finite, got {value!r}")
    return float(value)


def get(name: str, **params: float) -> Activation:
    """Return the registered activation *name*, built with *params*.

    Parameters
    ----------
    name : str
        A name from `available`.
    **params : float
        Parameters of parametrized activations; unspecified ones take their
        defaults. The legend label shows those that differ from the defaults.

    Raises
    ------
    TanhplotError
        For an unknown name (with the closest match) or an unknown or invalid
        parameter (with the valid ones).
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
    values = {k: _check_number(name, k, v) for k, v in params.items()}
    activation = factory(**values)
    changed = {k: v for k, v in values.items() if v != defaults[k]}
    if changed:
        args = ", ".join(f"{k}={v:g}" for k, v in changed.items())
        activation = activation.replace(label=f"{name}({args})")
    return activation


def _literal_number(node: ast.expr, text: str) -> float:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = _literal_number(node.operand, text)
        return -value if isinstance(node.op, ast.USub) else value
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    ):
        return float(node.value)
    raise TanhplotError(
        f"invalid activation {text!r}: parameter values must be numbers, "
        f"got {ast.unparse(node)!r}"
    )


def resolve(spec: str | Activation) -> Activation:
    """Turn ``"tanh"``, ``"leaky_relu(negative_slope=0.1)"`` or an Activation
    into an `Activation`.

    The string form is parsed without evaluating anything: a name, optionally
    followed by keyword arguments whose values are number literals.
    """
    if isinstance(spec, Activation):
        return spec
    if not isinstance(spec, str):
        raise TanhplotError(
            f"activations are names or Activation objects, got {spec!r}"
        )
    text = spec.strip()
    if _NAME.match(text):
        return get(text)
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        node = None
    if (
        not isinstance(node, ast.Call)
        or not isinstance(node.func, ast.Name)
        or node.args
        or any(kw.arg is None for kw in node.keywords)
    ):
        raise TanhplotError(
            f"invalid activation {spec!r}: expected a name such as 'tanh' or "
            "'name(param=value, ...)'"
        )
    params = {str(kw.arg): _literal_number(kw.value, spec) for kw in node.keywords}
    return get(node.func.id, **params)


# --------------------------------------------------------------------------
# Built-ins. Each is exact and free of overflow for every finite float input.
# --------------------------------------------------------------------------


def _tanh_derivative(z: NDArray[np.float64]) -> NDArray[np.float64]:
    # sech^2 z = 4 e^{-2|z|} / (1 + e^{-2|z|})^2: no cancellation of
    # 1 - tanh^2 near |z| ~ 20 and no overflow of cosh beyond |z| ~ 710.
    e = np.exp(-2.0 * np.abs(z))
    return 4.0 * e / (1.0 + e) ** 2


@_builtin("tanh")
def _tanh() -> Activation:
    return Activation(
        "tanh",
        np.tanh,
        _tanh_derivative,
        r"\tanh(z)",
        derivative_latex=r"1 - \tanh^2(z)",
        text="tanh(z) = (e^z - e^-z) / (e^z + e^-z)",
        derivative_text="1 - tanh(z)^2",
        asymptotes=(-1.0, 1.0),
    )


def _sigmoid(z: NDArray[np.float64]) -> NDArray[np.float64]:
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_derivative(z: NDArray[np.float64]) -> NDArray[np.float64]:
    # sigma(z) (1 - sigma(z)) = sigma(z) sigma(-z) = e^{-|z|} / (1 + e^{-|z|})^2
    e = np.exp(-np.abs(z))
    return e / (1.0 + e) ** 2


@_builtin("sigmoid")
def _sigmoid_activation() -> Activation:
    return Activation(
        "sigmoid",
        _sigmoid,
        _sigmoid_derivative,
        r"\sigma(z)",
        derivative_latex=r"\sigma(z)\,(1 - \sigma(z))",
        text="sigmoid(z) = 1 / (1 + e^-z)",
        derivative_text="sigmoid(z) (1 - sigmoid(z))",
        asymptotes=(0.0, 1.0),
    )
