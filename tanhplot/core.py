"""The immutable `Activation` and what every layer above checks numbers with.

The lowest numerics layer (above `tanhplot.errors`): the built-ins in
`tanhplot.zoo` are made of it, the registry in `tanhplot.activations` holds
them, expressions in `tanhplot.expressions` build more. It imports none of
them, nor matplotlib, SciPy or SymPy (``tanhplot list`` and
``tanhplot --help`` have to start fast).
"""

from __future__ import annotations

import ast
import math
import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

from .errors import TanhplotError
from .lazy import numpy_loaded

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import ArrayLike, NDArray

    ArrayFn = Callable[[NDArray[np.float64]], Any]
else:  # imported when first used: `tanhplot list` needs no numpy
    from .lazy import numpy as np

__all__ = [
    "MAX_NUMBER",
    "NAME",
    "NAMED_EXPRESSION",
    "Activation",
    "automatic_derivative",
    "check_number",
    "literal_number",
    "real_values",
    "show_number",
]

#: What names of activations (and of expressions) look like.
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: Largest magnitude of any number a user gives: parameters, expression
#: literals, axis limits. Beyond it matplotlib cannot lay out ticks (a range
#: of 2e308 overflows), and curve values beyond it are not drawn.
MAX_NUMBER = 1e300
#: "name = expression" (but not "name == ..."): a user's expression.
NAMED_EXPRESSION = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)(.*)$", re.S)


def show_number(value: object) -> str:
    """A number for a message: ``1e+308``, ``0.1``; a huge integer by its
    first digits and length, not 400 digits."""
    if isinstance(value, int) and not isinstance(value, bool):
        digits = str(abs(value))
        if len(digits) > 16:
            sign = "-" if value < 0 else ""
            return f"{sign}{digits[0]}.{digits[1:4]}e+{len(digits) - 1}"
    if isinstance(value, float | int):
        return f"{value:g}"
    return repr(value)


def check_number(what: str, value: object) -> float:
    """*value* as a float if it is a real number of magnitude at most
    `MAX_NUMBER`, else a `TanhplotError` naming *what*, the value and the
    valid range. Booleans and strings are not numbers."""
    numpy = numpy_loaded()  # without numpy there are no numpy numbers
    real = (int, float) if numpy is None else (int, float, numpy.number)
    if isinstance(value, bool) or not isinstance(value, real):
        raise TanhplotError(f"{what} must be a number, got {value!r}")
    if numpy is not None and isinstance(value, complex | numpy.complexfloating):
        raise TanhplotError(f"{what} must be a real number, got {value!r}")
    try:
        number = float(value)
    except OverflowError:  # an int of more than 308 digits
        number = math.inf
    if not abs(number) <= MAX_NUMBER:  # also nan
        raise TanhplotError(
            f"{what} must be finite and between {-MAX_NUMBER:g} and "
            f"{MAX_NUMBER:g}, got {show_number(value)}"
        )
    return number


def real_values(name: str, values: object) -> NDArray[np.float64]:
    """The values a function returned, as float64; a `TanhplotError` for
    complex values (their imaginary part would be lost) or anything that is
    not numbers."""
    try:
        out = np.asarray(values)
        if np.iscomplexobj(out):
            imaginary = out.imag[np.isfinite(out.imag) & (out.imag != 0)]
            if imaginary.size:
                raise TanhplotError(
                    f"activation {name!r} returns complex values (imaginary part "
                    f"{imaginary.flat[0]:g}); tanhplot draws real functions, so "
                    "return the real part or abs() yourself"
                )
            out = out.real
        return np.asarray(out, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, TanhplotError):
            raise
        raise TanhplotError(
            f"activation {name!r} must return numbers, got {values!r:.60}"
        ) from None


def _evaluate(name: str, fn: ArrayFn, z: ArrayLike) -> Any:
    """Evaluate *fn* on float64 input; scalars in give numpy scalars out."""
    try:
        x = np.asarray(z, dtype=np.float64)
    except (TypeError, ValueError):
        raise TanhplotError(
            f"activation {name!r} takes real numbers, got {z!r:.60}"
        ) from None
    values = real_values(name, fn(x))
    try:
        out = np.broadcast_to(values, x.shape)
    except ValueError:
        raise TanhplotError(
            f"activation {name!r} must return one value per input: "
            f"{values.shape} values for input of shape {x.shape}"
        ) from None
    return out[()] if out.ndim == 0 else np.array(out)


# --------------------------------------------------------------------------
# Automatic derivatives
# --------------------------------------------------------------------------

#: Weights of the 8th-order central difference
#: f'(z) ~ sum_k w_k (f(z + k h) - f(z - k h)) / h, for k = 1..4.
_CENTRAL_WEIGHTS = (4 / 5, -1 / 5, 4 / 105, -1 / 280)
#: Step of the central difference relative to max(1, |z|): about eps^(1/9),
#: which balances rounding (~eps |f| / h) against truncation (~h^8 |f^(9)|).
_CENTRAL_STEP = 2.0**-7
#: Step of the complex-step derivative. Im f(z + ih) / h involves no
#: subtraction, so h can be tiny: the error is ~h^2 |f'''| / 6.
_COMPLEX_STEP = 1e-20
#: The complex step is trusted where it agrees with the central difference to
#: this relative tolerance; where the complex step is wrong (``np.abs`` is not
#: analytic, a branch on ``z.real``) they differ by O(1).
_AGREEMENT = 1e-6


def _central_difference(fn: ArrayFn, z: NDArray[np.float64]) -> NDArray[np.float64]:
    """The 8th-order central difference of *fn* at *z*: relative error ~1e-12
    for smooth functions that vary on a scale of max(1, |z|)."""
    h = _CENTRAL_STEP * np.maximum(1.0, np.abs(z))
    total = np.zeros_like(z)
    for k, weight in enumerate(_CENTRAL_WEIGHTS, start=1):
        ahead = np.asarray(fn(z + k * h))
        behind = np.asarray(fn(z - k * h))
        total = total + weight * (ahead - behind)
    return np.asarray(total / h, dtype=np.float64)


def _complex_step(fn: ArrayFn, z: NDArray[np.float64]) -> NDArray[np.float64] | None:
    """Im f(z + ih) / h, or None where *fn* rejects or drops complex input."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")  # e.g. a ComplexWarning on a cast
            out = np.asarray(fn(cast(Any, z + 1j * _COMPLEX_STEP)))
    except Exception:  # whatever the refusal, the complex step is not usable
        return None
    if not np.iscomplexobj(out):
        return None
    return np.asarray(np.broadcast_to(out.imag / _COMPLEX_STEP, z.shape))


def automatic_derivative(fn: ArrayFn, *, name: str = "function") -> ArrayFn:
    """The derivative of *fn*, computed numerically and checked elementwise.

    Complex-step differentiation, ``Im f(z + ih) / h`` with ``h = 1e-20``, is
    exact to rounding for functions that are analytic and written with numpy
    operations that accept complex input. Every value is checked against an
    8th-order central difference (step ``2^-7 max(1, |z|)``, relative error
    about 1e-12 on smooth functions); where the two disagree by more than
    1e-6 relative (a non-analytic operation such as ``abs``, or next to a
    kink) or where *fn* rejects complex input, the central difference is
    used.

    Parameters
    ----------
    fn : callable
        A vectorized function of a float64 numpy array.
    name : str, default "function"
        What messages call *fn*: a `TanhplotError` says that it returns
        complex values or no numbers.

    Returns
    -------
    callable
        Its derivative, vectorized the same way.

    Examples
    --------
    >>> d = automatic_derivative(np.sin)
    >>> float(d(np.array(0.0)))
    1.0
    """

    if not callable(fn):
        raise TanhplotError(f"automatic_derivative() needs a function, got {fn!r}")

    def real(z: NDArray[np.float64]) -> NDArray[np.float64]:
        return real_values(name, fn(z))

    def derivative(z: NDArray[np.float64]) -> NDArray[np.float64]:
        z = np.asarray(z, dtype=np.float64)
        central = _central_difference(real, z)
        step = _complex_step(fn, z)
        if step is None:
            return central
        value = real(z)
        scale = np.abs(central) + np.abs(value) / np.maximum(1.0, np.abs(z))
        agree = np.isfinite(step) & (np.abs(step - central) <= _AGREEMENT * scale)
        return np.where(agree, step, central)

    return derivative


def _short(through_f: str | None, formula: str) -> str:
    # A form through "f(z)" needs the reader to know f: use it only where the
    # function is named (tanh: 1 - tanh^2(z)), else the formula's first form.
    if through_f and "f(" not in through_f:
        return through_f
    return formula.split(" = ", maxsplit=1)[0]


class Activation:
    """An activation function with its derivative and formulas. Immutable.

    Parameters
    ----------
    name : str
        Identifier used by `get`, the CLI and the legend (letters, digits, ``_``).
    fn : callable
        Vectorized function of a float64 numpy array.
    derivative : callable, optional
        Its first derivative. When omitted it is computed numerically by
        `automatic_derivative`: complex-step differentiation (exact to
        rounding) where *fn* accepts complex input, checked elementwise
        against an 8th-order central difference, which is used where the two
        disagree.
    second_derivative : callable, optional
        Its second derivative; when omitted, `automatic_derivative` of the
        first derivative.
    latex : str, optional
        Matplotlib mathtext (without ``$``) for the function, e.g. ``\\tanh(z)``.
    derivative_latex : str, optional
        Mathtext for the derivative, e.g. ``\\mathrm{sech}^2(z)``.
    text, derivative_text : str, optional
        Plain-text formulas for terminals (``tanhplot list``).
    derivative_in_terms_of_f : str, optional
        Mathtext for the derivative written through the function itself,
        e.g. ``1 - \\tanh^2(z)``; None where there is no such form.
    derivative_in_terms_of_f_text : str, optional
        The same in plain text, e.g. ``1 - tanh(z)^2``.
    second_derivative_latex, second_derivative_text : str, optional
        Mathtext and plain text of the second derivative.
    asymptotes : iterable of float, optional
        Horizontal asymptotes (limits for z -> -inf or +inf) of the function.
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
        "_second_derivative",
        "asymptotes",
        "derivative_in_terms_of_f",
        "derivative_in_terms_of_f_text",
        "derivative_latex",
        "derivative_text",
        "label",
        "latex",
        "name",
        "params",
        "second_derivative_latex",
        "second_derivative_text",
        "text",
    )

    name: str
    _fn: ArrayFn
    _derivative: ArrayFn
    _second_derivative: ArrayFn
    latex: str
    derivative_latex: str
    text: str
    derivative_text: str
    derivative_in_terms_of_f: str | None
    derivative_in_terms_of_f_text: str | None
    second_derivative_latex: str
    second_derivative_text: str
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
        derivative_in_terms_of_f: str | None = None,
        derivative_in_terms_of_f_text: str | None = None,
        asymptotes: Iterable[float] = (),
        params: Mapping[str, float] | None = None,
        label: str | None = None,
        second_derivative: ArrayFn | None = None,
        second_derivative_latex: str | None = None,
        second_derivative_text: str | None = None,
    ) -> None:
        if not isinstance(name, str) or not NAME.match(name):
            raise TanhplotError(
                f"invalid activation name {name!r}: use letters, digits and '_', "
                "starting with a letter"
            )
        if not callable(fn):
            raise TanhplotError(f"activation {name!r}: fn must be callable, got {fn!r}")
        for what, given_fn in (
            ("derivative", derivative),
            ("second_derivative", second_derivative),
        ):
            if given_fn is not None and not callable(given_fn):
                raise TanhplotError(
                    f"activation {name!r}: {what} must be callable, got {given_fn!r}"
                )
        texts = {
            "latex": latex,
            "derivative_latex": derivative_latex,
            "text": text,
            "derivative_text": derivative_text,
            "derivative_in_terms_of_f": derivative_in_terms_of_f,
            "derivative_in_terms_of_f_text": derivative_in_terms_of_f_text,
            "label": label,
            "second_derivative_latex": second_derivative_latex,
            "second_derivative_text": second_derivative_text,
        }
        for field, given in texts.items():
            if given is not None and not isinstance(given, str):
                raise TanhplotError(
                    f"activation {name!r}: {field} must be text, got {given!r}"
                )
        if isinstance(asymptotes, str) or not isinstance(asymptotes, Iterable):
            raise TanhplotError(
                f"activation {name!r}: asymptotes must be a list of numbers, "
                f"got {asymptotes!r}"
            )
        if params is not None and not isinstance(params, Mapping):
            raise TanhplotError(
                f"activation {name!r}: params must be a mapping of names to "
                f"numbers, got {params!r}"
            )
        first = derivative or automatic_derivative(fn, name=name)
        values = {
            "name": name,
            "_fn": fn,
            "_derivative": first,
            "_second_derivative": second_derivative
            or automatic_derivative(first, name=name),
            "latex": latex or rf"\mathrm{{{name}}}(z)".replace("_", r"\_"),
            "derivative_latex": derivative_latex
            or rf"\mathrm{{{name}}}'(z)".replace("_", r"\_"),
            "text": text or f"{name}(z)",
            "derivative_text": derivative_text or f"{name}'(z)",
            "second_derivative_latex": second_derivative_latex
            or rf"\mathrm{{{name}}}''(z)".replace("_", r"\_"),
            "second_derivative_text": second_derivative_text or f"{name}''(z)",
            "derivative_in_terms_of_f": derivative_in_terms_of_f,
            "derivative_in_terms_of_f_text": derivative_in_terms_of_f_text,
            "asymptotes": tuple(
                check_number(f"activation {name!r}: an asymptote", a)
                for a in asymptotes
            ),
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
        return _evaluate(self.name, self._fn, z)

    def derivative(self, z: ArrayLike) -> Any:
        """Evaluate the first derivative at *z* (array or scalar)."""
        return _evaluate(self.name, self._derivative, z)

    def second_derivative(self, z: ArrayLike) -> Any:
        """Evaluate the second derivative at *z* (array or scalar)."""
        return _evaluate(self.name, self._second_derivative, z)

    @property
    def short_latex(self) -> str:
        """The function's mathtext without its definition, for legends:
        ``\\sigma(z)`` of ``\\sigma(z) = \\frac{1}{1 + e^{-z}}``."""
        return self.latex.split(" = ", maxsplit=1)[0]

    @property
    def derivative_short_latex(self) -> str:
        """The derivative as it is usually written, for legends: through the
        function's own name where the registry has such a form
        (``1 - \\tanh^2(z)``), else the first form of `derivative_latex`."""
        return _short(self.derivative_in_terms_of_f, self.derivative_latex)

    @property
    def derivative_short_text(self) -> str:
        """Plain-text twin of `derivative_short_latex` (alt text, terminals)."""
        return _short(self.derivative_in_terms_of_f_text, self.derivative_text)

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
            "derivative_in_terms_of_f": self.derivative_in_terms_of_f,
            "derivative_in_terms_of_f_text": self.derivative_in_terms_of_f_text,
            "asymptotes": self.asymptotes,
            "params": dict(self.params),
            "label": self.label,
            "second_derivative": self._second_derivative,
            "second_derivative_latex": self.second_derivative_latex,
            "second_derivative_text": self.second_derivative_text,
        }
        unknown = set(changes) - set(args)
        if unknown:
            raise TanhplotError(
                f"replace() got unknown fields {sorted(unknown)} "
                f"(valid: {', '.join(args)})"
            )
        args.update(changes)
        return Activation(**args)

    def _key(self) -> tuple[object, ...]:
        return (
            self.name,
            self.params,
            self.label,
            self._fn,
            self._derivative,
            self._second_derivative,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Activation):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Activation({self.label!r})"


def literal_number(node: ast.expr) -> float | None:
    """The value of a number literal, possibly signed (``-0.1``), else None.
    Shared by activation strings and expressions; evaluates nothing."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = literal_number(node.operand)
        if value is None:
            return None
        return -value if isinstance(node.op, ast.USub) else value
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    ):
        try:
            return float(node.value)
        except OverflowError:  # an integer of more than 308 digits
            return math.inf if node.value > 0 else -math.inf
    return None
