"""The built-in activations: PyTorch's definitions and default parameters.

Every function and derivative here is the exact mathematical one, computed in
a form that neither overflows nor cancels for any finite float64 input (no
shortcuts such as PyTorch's softplus ``threshold``). The special functions
numpy lacks are computed here too, the logistic sigmoid (`_sigmoid`) and
GELU's normal CDF (`_normal_cdf`), since scipy.special takes ~0.1 s to
import. numpy is imported when an activation is first evaluated, not when
tanhplot is imported (`tanhplot.lazy`), so that building an activation to
read its formulas (``tanhplot list``) imports neither.

Derivatives at kinks are the values PyTorch's autograd gives (checked with
PyTorch 2.13.0 on CPU; its backward kernels compare the input with strict or
non-strict inequalities as noted):

=============  ===========================================================
relu           f'(0) = 0                  (``threshold_backward``: z > 0)
leaky_relu     f'(0) = negative_slope     (z > 0 ? 1 : negative_slope)
elu            f'(0) = alpha              (z <= 0 ? alpha e^z : 1)
selu           f'(0) = scale * alpha      (elu_backward)
celu           f'(0) = 1                  (both sides agree)
hardtanh       f'(min_val) = f'(max_val) = 0   (min_val < z < max_val)
relu6          f'(0) = f'(6) = 0          (hardtanh_backward with 0, 6)
hardsigmoid    f'(-3) = f'(3) = 0         (-3 < z < 3)
hardswish      f'(-3) = 0, f'(3) = 1      (z <= -3: 0; z < 3: (2z + 3)/6; 1)
softshrink     f'(+-lambd) = 0            (|z| <= lambd: 0)
hardshrink     f'(+-lambd) = 0            (|z| <= lambd: 0)
prelu          f'(0) = weight             (z > 0 ? 1 : weight)
rrelu          f'(0) = (lower + upper)/2  (evaluation mode: leaky_relu)
threshold      f'(threshold) = 0          (threshold_backward: z > threshold)
step           f' = 0 everywhere          (torch.heaviside has no autograd
                                           formula; like torch.sign, its
                                           derivative is taken as 0)
=============  ===========================================================

``step(0) = 1`` (the perceptron's convention, ``torch.heaviside(z, 1)``).
prelu, rrelu and threshold follow PyTorch's backward formulas; the machine
they were added on had no PyTorch to run them against.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .core import Activation
from .errors import TanhplotError

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Array = NDArray[np.float64]
else:  # imported when first evaluated: `tanhplot list` needs no numpy
    from .lazy import numpy as np

__all__ = ["BUILTINS", "builtin"]

Factory = Callable[..., Activation]
#: The built-ins in order: (name, factory, aliases); `tanhplot.activations`
#: registers them.
BUILTINS: list[tuple[str, Factory, tuple[str, ...]]] = []


def builtin(
    name: str, *, aliases: tuple[str, ...] = ()
) -> Callable[[Factory], Factory]:
    """Declare the decorated factory the built-in activation *name* (and
    its *aliases*); the registry caches and registers it."""

    def decorate(factory: Factory) -> Factory:
        BUILTINS.append((name, factory, aliases))
        return factory

    return decorate


#: SELU's constants (Klambauer et al. 2017), as in PyTorch.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
#: The tanh approximation of GELU (Hendrycks & Gimpel 2016).
GELU_TANH_C = math.sqrt(2.0 / math.pi)
GELU_TANH_K = 0.044715
#: 1/sqrt(2), correctly rounded (cephes' NPY_SQRT1_2).
_SQRT1_2 = math.sqrt(0.5)


def _normal_cdf_scalar(z: float) -> float:
    # cephes' ndtr (scipy.special.ndtr): erf near 0, erfc in the tails, so
    # the left tail keeps its relative accuracy down to the last subnormal
    x = z * _SQRT1_2
    if abs(x) < _SQRT1_2:
        return 0.5 + 0.5 * math.erf(x)
    tail = 0.5 * math.erfc(abs(x))
    return 1.0 - tail if x > 0 else tail


def _normal_cdf(z: Array) -> Array:
    """Phi(z), the standard normal CDF, elementwise: Python's `math.erf` and
    `math.erfc` (the C library's, accurate to about an ulp) over the
    samples. ~0.1 us per sample; importing scipy.special, the
    vectorised alternative, takes ~0.1 s, longer than a million samples."""
    values = np.asarray(z, dtype=float)
    flat = map(_normal_cdf_scalar, values.ravel().tolist())
    return np.fromiter(flat, dtype=float, count=values.size).reshape(values.shape)


def _if(value: str, condition: str, other: str) -> str:
    """Mathtext for "value if condition else other"."""
    return rf"{value} \;\mathrm{{if}}\; {condition} \;\mathrm{{else}}\; {other}"


def _require(name: str, key: str, value: float, ok: bool, valid: str) -> None:
    if not ok:
        raise TanhplotError(f"{name}: parameter {key!r} must be {valid}, got {value:g}")


def _make(
    name: str,
    fn: Callable[[Array], Any],
    derivative: Callable[[Array], Any],
    latex: str,
    derivative_latex: str,
    text: str,
    derivative_text: str,
    *,
    second: Second,
    via_f: tuple[str, str] | None = None,
    asymptotes: tuple[float, ...] = (),
    params: dict[str, float] | None = None,
) -> Activation:
    second_fn, second_latex, second_text = second
    return Activation(
        name,
        fn,
        derivative,
        latex,
        derivative_latex=derivative_latex,
        text=text,
        derivative_text=derivative_text,
        derivative_in_terms_of_f=via_f[0] if via_f else None,
        derivative_in_terms_of_f_text=via_f[1] if via_f else None,
        asymptotes=asymptotes,
        params=params,
        second_derivative=second_fn,
        second_derivative_latex=second_latex,
        second_derivative_text=second_text,
    )


#: A second derivative: the function, its mathtext and its plain text. At a
#: kink of f' (relu's f'' is a Dirac delta at 0) the value either side is
#: drawn, as for f' at a jump of f.
if TYPE_CHECKING:
    Second = tuple[Callable[[Array], Any], str, str]
#: f'' = 0 wherever it exists: the piecewise-linear functions.
_ZERO: Second = (
    lambda z: np.zeros_like(z),  # noqa: PLW0108 (np.X imports numpy)
    "0",
    "0 (except at the kinks, where f' jumps)",
)


def _sech2(z: Array) -> Array:
    # sech^2 z = 4 e^{-2|z|} / (1 + e^{-2|z|})^2: no cancellation of
    # 1 - tanh^2 near |z| ~ 20 and no overflow of cosh beyond |z| ~ 710.
    # Beyond |z| = 400 the result underflows to 0 anyway; the cap keeps 2|z|
    # finite.
    e = np.exp(-2.0 * np.minimum(np.abs(z), 400.0))
    return np.asarray(4.0 * e / (1.0 + e) ** 2)


def _sigmoid(z: Array) -> Array:
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _log_sigmoid(z: Array) -> Array:
    # ln sigma(z) = min(z, 0) - ln(1 + e^{-|z|}): exact for all z, as softplus
    return np.asarray(np.minimum(z, 0.0) - np.log1p(np.exp(-np.abs(z))))


def _sigmoid_derivative(z: Array) -> Array:
    # sigma(z) (1 - sigma(z)) = sigma(z) sigma(-z) = e^{-|z|} / (1 + e^{-|z|})^2
    e = np.exp(-np.abs(z))
    return np.asarray(e / (1.0 + e) ** 2)


def _sigmoid_second(z: Array) -> Array:
    # sigma' (1 - 2 sigma) = -tanh(z/2) sigma': no cancellation near 0.
    return np.asarray(-np.tanh(0.5 * z) * _sigmoid_derivative(z))


def _tanh_second(z: Array) -> Array:
    return np.asarray(-2.0 * np.tanh(z) * _sech2(z))


def _softplus(z: Array) -> Array:
    # ln(1 + e^z) = max(z, 0) + ln(1 + e^{-|z|}): exact for all z.
    return np.asarray(np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z))))


# --------------------------------------------------------------------------
# Saturating functions
# --------------------------------------------------------------------------


@builtin("tanh")
def _tanh() -> Activation:
    return _make(
        "tanh",
        lambda z: np.tanh(z),  # noqa: PLW0108 (np.X imports numpy)
        _sech2,
        r"\tanh(z) = \frac{e^z - e^{-z}}{e^z + e^{-z}}",
        r"\mathrm{sech}^2(z) = \frac{4}{(e^z + e^{-z})^2}",
        "tanh(z) = (e^z - e^-z) / (e^z + e^-z)",
        "sech(z)^2 = 4 / (e^z + e^-z)^2",
        second=(
            _tanh_second,
            r"-2\tanh(z)\,\mathrm{sech}^2(z)",
            "-2 tanh(z) sech(z)^2",
        ),
        via_f=(r"1 - \tanh^2(z)", "1 - tanh(z)^2"),
        asymptotes=(-1.0, 1.0),
    )


@builtin("sigmoid")
def _sigmoid_activation() -> Activation:
    return _make(
        "sigmoid",
        _sigmoid,
        _sigmoid_derivative,
        r"\sigma(z) = \frac{1}{1 + e^{-z}}",
        r"\frac{e^{-z}}{(1 + e^{-z})^2}",
        "sigmoid(z) = 1 / (1 + e^-z)",
        "e^-z / (1 + e^-z)^2",
        second=(
            _sigmoid_second,
            r"\sigma(z)\,(1 - \sigma(z))\,(1 - 2\sigma(z))",
            "sigmoid(z) (1 - sigmoid(z)) (1 - 2 sigmoid(z))",
        ),
        via_f=(r"\sigma(z)\,(1 - \sigma(z))", "sigmoid(z) (1 - sigmoid(z))"),
        asymptotes=(0.0, 1.0),
    )


# --------------------------------------------------------------------------
# The ReLU family
# --------------------------------------------------------------------------


@builtin("relu")
def _relu() -> Activation:
    return _make(
        "relu",
        lambda z: np.where(z > 0, z, 0.0),
        lambda z: np.where(z > 0, 1.0, 0.0),
        r"\max(0, z)",
        _if("1", "z > 0", "0"),
        "max(0, z)",
        "1 if z > 0 else 0",
        second=_ZERO,
        via_f=(_if("1", "f(z) > 0", "0"), "1 if f(z) > 0 else 0"),
        asymptotes=(0.0,),
    )


def _negative_slope(
    name: str,
    slope: float,
    slope_latex: str,
    slope_text: str,
    params: dict[str, float],
    note: str = "",
) -> Activation:
    """A leaky ReLU under another name: z for z > 0, else *slope* z; *note*
    ends the plain-text formula."""

    def fn(z: Array) -> Array:
        with np.errstate(over="ignore"):  # slope z beyond the float range is inf
            return np.where(z > 0, z, slope * z)

    return _make(
        name,
        fn,
        lambda z: np.where(z > 0, 1.0, slope),
        rf"\max(0, z) + {slope_latex} \cdot \min(0, z)",
        _if("1", "z > 0", slope_latex),
        f"max(0, z) + {slope_text} * min(0, z){note}",
        f"1 if z > 0 else {slope_text}",
        second=_ZERO,
        asymptotes=(0.0,) if slope == 0 else (),
        params=params,
    )


@builtin("leaky_relu")
def _leaky_relu(negative_slope: float = 0.01) -> Activation:
    return _negative_slope(
        "leaky_relu",
        negative_slope,
        r"\mathrm{negative\_slope}",
        "negative_slope",
        {"negative_slope": negative_slope},
    )


@builtin("prelu")
def _prelu(weight: float = 0.25) -> Activation:
    # torch.nn.PReLU() with one learnable weight, initialised to 0.25
    return _negative_slope(
        "prelu", weight, r"\mathrm{weight}", "weight", {"weight": weight}
    )


@builtin("rrelu")
def _rrelu(lower: float = 1.0 / 8.0, upper: float = 1.0 / 3.0) -> Activation:
    # evaluation mode (torch.nn.RReLU().eval()): the slope is fixed at the
    # middle of the range it is drawn from in training
    if not lower <= upper:
        raise TanhplotError(
            "rrelu: parameters 'lower' and 'upper' need lower <= upper, "
            f"got lower={lower:g}, upper={upper:g}"
        )
    return _negative_slope(
        "rrelu",
        (lower + upper) / 2.0,
        r"\frac{\mathrm{lower} + \mathrm{upper}}{2}",
        "(lower + upper)/2",
        {"lower": lower, "upper": upper},
        note=" (evaluation mode)",
    )


def _elu_parts(alpha: float, scale: float) -> tuple[Callable[[Array], Array], ...]:
    def fn(z: Array) -> Array:
        return scale * np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0)))

    def derivative(z: Array) -> Array:
        return scale * np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0.0)))

    def second(z: Array) -> Array:
        return scale * np.where(z > 0, 0.0, alpha * np.exp(np.minimum(z, 0.0)))

    return fn, derivative, second


@builtin("elu")
def _elu(alpha: float = 1.0) -> Activation:
    _require("elu", "alpha", alpha, alpha > 0, "> 0")
    fn, derivative, second = _elu_parts(alpha, 1.0)
    return _make(
        "elu",
        fn,
        derivative,
        _if("z", "z > 0", r"\alpha\,(e^z - 1)"),
        _if("1", "z > 0", r"\alpha\,e^z"),
        "z if z > 0 else alpha (e^z - 1)",
        "1 if z > 0 else alpha e^z",
        second=(second, _if("0", "z > 0", r"\alpha\,e^z"), "0 if z > 0 else alpha e^z"),
        via_f=(_if("1", "z > 0", r"f(z) + \alpha"), "1 if z > 0 else f(z) + alpha"),
        asymptotes=(-alpha,),
        params={"alpha": alpha},
    )


@builtin("selu")
def _selu() -> Activation:
    fn, derivative, second = _elu_parts(SELU_ALPHA, SELU_SCALE)
    return _make(
        "selu",
        fn,
        derivative,
        r"\lambda\,z \;\mathrm{if}\; z > 0 \;\mathrm{else}\; \lambda\alpha\,(e^z - 1)",
        _if(r"\lambda", "z > 0", r"\lambda\alpha\,e^z"),
        "scale (z if z > 0 else alpha (e^z - 1)), alpha ~ 1.6733, scale ~ 1.0507",
        "scale if z > 0 else scale alpha e^z",
        second=(
            second,
            _if("0", "z > 0", r"\lambda\alpha\,e^z"),
            "0 if z > 0 else scale alpha e^z",
        ),
        via_f=(
            _if(r"\lambda", "z > 0", r"f(z) + \lambda\alpha"),
            "scale if z > 0 else f(z) + scale alpha",
        ),
        asymptotes=(-SELU_SCALE * SELU_ALPHA,),
    )


@builtin("celu")
def _celu(alpha: float = 1.0) -> Activation:
    _require("celu", "alpha", alpha, alpha > 0, "> 0")

    def fn(z: Array) -> Array:
        with np.errstate(over="ignore"):  # z / alpha -> -inf: expm1 gives -1
            return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0) / alpha))

    def derivative(z: Array) -> Array:
        with np.errstate(over="ignore"):
            return np.where(z > 0, 1.0, np.exp(np.minimum(z, 0.0) / alpha))

    def second(z: Array) -> Array:
        with np.errstate(over="ignore"):
            return np.where(z > 0, 0.0, np.exp(np.minimum(z, 0.0) / alpha) / alpha)

    return _make(
        "celu",
        fn,
        derivative,
        r"\max(0, z) + \min(0, \alpha\,(e^{z/\alpha} - 1))",
        _if("1", "z > 0", r"e^{z/\alpha}"),
        "max(0, z) + min(0, alpha (e^(z/alpha) - 1))",
        "1 if z > 0 else e^(z/alpha)",
        second=(
            second,
            _if("0", "z > 0", r"e^{z/\alpha}/\alpha"),
            "0 if z > 0 else e^(z/alpha) / alpha",
        ),
        via_f=(
            _if("1", "z > 0", r"f(z)/\alpha + 1"),
            "1 if z > 0 else f(z)/alpha + 1",
        ),
        asymptotes=(-alpha,),
        params={"alpha": alpha},
    )


@builtin("gelu")
def _gelu() -> Activation:
    def fn(z: Array) -> Array:
        return np.asarray(z * _normal_cdf(z))

    def derivative(z: Array) -> Array:
        # Phi(z) + z phi(z); phi underflows to 0 beyond |z| ~ 38.6, so
        # clipping z there avoids z^2 overflowing without changing anything.
        zc = np.clip(z, -40.0, 40.0)
        phi = np.exp(-0.5 * zc * zc) / math.sqrt(2.0 * math.pi)
        return np.asarray(_normal_cdf(z) + z * phi)

    def second(z: Array) -> Array:
        # phi(z) (2 - z^2); phi is 0 beyond |z| ~ 38.6, where z^2 is finite.
        zc = np.clip(z, -40.0, 40.0)
        phi = np.exp(-0.5 * zc * zc) / math.sqrt(2.0 * math.pi)
        return np.asarray(phi * (2.0 - zc * zc))

    return _make(
        "gelu",
        fn,
        derivative,
        r"z\,\Phi(z) = \frac{z}{2}\,\left(1 + \mathrm{erf}(z/\sqrt{2})\right)",
        r"\Phi(z) + z\,\varphi(z) = \Phi(z) + \frac{z\,e^{-z^2/2}}{\sqrt{2\pi}}",
        "z Phi(z) = z/2 (1 + erf(z / sqrt(2)))",
        "Phi(z) + z phi(z) = Phi(z) + z e^(-z^2/2) / sqrt(2 pi)",
        second=(second, r"\varphi(z)\,(2 - z^2)", "phi(z) (2 - z^2)"),
        asymptotes=(0.0,),
    )


@builtin("gelu_tanh")
def _gelu_tanh() -> Activation:
    # z/2 (1 + tanh u) = z sigma(2u): the left tail without cancellation.
    # Beyond |z| = 100, sigma(2u) is exactly 0 or 1, so clipping z inside u
    # changes nothing and keeps z^3 finite.
    def u_of(z: Array) -> Array:
        zc = np.clip(z, -100.0, 100.0)
        return np.asarray(GELU_TANH_C * (zc + GELU_TANH_K * zc**3))

    def fn(z: Array) -> Array:
        return np.asarray(z * _sigmoid(2.0 * u_of(z)))

    def derivative(z: Array) -> Array:
        # sigma(2u) + 2 z u' sigma(2u) sigma(-2u)
        two_u = 2.0 * u_of(z)
        zc = np.clip(z, -100.0, 100.0)
        du = GELU_TANH_C * (1.0 + 3.0 * GELU_TANH_K * zc * zc)
        s = _sigmoid(two_u)
        # s * sigma(-2u) is exactly 0 where z * du would overflow.
        return np.asarray(s + (2.0 * du * s * _sigmoid(-two_u)) * z)

    def second(z: Array) -> Array:
        # f = z S, S = sigma(2u): f'' = 2 S' + z S'' with S' = 2u' q,
        # q = S (1 - S), and S'' = 2u'' q - 4u'^2 q tanh(u). Beyond |z| =
        # 100, q is exactly 0: z is clipped there too (no inf * 0).
        zc = np.clip(z, -100.0, 100.0)
        u = u_of(z)
        du = GELU_TANH_C * (1.0 + 3.0 * GELU_TANH_K * zc * zc)
        ddu = GELU_TANH_C * 6.0 * GELU_TANH_K * zc
        q = _sigmoid(2.0 * u) * _sigmoid(-2.0 * u)
        return np.asarray(
            q * (4.0 * du + zc * (2.0 * ddu - 4.0 * du * du * np.tanh(u)))
        )

    return _make(
        "gelu_tanh",
        fn,
        derivative,
        r"\frac{z}{2}\,(1 + \tanh u),\; u = \sqrt{2/\pi}\,(z + 0.044715\,z^3)",
        r"\frac{1}{2}\,(1 + \tanh u) + \frac{z}{2}\,\mathrm{sech}^2(u)\,u'",
        "z/2 (1 + tanh(u)), u = sqrt(2/pi) (z + 0.044715 z^3)",
        "(1 + tanh(u))/2 + z/2 sech(u)^2 u', u' = sqrt(2/pi) (1 + 0.134145 z^2)",
        second=(
            second,
            r"q\,(4u' + 2z\,u'' - 4z\,u'^2 \tanh u),\;"
            r" q = \frac{1}{4}\mathrm{sech}^2 u",
            "q (4u' + 2z u'' - 4z u'^2 tanh(u)), q = sech(u)^2 / 4",
        ),
        asymptotes=(0.0,),
    )


def _silu_second(z: Array) -> Array:
    # 2 sigma' + z sigma'' = sigma' (2 - z tanh(z/2)); sigma' is 0 where z
    # tanh(z/2) would be huge.
    zc = np.clip(z, -1e3, 1e3)
    return np.asarray(_sigmoid_derivative(z) * (2.0 - zc * np.tanh(0.5 * zc)))


@builtin("silu", aliases=("swish",))
def _silu() -> Activation:
    return _make(
        "silu",
        lambda z: z * _sigmoid(z),
        lambda z: _sigmoid(z) * (1.0 + z * _sigmoid(-z)),
        r"z\,\sigma(z)",
        r"\sigma(z)\,(1 + z\,(1 - \sigma(z)))",
        "z sigmoid(z)",
        "sigmoid(z) (1 + z (1 - sigmoid(z)))",
        second=(
            _silu_second,
            r"\sigma'(z)\,(2 - z\tanh(z/2))",
            "sigmoid'(z) (2 - z tanh(z/2))",
        ),
        via_f=(r"f(z) + \sigma(z)\,(1 - f(z))", "f(z) + sigmoid(z) (1 - f(z))"),
        asymptotes=(0.0,),
    )


def _mish_second(z: Array) -> Array:
    # f' = tanh(s) + z sech^2(s) sigma, s = softplus(z), s' = sigma:
    # f'' = sech^2(s) (2 sigma - 2 z sigma^2 tanh(s) + z sigma (1 - sigma)).
    # sech^2(s) is 0 beyond z ~ 400, where z is clipped (no inf * 0).
    zc = np.clip(z, -1e3, 1e3)
    sp = _softplus(z)
    sig = _sigmoid(z)
    inner = 2.0 - 2.0 * zc * sig * np.tanh(sp) + zc * _sigmoid(-z)
    return np.asarray(_sech2(sp) * sig * inner)


@builtin("mish")
def _mish() -> Activation:
    def derivative(z: Array) -> Array:
        sp = _softplus(z)
        return np.asarray(np.tanh(sp) + z * _sech2(sp) * _sigmoid(z))

    return _make(
        "mish",
        lambda z: z * np.tanh(_softplus(z)),
        derivative,
        r"z\,\tanh(\mathrm{softplus}(z)) = z\,\tanh(\ln(1 + e^z))",
        r"\tanh(\mathrm{softplus}(z)) + z\,\sigma(z)\,\mathrm{sech}^2"
        r"(\mathrm{softplus}(z))",
        "z tanh(softplus(z)) = z tanh(ln(1 + e^z))",
        "tanh(softplus(z)) + z sigmoid(z) sech(softplus(z))^2",
        second=(
            _mish_second,
            r"\mathrm{sech}^2(s)\,\sigma(z)\,(2 - 2z\,\sigma(z)\tanh(s)"
            r" + z\,(1 - \sigma(z))),\; s = \mathrm{softplus}(z)",
            "sech(s)^2 sigmoid(z) (2 - 2z sigmoid(z) tanh(s) + z (1 - sigmoid(z))),"
            " s = softplus(z)",
        ),
        asymptotes=(0.0,),
    )


@builtin("softplus")
def _softplus_activation(beta: float = 1.0) -> Activation:
    _require("softplus", "beta", beta, beta > 0, "> 0")

    def fn(z: Array) -> Array:
        with np.errstate(over="ignore"):  # beta z = +-inf still gives the limit
            bz = beta * z
            return np.asarray(np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(bz))) / beta)

    def derivative(z: Array) -> Array:
        with np.errstate(over="ignore"):
            return np.asarray(_sigmoid(beta * z))

    def second(z: Array) -> Array:
        with np.errstate(over="ignore"):
            return np.asarray(beta * _sigmoid_derivative(beta * z))

    return _make(
        "softplus",
        fn,
        derivative,
        r"\frac{1}{\beta}\,\ln(1 + e^{\beta z})",
        r"\frac{1}{1 + e^{-\beta z}}",
        "ln(1 + e^(beta z)) / beta",
        "1 / (1 + e^(-beta z))",
        second=(
            second,
            r"\beta\,\sigma(\beta z)\,(1 - \sigma(\beta z))",
            "beta sigmoid(beta z) (1 - sigmoid(beta z))",
        ),
        via_f=(r"\sigma(\beta z) = 1 - e^{-\beta f(z)}", "sigmoid(beta z)"),
        asymptotes=(0.0,),
        params={"beta": beta},
    )


def _softsign_second(z: Array) -> Array:
    w = 1.0 / (1.0 + np.abs(z))  # w^3 underflows to 0; (1 + |z|)^3 overflows
    return np.asarray(-2.0 * np.sign(z) * w**3)


@builtin("softsign")
def _softsign() -> Activation:
    return _make(
        "softsign",
        lambda z: z / (1.0 + np.abs(z)),
        lambda z: (1.0 / (1.0 + np.abs(z))) ** 2,
        r"\frac{z}{1 + |z|}",
        r"\frac{1}{(1 + |z|)^2}",
        "z / (1 + |z|)",
        "1 / (1 + |z|)^2",
        second=(
            _softsign_second,
            r"\frac{-2\,\mathrm{sign}(z)}{(1 + |z|)^3}",
            "-2 sign(z) / (1 + |z|)^3",
        ),
        via_f=(r"(1 - |f(z)|)^2", "(1 - |f(z)|)^2"),
        asymptotes=(-1.0, 1.0),
    )


# --------------------------------------------------------------------------
# Piecewise-linear ("hard") functions and shrinkage
# --------------------------------------------------------------------------


@builtin("hardtanh")
def _hardtanh(min_val: float = -1.0, max_val: float = 1.0) -> Activation:
    if not min_val < max_val:
        raise TanhplotError(
            "hardtanh: parameters 'min_val' and 'max_val' need min_val < max_val, "
            f"got min_val={min_val:g}, max_val={max_val:g}"
        )
    return _make(
        "hardtanh",
        lambda z: np.clip(z, min_val, max_val),
        lambda z: np.where((z > min_val) & (z < max_val), 1.0, 0.0),
        r"\min(\max(z, \mathrm{min\_val}), \mathrm{max\_val})",
        _if("1", r"\mathrm{min\_val} < z < \mathrm{max\_val}", "0"),
        "min(max(z, min_val), max_val)",
        "1 if min_val < z < max_val else 0",
        second=_ZERO,
        asymptotes=(min_val, max_val),
        params={"min_val": min_val, "max_val": max_val},
    )


@builtin("hardsigmoid")
def _hardsigmoid() -> Activation:
    return _make(
        "hardsigmoid",
        lambda z: np.clip(z + 3.0, 0.0, 6.0) / 6.0,
        lambda z: np.where((z > -3.0) & (z < 3.0), 1.0 / 6.0, 0.0),
        r"\min(\max(z + 3, 0), 6)\,/\,6",
        _if(r"\frac{1}{6}", "-3 < z < 3", "0"),
        "min(max(z + 3, 0), 6) / 6",
        "1/6 if -3 < z < 3 else 0",
        second=_ZERO,
        asymptotes=(0.0, 1.0),
    )


def _hardswish_second(z: Array) -> Array:
    return np.where((z > -3.0) & (z < 3.0), 1.0 / 3.0, 0.0)


@builtin("hardswish")
def _hardswish() -> Activation:
    def derivative(z: Array) -> Array:
        zc = np.clip(z, -3.0, 3.0)
        return np.where(z <= -3.0, 0.0, np.where(z < 3.0, (2.0 * zc + 3.0) / 6.0, 1.0))

    return _make(
        "hardswish",
        lambda z: z * (np.clip(z + 3.0, 0.0, 6.0) / 6.0),
        derivative,
        r"z\,\min(\max(z + 3, 0), 6)\,/\,6",
        r"0 \;(z \leq -3),\; (2z + 3)/6 \;(-3 < z < 3),\; 1 \;(z \geq 3)",
        "z min(max(z + 3, 0), 6) / 6",
        "0 if z <= -3, (2z + 3)/6 if -3 < z < 3, 1 if z >= 3",
        second=(
            _hardswish_second,
            _if(r"\frac{1}{3}", "-3 < z < 3", "0"),
            "1/3 if -3 < z < 3 else 0",
        ),
        asymptotes=(0.0,),
    )


@builtin("relu6")
def _relu6() -> Activation:
    return _make(
        "relu6",
        lambda z: np.clip(z, 0.0, 6.0),
        lambda z: np.where((z > 0.0) & (z < 6.0), 1.0, 0.0),
        r"\min(\max(0, z), 6)",
        _if("1", "0 < z < 6", "0"),
        "min(max(0, z), 6)",
        "1 if 0 < z < 6 else 0",
        second=_ZERO,
        asymptotes=(0.0, 6.0),
    )


def _logsigmoid_second(z: Array) -> Array:
    return np.asarray(-_sigmoid_derivative(z))


@builtin("logsigmoid")
def _logsigmoid() -> Activation:
    return _make(
        "logsigmoid",
        _log_sigmoid,
        lambda z: _sigmoid(-z),
        r"\ln \sigma(z) = -\ln(1 + e^{-z})",
        r"1 - \sigma(z) = \frac{1}{1 + e^z}",
        "ln(sigmoid(z)) = -ln(1 + e^-z)",
        "1 - sigmoid(z) = 1 / (1 + e^z)",
        second=(
            _logsigmoid_second,
            r"-\sigma(z)\,(1 - \sigma(z))",
            "-sigmoid(z) (1 - sigmoid(z))",
        ),
        via_f=(r"1 - e^{f(z)}", "1 - e^f(z)"),
        asymptotes=(0.0,),
    )


#: Taylor coefficients of z - tanh(z) = z^3 (c0 + c1 z^2 + c2 z^4 + ...).
_TANHSHRINK_SERIES = (
    0.3333333333333333,
    -0.13333333333333333,
    0.05396825396825397,
    -0.021869488536155203,
    0.008863235529902197,
    -0.003592128036572481,
    0.0014558343870513183,
    -0.000590027440945586,
    0.00023912911424355248,
    -9.691537956929451e-05,
    3.927832388331683e-05,
    -1.5918905069328964e-05,
    6.451689215655431e-06,
)
#: Below this |z|, z - tanh(z) loses more than ~6 bits: use the series (whose
#: terms shrink by 0.405 z^2 < 0.026 each, 13 terms: < 1e-20 relative).
_TANHSHRINK_SERIES_BELOW = 0.25


def _tanhshrink(z: Array) -> Array:
    zs = np.clip(z, -_TANHSHRINK_SERIES_BELOW, _TANHSHRINK_SERIES_BELOW)
    z2 = zs * zs
    poly = np.zeros_like(zs)
    for c in reversed(_TANHSHRINK_SERIES):
        poly = poly * z2 + c
    return np.where(
        np.abs(z) < _TANHSHRINK_SERIES_BELOW, zs * z2 * poly, z - np.tanh(z)
    )


def _tanhshrink_second(z: Array) -> Array:
    return np.asarray(2.0 * np.tanh(z) * _sech2(z))


@builtin("tanhshrink")
def _tanhshrink_activation() -> Activation:
    return _make(
        "tanhshrink",
        _tanhshrink,
        lambda z: np.tanh(z) ** 2,
        r"z - \tanh(z)",
        r"\tanh^2(z)",
        "z - tanh(z)",
        "tanh(z)^2",
        second=(
            _tanhshrink_second,
            r"2\tanh(z)\,\mathrm{sech}^2(z)",
            "2 tanh(z) sech(z)^2",
        ),
        via_f=(r"(z - f(z))^2", "(z - f(z))^2"),
    )


@builtin("softshrink")
def _softshrink(lambd: float = 0.5) -> Activation:
    _require("softshrink", "lambd", lambd, lambd >= 0, ">= 0")

    def fn(z: Array) -> Array:
        return np.where(z > lambd, z - lambd, np.where(z < -lambd, z + lambd, 0.0))

    return _make(
        "softshrink",
        fn,
        lambda z: np.where(np.abs(z) > lambd, 1.0, 0.0),
        r"z - \lambda\,\mathrm{sign}(z) \;\mathrm{if}\; |z| > \lambda"
        r" \;\mathrm{else}\; 0",
        _if("1", r"|z| > \lambda", "0"),
        "z - lambd if z > lambd, z + lambd if z < -lambd, else 0",
        "1 if |z| > lambd else 0",
        second=_ZERO,
        params={"lambd": lambd},
    )


@builtin("hardshrink")
def _hardshrink(lambd: float = 0.5) -> Activation:
    _require("hardshrink", "lambd", lambd, lambd >= 0, ">= 0")
    return _make(
        "hardshrink",
        lambda z: np.where(np.abs(z) > lambd, z, 0.0),
        lambda z: np.where(np.abs(z) > lambd, 1.0, 0.0),
        _if("z", r"|z| > \lambda", "0"),
        _if("1", r"|z| > \lambda", "0"),
        "z if |z| > lambd else 0",
        "1 if |z| > lambd else 0",
        second=_ZERO,
        params={"lambd": lambd},
    )


@builtin("threshold")
def _threshold(threshold: float = 1.0, value: float = 0.0) -> Activation:
    # torch.nn.Threshold(threshold, value) has no defaults; these show the
    # jump at z = 1 on the default z range
    return _make(
        "threshold",
        lambda z: np.where(z > threshold, z, value),
        lambda z: np.where(z > threshold, 1.0, 0.0),
        _if("z", r"z > \mathrm{threshold}", r"\mathrm{value}"),
        _if("1", r"z > \mathrm{threshold}", "0"),
        "z if z > threshold else value",
        "1 if z > threshold else 0",
        second=_ZERO,
        asymptotes=(value,),
        params={"threshold": threshold, "value": value},
    )


# --------------------------------------------------------------------------
# Classics
# --------------------------------------------------------------------------


@builtin("identity")
def _identity() -> Activation:
    return _make(
        "identity",
        lambda z: np.array(z, dtype=np.float64),
        lambda z: np.ones_like(z),  # noqa: PLW0108 (np.X imports numpy)
        "z",
        "1",
        "z",
        "1",
        second=_ZERO,
    )


@builtin("step")
def _step() -> Activation:
    return _make(
        "step",
        lambda z: np.where(z >= 0, 1.0, 0.0),
        lambda z: np.zeros_like(z),  # noqa: PLW0108 (np.X imports numpy)
        _if("1", r"z \geq 0", "0"),
        "0",
        "1 if z >= 0 else 0 (Heaviside)",
        "0 (the jump at z = 0 has no derivative; drawn as 0)",
        second=(_ZERO[0], "0", "0"),
        asymptotes=(0.0, 1.0),
    )


@builtin("arctan")
def _arctan() -> Activation:
    def derivative(z: Array) -> Array:
        # 1 / (1 + z^2), as w^2 / (1 + w^2) with w = 1/z for |z| > 1, so
        # that z^2 never overflows.
        a = np.abs(z)
        small = np.minimum(a, 1.0)
        w = 1.0 / np.maximum(a, 1.0)
        return np.where(a <= 1.0, 1.0 / (1.0 + small * small), w * w / (1.0 + w * w))

    def second(z: Array) -> Array:
        # -2z / (1 + z^2)^2, as -2 w^3 / (1 + w^2)^2 with w = 1/z for |z| > 1.
        a = np.abs(z)
        small = np.clip(z, -1.0, 1.0)
        w = np.sign(z) / np.maximum(a, 1.0)
        return np.where(
            a <= 1.0,
            -2.0 * small / (1.0 + small * small) ** 2,
            -2.0 * w**3 / (1.0 + w * w) ** 2,
        )

    return _make(
        "arctan",
        lambda z: np.arctan(z),  # noqa: PLW0108 (np.X imports numpy)
        derivative,
        r"\arctan(z)",
        r"\frac{1}{1 + z^2}",
        "arctan(z)",
        "1 / (1 + z^2)",
        second=(second, r"\frac{-2z}{(1 + z^2)^2}", "-2z / (1 + z^2)^2"),
        via_f=(r"\cos^2(f(z))", "cos(f(z))^2"),
        asymptotes=(-math.pi / 2, math.pi / 2),
    )
