"""Values and derivatives against independent references, and the registry."""

from __future__ import annotations

import subprocess
import sys
import warnings
from collections.abc import Callable

import mpmath
import numpy as np
import pytest
import sympy
from sympy.codegen.cfunctions import expm1, log1p

import tanhplot
from tanhplot import Activation, TanhplotError
from tanhplot.activations import builtins

Z = sympy.Symbol("z", real=True)
Piecewise = sympy.Piecewise

SELU_ALPHA = sympy.Float("1.6732632423543772848170429916717", 40)
SELU_SCALE = sympy.Float("1.0507009873554804934193349852946", 40)


def _f(value: float) -> sympy.Float:
    """A parameter as a SymPy number: the float's exact binary value."""
    return sympy.Float(value, 30)


def _elu(alpha: sympy.Expr) -> sympy.Expr:
    # expm1, not exp(z) - 1: the latter cancels near 0 even at 50 digits.
    return Piecewise((alpha * expm1(Z), Z <= 0), (Z, True))


def _tanhshrink() -> sympy.Expr:
    # z - tanh(z) cancels near 0 at any precision; below |z| = 0.01 its
    # Taylor series to z^61 is exact to far beyond 100 digits.
    series = sympy.series(Z - sympy.tanh(Z), Z, 0, 62).removeO()
    return Piecewise(
        (series, sympy.Abs(Z) < sympy.Rational(1, 100)), (Z - sympy.tanh(Z), True)
    )


_U = sympy.sqrt(2 / sympy.pi) * (Z + sympy.Rational(44715, 10**6) * Z**3)

#: Independent definitions, one per built-in (see the test below), written
#: from PyTorch's documentation as SymPy expressions of the parameters. At
#: kinks the conditions are chosen so that the symbolic derivative takes the
#: value PyTorch's autograd gives (`KINKS` checks those values directly).
REFERENCES: dict[str, Callable[..., sympy.Expr]] = {
    "tanh": lambda: (sympy.exp(Z) - sympy.exp(-Z)) / (sympy.exp(Z) + sympy.exp(-Z)),
    "sigmoid": lambda: 1 / (1 + sympy.exp(-Z)),
    "relu": lambda: Piecewise((0, Z <= 0), (Z, True)),
    "leaky_relu": lambda negative_slope: Piecewise(
        (_f(negative_slope) * Z, Z <= 0), (Z, True)
    ),
    "prelu": lambda weight: Piecewise((_f(weight) * Z, Z <= 0), (Z, True)),
    # evaluation mode: the middle of the slopes training draws from
    "rrelu": lambda lower, upper: Piecewise(
        ((_f(lower) + _f(upper)) / 2 * Z, Z <= 0), (Z, True)
    ),
    "elu": lambda alpha: _elu(_f(alpha)),
    "selu": lambda: SELU_SCALE * _elu(SELU_ALPHA),
    "celu": lambda alpha: Piecewise(
        (_f(alpha) * expm1(Z / _f(alpha)), Z <= 0), (Z, True)
    ),
    # z Phi(z) = z/2 erfc(-z/sqrt 2); SymPy rewrites erfc(-x) as 2 - erfc(x),
    # which cancels for z < 0, so the left half is written with |z|.
    "gelu": lambda: Piecewise(
        (Z / 2 * sympy.erfc(sympy.Abs(Z) / sympy.sqrt(2)), Z < 0),
        (Z / 2 * (2 - sympy.erfc(Z / sympy.sqrt(2))), True),
    ),
    # z/2 (1 + tanh u) written as z sigma(2u): 1 + tanh u cancels for z < 0.
    "gelu_tanh": lambda: Z / (1 + sympy.exp(-2 * _U)),
    "silu": lambda: Z / (1 + sympy.exp(-Z)),
    "swish": lambda: Z / (1 + sympy.exp(-Z)),
    "mish": lambda: Z * sympy.tanh(log1p(sympy.exp(Z))),
    "softplus": lambda beta: log1p(sympy.exp(_f(beta) * Z)) / _f(beta),
    "softsign": lambda: Z / (1 + sympy.Abs(Z)),
    "hardtanh": lambda min_val, max_val: Piecewise(
        (_f(min_val), min_val >= Z), (_f(max_val), max_val <= Z), (Z, True)
    ),
    "hardsigmoid": lambda: Piecewise((0, Z <= -3), (1, Z >= 3), ((Z + 3) / 6, True)),
    "hardswish": lambda: Piecewise((0, Z <= -3), (Z * (Z + 3) / 6, Z < 3), (Z, True)),
    "relu6": lambda: Piecewise((0, Z <= 0), (6, Z >= 6), (Z, True)),
    "logsigmoid": lambda: -log1p(sympy.exp(-Z)),
    "tanhshrink": _tanhshrink,
    "softshrink": lambda lambd: Piecewise(
        (Z - _f(lambd), lambd < Z), (Z + _f(lambd), -lambd > Z), (0, True)
    ),
    "hardshrink": lambda lambd: Piecewise((Z, sympy.Abs(Z) > lambd), (0, True)),
    "threshold": lambda threshold, value: Piecewise(
        (Z, _f(threshold) < Z), (_f(value), True)
    ),
    "identity": lambda: Z,
    "step": lambda: Piecewise((1, Z >= 0), (0, True)),
    "arctan": lambda: sympy.atan(Z),
}

#: Non-default parameters checked as thoroughly as the defaults.
PARAMETER_CASES: list[tuple[str, dict[str, float]]] = [
    ("leaky_relu", {"negative_slope": 0.2}),
    ("leaky_relu", {"negative_slope": -0.5}),
    ("elu", {"alpha": 2.5}),
    ("celu", {"alpha": 0.5}),
    ("softplus", {"beta": 3.0}),
    ("softplus", {"beta": 0.25}),
    ("hardtanh", {"min_val": -2.0, "max_val": 3.0}),
    ("softshrink", {"lambd": 1.5}),
    ("hardshrink", {"lambd": 0.0}),
    ("prelu", {"weight": -0.5}),
    ("prelu", {"weight": 0.0}),
    ("rrelu", {"lower": 0.1, "upper": 0.3}),
    ("rrelu", {"lower": 0.5, "upper": 0.5}),
    ("threshold", {"threshold": -1.5, "value": 2.0}),
    ("threshold", {"threshold": 0.0, "value": -3.0}),
]
CASES = [(name, {}) for name in sorted(REFERENCES)] + PARAMETER_CASES


def _case_id(case: object) -> str:
    return (
        ",".join(f"{k}={v:g}" for k, v in case.items())
        if isinstance(case, dict)
        else str(case)
    )


#: Kinks of the built-ins (defaults and PARAMETER_CASES), densely surrounded.
KINK_POINTS = [-6.0, -3.0, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 3.0, 6.0]


def _around(k: float) -> list[float]:
    points = [k, np.nextafter(k, -np.inf), np.nextafter(k, np.inf)]
    for d in (1e-12, 1e-9, 1e-6, 1e-3):
        points += [k - d * max(1.0, abs(k)), k + d * max(1.0, abs(k))]
    return points


#: z values: wide (|z| up to 1e4), dense near 0 and the kinks, the overflow
#: edge ~710 and the underflow edges of the Gaussian tails (~ -38).
GRID = np.unique(
    np.concatenate(
        [
            np.linspace(-1e4, 1e4, 401),
            np.linspace(-1000, 1000, 801),
            np.linspace(-40, 40, 801),
            np.linspace(-1e-6, 1e-6, 21),
            *[_around(k) for k in KINK_POINTS],
            [-710.5, -709.8, 709.8, 710.5, -1e-300, 1e-300, -5e-324, 5e-324],
        ]
    )
)


def _reference(expr: sympy.Expr, zs: np.ndarray) -> np.ndarray:
    """*expr* at each z with mpmath at 50 digits, checked at 100 digits: a
    reference that loses digits to cancellation fails here, not silently."""
    fn = sympy.lambdify(Z, expr, modules="mpmath")
    values = []
    for z in zs:
        with mpmath.workdps(50):
            value = mpmath.mpf(fn(mpmath.mpf(float(z))))
        with mpmath.workdps(100):
            check = mpmath.mpf(fn(mpmath.mpf(float(z))))
        assert abs(value - check) <= mpmath.mpf(10) ** -30 * abs(check), z
        values.append(float(value))
    return np.array(values)


def _assert_close(actual: np.ndarray, expected: np.ndarray, rtol: float) -> None:
    # Relative where the true value is a normal float, absolute where it
    # underflows (below ~1e-300 both are 0 or subnormal).
    err = np.abs(actual - expected)
    bound = rtol * np.abs(expected) + 1e-300
    worst = int(np.argmax(err / bound))
    assert np.all(err <= bound), (
        f"at z={GRID[worst]!r}: got {actual[worst]!r}, expected {expected[worst]!r}"
    )


def _build(name: str, params: dict[str, float]) -> tuple[Activation, sympy.Expr]:
    act = tanhplot.get(name, **params)
    return act, REFERENCES[name](**dict(act.params))


def _symbolic_derivative(expr: sympy.Expr) -> sympy.Expr:
    # simplify() removes the cancellation of the quotient rule's terms.
    return sympy.simplify(sympy.diff(expr, Z))


def test_every_builtin_has_a_reference() -> None:
    missing = [name for name in tanhplot.available() if name not in REFERENCES]
    assert not missing, f"built-ins without an accuracy reference: {missing}"
    assert len(tanhplot.available()) == 28  # 27 activations + the alias swish


@pytest.mark.slow
@pytest.mark.parametrize("name, params", CASES, ids=_case_id)
def test_value_matches_high_precision_reference(
    name: str, params: dict[str, float]
) -> None:
    act, expr = _build(name, params)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        actual = act(GRID)
    _assert_close(actual, _reference(expr, GRID), rtol=1e-12)


@pytest.mark.slow
@pytest.mark.parametrize("name, params", CASES, ids=_case_id)
def test_derivative_matches_symbolic_derivative(
    name: str, params: dict[str, float]
) -> None:
    act, expr = _build(name, params)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        actual = act.derivative(GRID)
    _assert_close(actual, _reference(_symbolic_derivative(expr), GRID), rtol=1e-12)


@pytest.mark.parametrize("name, params", CASES, ids=_case_id)
def test_derivative_matches_finite_differences(
    name: str, params: dict[str, float]
) -> None:
    act = tanhplot.get(name, **params)
    z = np.linspace(-8, 8, 161) + 0.0123  # off the kinks
    h = 1e-5
    numeric = (act(z + h) - act(z - h)) / (2 * h)
    np.testing.assert_allclose(act.derivative(z), numeric, rtol=1e-7, atol=1e-9)


#: z values for the second derivative: wide (|z| up to 1e3) and dense near 0,
#: more than 1e-3 from every kink (where f'' is a jump or a Dirac delta).
SECOND_GRID = np.array(
    [
        z
        for z in np.unique(
            np.concatenate(
                [
                    np.linspace(-1000, 1000, 81),
                    np.linspace(-40, 40, 161) + 0.0123,
                    np.linspace(-2, 2, 41) + 0.0071,
                    [-709.8, -38.5, 38.5, 709.8],
                ]
            )
        )
        if all(abs(z - k) > 1e-3 for k in KINK_POINTS)
    ]
)


def _mp_second_derivative(expr: sympy.Expr, zs: np.ndarray) -> np.ndarray:
    """mpmath's numerical derivative of the exact, symbolic first derivative
    of *expr*, at each z, at 340 digits: where f' tends to a constant (silu'
    to 1) f'' is smaller than f' by up to the float range (1e-300), so it
    takes ~300 digits to see it."""
    fn = sympy.lambdify(Z, _symbolic_derivative(expr), modules="mpmath")
    with mpmath.workdps(340):
        return np.array([float(mpmath.diff(fn, mpmath.mpf(float(z)))) for z in zs])


@pytest.mark.slow
@pytest.mark.parametrize("name, params", CASES, ids=_case_id)
def test_second_derivative_matches_mpmath(name: str, params: dict[str, float]) -> None:
    act, expr = _build(name, params)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        actual = act.second_derivative(SECOND_GRID)
    expected = _mp_second_derivative(expr, SECOND_GRID)
    err = np.abs(actual - expected)
    bound = 1e-12 * np.abs(expected) + 1e-300
    worst = int(np.argmax(err / bound))
    assert np.all(err <= bound), (
        f"at z={SECOND_GRID[worst]!r}: got {actual[worst]!r}, "
        f"expected {expected[worst]!r}"
    )


@pytest.mark.parametrize("name, params", CASES, ids=_case_id)
def test_second_derivative_matches_finite_differences(
    name: str, params: dict[str, float]
) -> None:
    act = tanhplot.get(name, **params)
    z = np.linspace(-8, 8, 161) + 0.0123  # off the kinks
    h = 1e-5
    numeric = (act.derivative(z + h) - act.derivative(z - h)) / (2 * h)
    np.testing.assert_allclose(act.second_derivative(z), numeric, rtol=1e-6, atol=1e-8)


def test_second_derivative_of_builtins_is_given_not_numerical() -> None:
    # every built-in's f'' is a formula of its own (its text is not "name''")
    for name in builtins():
        act = tanhplot.get(name)
        assert not act.second_derivative_text.startswith(f"{name}''"), name


def test_second_derivative_of_your_own_activation_is_numerical() -> None:
    act = Activation("cube", lambda z: z**3)
    z = np.linspace(-3, 3, 13)
    np.testing.assert_allclose(act.second_derivative(z), 6 * z, rtol=1e-8, atol=1e-8)
    assert act.second_derivative_text == "cube''(z)"


#: Derivatives at kinks: the values PyTorch 2.13.0's autograd gives.
KINKS: list[tuple[str, dict[str, float], float, float]] = [
    ("relu", {}, 0.0, 0.0),
    ("leaky_relu", {}, 0.0, 0.01),
    ("leaky_relu", {"negative_slope": 0.1}, 0.0, 0.1),
    ("elu", {}, 0.0, 1.0),
    ("elu", {"alpha": 2.0}, 0.0, 2.0),
    ("selu", {}, 0.0, 1.7580993408473766),
    ("celu", {"alpha": 2.0}, 0.0, 1.0),
    ("hardtanh", {}, -1.0, 0.0),
    ("hardtanh", {}, 1.0, 0.0),
    ("relu6", {}, 0.0, 0.0),
    ("relu6", {}, 6.0, 0.0),
    ("hardsigmoid", {}, -3.0, 0.0),
    ("hardsigmoid", {}, 3.0, 0.0),
    ("hardswish", {}, -3.0, 0.0),
    ("hardswish", {}, 3.0, 1.0),
    ("softshrink", {}, -0.5, 0.0),
    ("softshrink", {}, 0.5, 0.0),
    ("hardshrink", {}, -0.5, 0.0),
    ("hardshrink", {}, 0.5, 0.0),
    ("step", {}, 0.0, 0.0),
    ("prelu", {}, 0.0, 0.25),
    ("prelu", {"weight": -0.5}, 0.0, -0.5),
    ("rrelu", {}, 0.0, (1 / 8 + 1 / 3) / 2),
    ("threshold", {}, 1.0, 0.0),
    ("threshold", {"threshold": -1.5, "value": 2.0}, -1.5, 0.0),
]


@pytest.mark.parametrize("name, params, z, expected", KINKS)
def test_derivative_at_kinks_is_pytorchs(
    name: str, params: dict[str, float], z: float, expected: float
) -> None:
    assert tanhplot.get(name, **params).derivative(z) == pytest.approx(
        expected, rel=1e-15
    )


#: tanhplot name -> (torch.nn.functional name, keyword arguments).
TORCH_NAMES = {
    "gelu_tanh": ("gelu", {"approximate": "tanh"}),
    "swish": ("silu", {}),
    "tanhshrink": ("tanhshrink", {}),
    "rrelu": ("rrelu", {"training": False}),
}


@pytest.mark.parametrize("name, params", CASES, ids=_case_id)
def test_agrees_with_pytorch(name: str, params: dict[str, float]) -> None:
    torch = pytest.importorskip("torch")
    functional = torch.nn.functional
    torch_name, extra = TORCH_NAMES.get(name, (name, {}))
    if name == "step":
        fn = lambda t: torch.heaviside(t, torch.ones((), dtype=t.dtype))  # noqa: E731
    elif name == "arctan":
        fn = torch.atan
    elif name == "identity":
        fn = lambda t: t  # noqa: E731
    elif name == "prelu":
        weight = torch.tensor([params.get("weight", 0.25)], dtype=torch.float64)
        fn = lambda t: functional.prelu(t, weight)  # noqa: E731
    else:
        fn = lambda t: getattr(functional, torch_name)(t, **extra, **params)  # noqa: E731
    z = np.unique(np.concatenate([np.linspace(-12, 12, 481), KINK_POINTS]))
    t = torch.tensor(z, dtype=torch.float64, requires_grad=name != "step")
    out = fn(t)
    act = tanhplot.get(name, **params)
    value = out.detach().numpy()
    if name == "step":
        np.testing.assert_array_equal(act(z), value)
        return  # torch.heaviside has no derivative; tanhplot draws 0
    (grad,) = torch.autograd.grad(out.sum(), t)
    grad = grad.numpy()
    rtol = 1e-13
    if name == "softplus":  # PyTorch's shortcut: f(z) = z above beta z = 20
        keep = params.get("beta", 1.0) * z <= 20
        z, value, grad = z[keep], value[keep], grad[keep]
    if name == "hardsigmoid":  # PyTorch's backward uses 1/6 in single precision
        rtol = 1e-7
    # atol: PyTorch's gelu_tanh computes z/2 (1 + tanh u), which cancels to
    # ~1e-15 where tanhplot's z sigma(2u) keeps the true, tiny value.
    np.testing.assert_allclose(act(z), value, rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(act.derivative(z), grad, rtol=rtol, atol=1e-14)


def test_seed_formula_fails_where_tanhplot_does_not() -> None:
    # The blog post's (e^z - e^-z) / (e^z + e^-z) overflows beyond |z| ~ 710.
    z = np.array([-1e4, -800.0, 800.0, 1e4])
    with np.errstate(over="ignore", invalid="ignore"):
        seed = (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
    assert np.isnan(seed).all()
    np.testing.assert_array_equal(tanhplot.get("tanh")(z), [-1.0, -1.0, 1.0, 1.0])


def test_tanh_derivative_does_not_cancel() -> None:
    # 1 - tanh(z)^2 is exactly 0 from |z| ~ 19 on; sech^2 is not.
    z = 30.0
    exact = 4 * mpmath.exp(-60) / (1 + mpmath.exp(-60)) ** 2
    assert 1 - np.tanh(z) ** 2 == 0.0
    assert tanhplot.get("tanh").derivative(z) == pytest.approx(float(exact), rel=1e-14)


def test_extreme_inputs_give_limits_without_warnings() -> None:
    z = np.array([-1.7e308, -1e200, 1e200, 1.7e308])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in tanhplot.available():
            for params in ({}, *[p for n, p in PARAMETER_CASES if n == name]):
                act = tanhplot.get(name, **params)
                assert not np.isnan(act(z)).any(), name
                assert np.isfinite(act.derivative(z)).all(), name


def test_scalars_in_scalars_out() -> None:
    act = tanhplot.get("tanh")
    assert isinstance(act(0.5), np.floating)
    assert act(0.5) == pytest.approx(np.tanh(0.5), rel=1e-15)
    assert act.derivative(0) == 1.0
    assert act([0.0, 1.0]).shape == (2,)
    assert act(np.zeros((2, 3))).shape == (2, 3)


def test_formulas() -> None:
    tanh = tanhplot.get("tanh")
    assert tanh.name == "tanh"
    assert tanh.latex == r"\tanh(z) = \frac{e^z - e^{-z}}{e^z + e^{-z}}"
    assert tanh.short_latex == r"\tanh(z)"  # legends: the name alone
    assert tanh.derivative_latex == r"\mathrm{sech}^2(z) = \frac{4}{(e^z + e^{-z})^2}"
    assert tanh.derivative_in_terms_of_f == r"1 - \tanh^2(z)"
    assert (
        tanhplot.get("sigmoid").derivative_in_terms_of_f
        == r"\sigma(z)\,(1 - \sigma(z))"
    )
    assert tanhplot.get("softplus").derivative_in_terms_of_f.startswith(
        r"\sigma(\beta z)"
    )
    assert "f(z) + \\alpha" in tanhplot.get("elu").derivative_in_terms_of_f
    assert tanhplot.get("gelu").derivative_in_terms_of_f is None


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_every_formula_is_valid_mathtext(name: str) -> None:
    from matplotlib.mathtext import MathTextParser

    parser = MathTextParser("agg")
    act = tanhplot.get(name)
    formulas = [act.latex, act.derivative_latex, act.derivative_in_terms_of_f]
    for formula in filter(None, formulas):
        parser.parse(f"${formula}$")  # raises ValueError on bad mathtext
    assert act.text and act.derivative_text


#: Each derivative written through f, as a function of (z, f(z)).
IN_TERMS_OF_F: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "tanh": lambda z, f: 1 - f**2,
    "sigmoid": lambda z, f: f * (1 - f),
    "relu": lambda z, f: (f > 0).astype(float),
    "elu": lambda z, f: np.where(z > 0, 1.0, f + 1.0),
    "selu": lambda z, f: np.where(
        z > 0, 1.0507009873554805, f + 1.0507009873554805 * 1.6732632423543772
    ),
    "celu": lambda z, f: np.where(z > 0, 1.0, f + 1.0),
    "silu": lambda z, f: f + tanhplot.get("sigmoid")(z) * (1 - f),
    "swish": lambda z, f: f + tanhplot.get("sigmoid")(z) * (1 - f),
    "softplus": lambda z, f: 1 - np.exp(-f),
    "softsign": lambda z, f: (1 - np.abs(f)) ** 2,
    "logsigmoid": lambda z, f: 1 - np.exp(f),
    "tanhshrink": lambda z, f: (z - f) ** 2,
    "arctan": lambda z, f: np.cos(f) ** 2,
}


@pytest.mark.parametrize("name", tanhplot.available())
def test_derivative_in_terms_of_f_is_the_derivative(name: str) -> None:
    act = tanhplot.get(name)
    assert (act.derivative_in_terms_of_f is None) == (name not in IN_TERMS_OF_F)
    assert (act.derivative_in_terms_of_f_text is None) == (name not in IN_TERMS_OF_F)
    if name in IN_TERMS_OF_F:
        z = np.linspace(-5, 5, 101) + 0.01
        np.testing.assert_allclose(
            IN_TERMS_OF_F[name](z, act(z)), act.derivative(z), rtol=1e-9, atol=1e-12
        )


ASYMPTOTES = {
    "tanh": (-1.0, 1.0),
    "sigmoid": (0.0, 1.0),
    "softsign": (-1.0, 1.0),
    "hardtanh": (-1.0, 1.0),
    "hardsigmoid": (0.0, 1.0),
    "relu6": (0.0, 6.0),
    "step": (0.0, 1.0),
    "arctan": (-np.pi / 2, np.pi / 2),
    "elu": (-1.0,),
    "celu": (-1.0,),
    "selu": (-1.0507009873554805 * 1.6732632423543772,),
}


@pytest.mark.parametrize("name", tanhplot.available())
def test_asymptotes_are_the_limits(name: str) -> None:
    act = tanhplot.get(name)
    limits = act(np.array([-1e300, 1e300]))
    # Every asymptote is one of the limits at -inf / +inf ...
    for value in act.asymptotes:
        assert np.isclose(limits, value, rtol=1e-12, atol=1e-12).any(), (name, value)
    # ... and every finite limit is an asymptote.
    for limit in limits:
        if abs(limit) < 1e100:
            assert np.isclose(act.asymptotes, limit, atol=1e-12).any(), (name, limit)
    if name in ASYMPTOTES:
        np.testing.assert_allclose(act.asymptotes, ASYMPTOTES[name])


def test_parameters_move_asymptotes() -> None:
    assert tanhplot.get("hardtanh", min_val=-2, max_val=3).asymptotes == (-2.0, 3.0)
    assert tanhplot.get("elu", alpha=2).asymptotes == (-2.0,)
    assert tanhplot.get("leaky_relu", negative_slope=0).asymptotes == (0.0,)


def test_activation_is_immutable() -> None:
    act = tanhplot.get("tanh")
    with pytest.raises(AttributeError, match="immutable"):
        act.name = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del act.latex


def test_get_suggests_close_names() -> None:
    with pytest.raises(TanhplotError, match="did you mean 'tanh'"):
        tanhplot.get("tahn")


def test_unknown_parameter_lists_valid_ones() -> None:
    with pytest.raises(TanhplotError, match=r"unknown parameter 'alpha'.*valid: none"):
        tanhplot.get("tanh", alpha=1.0)
    with pytest.raises(
        TanhplotError,
        match=(
            r"unknown parameter 'slope' for activation 'leaky_relu' "
            r"\(valid: negative_slope\)"
        ),
    ):
        tanhplot.get("leaky_relu", slope=0.1)
    with pytest.raises(TanhplotError, match="did you mean 'negative_slope'"):
        tanhplot.get("leaky_relu", negative_slop=0.1)


# --------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------


def test_parameters_change_the_function_and_the_label() -> None:
    act = tanhplot.get("leaky_relu", negative_slope=0.1)
    assert act(-2.0) == pytest.approx(-0.2, rel=1e-15)
    assert act.derivative(-2.0) == 0.1
    assert act.label == "leaky_relu(negative_slope=0.1)"
    assert dict(act.params) == {"negative_slope": 0.1}
    assert tanhplot.get("leaky_relu").label == "leaky_relu"
    assert tanhplot.get("leaky_relu", negative_slope=0.01).label == "leaky_relu"
    both = tanhplot.get("hardtanh", min_val=-2, max_val=1)
    assert both.label == "hardtanh(min_val=-2)"


def test_resolve_parses_parameters() -> None:
    act = tanhplot.resolve("hardtanh(min_val=-2, max_val=0.5)")
    assert act.label == "hardtanh(min_val=-2, max_val=0.5)"
    assert act(10.0) == 0.5 and act(-10.0) == -2.0
    assert tanhplot.resolve(" softplus( beta = 2 ) ").label == "softplus(beta=2)"


def test_equal_parameters_give_equal_activations() -> None:
    assert tanhplot.get("elu") == tanhplot.get("elu", alpha=1)
    a = tanhplot.get("hardtanh", min_val=-2.0, max_val=2.0)
    assert a == tanhplot.get("hardtanh", max_val=2, min_val=-2)
    assert tanhplot.get("swish").name == "swish"
    assert tanhplot.get("swish")(1.5) == tanhplot.get("silu")(1.5)


@pytest.mark.parametrize(
    "name, params, message",
    [
        ("elu", {"alpha": -1.0}, r"elu: parameter 'alpha' must be > 0, got -1"),
        ("elu", {"alpha": 0}, r"parameter 'alpha' must be > 0"),
        ("celu", {"alpha": 0.0}, r"celu: parameter 'alpha' must be > 0"),
        ("softplus", {"beta": 0.0}, r"softplus: parameter 'beta' must be > 0, got 0"),
        ("softshrink", {"lambd": -0.5}, r"parameter 'lambd' must be >= 0, got -0.5"),
        ("hardshrink", {"lambd": -1}, r"parameter 'lambd' must be >= 0"),
        (
            "hardtanh",
            {"min_val": 1, "max_val": -1},
            r"min_val < max_val, got min_val=1, max_val=-1",
        ),
        ("hardtanh", {"min_val": 1}, r"min_val < max_val, got min_val=1, max_val=1"),
        (
            "rrelu",
            {"lower": 0.5, "upper": 0.25},
            r"rrelu: parameters 'lower' and 'upper' need lower <= upper, "
            r"got lower=0.5, upper=0.25",
        ),
        ("rrelu", {"upper": 0.1}, r"need lower <= upper, got lower=0.125"),
        ("prelu", {"weight": float("inf")}, r"must be finite"),
        (
            "leaky_relu",
            {"negative_slope": "0.1"},
            r"'negative_slope' must be a number, got '0.1'",
        ),
        ("leaky_relu", {"negative_slope": True}, r"must be a number"),
        ("leaky_relu", {"negative_slope": float("nan")}, r"must be finite"),
        (
            "elu",
            {"beta": 1.0},
            r"unknown parameter 'beta' for activation 'elu' \(valid: alpha\)",
        ),
    ],
)
def test_invalid_parameters_are_named(
    name: str, params: dict[str, object], message: str
) -> None:
    with pytest.raises(TanhplotError, match=message):
        tanhplot.get(name, **params)  # type: ignore[arg-type]


# --------------------------------------------------------------------------
# Users' own activations and the automatic derivative
# --------------------------------------------------------------------------


def test_register_user_activation() -> None:
    cube = Activation("cube_test", lambda z: z**3, lambda z: 3 * z**2)
    try:
        tanhplot.register(cube)
        assert "cube_test" in tanhplot.available()
        assert tanhplot.get("cube_test") is cube
        with pytest.raises(TanhplotError, match="already registered"):
            tanhplot.register(cube)
        with pytest.raises(TanhplotError, match="built in"):
            tanhplot.unregister("tanh")
    finally:
        tanhplot.unregister("cube_test")
    assert "cube_test" not in tanhplot.available()
    with pytest.raises(TanhplotError, match="unknown registered activation"):
        tanhplot.unregister("cube_test")


def _mp_derivative(fn: Callable[[object], object], zs: np.ndarray) -> np.ndarray:
    with mpmath.workdps(50):
        return np.array([float(mpmath.diff(fn, mpmath.mpf(float(z)))) for z in zs])


SMOOTH: list[tuple[Callable[[np.ndarray], np.ndarray], Callable[[object], object]]] = [
    (np.arctan, mpmath.atan),
    (
        lambda z: np.sin(3 * z) * np.exp(-(z**2) / 8),
        lambda z: mpmath.sin(3 * z) * mpmath.exp(-(z**2) / 8),
    ),
    (lambda z: z / (1 + np.exp(-z)), lambda z: z / (1 + mpmath.exp(-z))),
    (lambda z: np.log(1 + z**2), lambda z: mpmath.log(1 + z**2)),
]


@pytest.mark.parametrize("fn, reference", SMOOTH)
def test_automatic_derivative_is_exact_on_smooth_functions(
    fn: Callable[[np.ndarray], np.ndarray], reference: Callable[[object], object]
) -> None:
    # Complex step: agrees with mpmath to rounding.
    z = np.linspace(-6, 6, 97)
    act = Activation("user_smooth", fn)
    np.testing.assert_allclose(
        act.derivative(z), _mp_derivative(reference, z), rtol=1e-12, atol=1e-15
    )


def test_automatic_derivative_without_complex_support() -> None:
    # scipy's expit rejects complex input: the 8th-order central difference.
    from scipy.special import expit

    act = Activation("user_real_only", lambda z: z * expit(z))
    z = np.linspace(-6, 6, 97)
    expected = _mp_derivative(lambda t: t / (1 + mpmath.exp(-t)), z)
    np.testing.assert_allclose(act.derivative(z), expected, rtol=1e-10, atol=1e-12)


def test_automatic_derivative_with_a_kink() -> None:
    # np.abs accepts complex input but is not analytic: the complex step says
    # 0, the check notices and the central difference gives +-1, the right
    # value away from the kink (the stencil spans 4 steps of 2^-7).
    act = Activation("user_abs", lambda z: np.abs(z) + 0.5 * z)
    z = np.array([-3.0, -1.0, -0.1, 0.1, 1.0, 3.0])
    np.testing.assert_allclose(
        act.derivative(z), [-0.5, -0.5, -0.5, 1.5, 1.5, 1.5], rtol=1e-12
    )
    relu = Activation("user_relu", lambda z: np.maximum(z, 0.0))
    np.testing.assert_allclose(relu.derivative(z), [0, 0, 0, 1, 1, 1], atol=1e-12)


def test_automatic_derivative_elementwise_choice() -> None:
    # A function whose complex step is right on one side only.
    def fn(z: np.ndarray) -> np.ndarray:
        return np.where(np.real(z) < 0, np.sin(z), np.abs(z) ** 2)

    d = tanhplot.automatic_derivative(fn)
    z = np.array([-2.0, -1.0, 1.0, 2.0])
    np.testing.assert_allclose(d(z), [np.cos(-2.0), np.cos(-1.0), 2.0, 4.0], rtol=1e-10)
    assert d(z)[0] == pytest.approx(np.cos(-2.0), rel=1e-15)  # complex step, exact


def test_automatic_derivative_emits_no_warnings() -> None:
    act = Activation("user_warns", lambda z: np.asarray(z, dtype=float) ** 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(act.derivative([1.0, 2.0]), [2.0, 4.0], rtol=1e-10)


@pytest.mark.parametrize(
    "text, message",
    [
        ("tahn", "did you mean 'tanh'"),
        ("tanh(", "expected a name"),
        ("tanh(1)", "expected a name"),
        ("os.system('x')", "expected a name"),
        ("tanh(alpha='x')", "must be numbers"),
        ("tanh(alpha=1)", "unknown parameter 'alpha'"),
        ("tanh(**kw)", "expected a name"),
        ("leaky_relu(negative_slope=1+1)", "must be numbers"),
    ],
)
def test_resolve_rejects_bad_strings(text: str, message: str) -> None:
    with pytest.raises(TanhplotError, match=message):
        tanhplot.resolve(text)


def test_invalid_names_and_callables() -> None:
    with pytest.raises(TanhplotError, match="invalid activation name"):
        Activation("has space", np.tanh)
    with pytest.raises(TanhplotError, match="must be callable"):
        Activation("x", 3)  # type: ignore[arg-type]


def _printed_by_builtins(body: str) -> list[str]:
    """What a fresh Python prints after *body* (which has ``tanhplot`` and
    the built-ins' ``names``): whether scipy and sympy were imported."""
    code = (
        "import sys, tanhplot\nfrom tanhplot.activations import builtins\n"
        f"names = list(builtins())\n{body}\n"
        "print('scipy' in sys.modules, 'sympy' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_builtins_evaluate_without_scipy() -> None:
    # sigmoid and GELU's normal CDF are computed in zoo: importing
    # scipy.special takes ~0.1 s, more than drawing a figure
    body = (
        "for name in names:\n"
        "    act = tanhplot.get(name)\n"
        "    act([-50.0, -1.0, 0.0, 2.0]); act.derivative([-1.0, 0.5])\n"
        "    act.second_derivative([-1.0, 0.5])"
    )
    assert _printed_by_builtins(body) == ["False", "False"]


@pytest.mark.slow
def test_figures_of_builtins_import_no_scipy() -> None:
    body = "tanhplot.figure(*names[:14]); tanhplot.figure(*names[14:])"
    assert _printed_by_builtins(body) == ["False", "False"]


def test_normal_cdf_agrees_with_mpmath() -> None:
    # Within 2 (2 + z^2) ulp: z / sqrt(2) is rounded before erfc, and erfc's
    # relative sensitivity to its argument grows as z^2 in the tail; the
    # left tail keeps that accuracy into the subnormals (scipy's ndtr gives
    # 0 below z ~ -37.6)
    from tanhplot.zoo import _normal_cdf

    z = np.concatenate(
        [
            np.linspace(-38.4, 9, 1201),
            -np.logspace(-300, 0, 40),
            np.logspace(-300, 0, 40),
        ]
    )
    with mpmath.workdps(50):
        reference = np.array([float(mpmath.ncdf(mpmath.mpf(float(t)))) for t in z])
    error = np.abs(_normal_cdf(z) - reference) / np.spacing(reference)
    assert (error <= 2 * (2 + z * z)).all(), z[np.argmax(error / (2 + z * z))]
    assert _normal_cdf(np.array([-np.inf, np.inf])).tolist() == [0.0, 1.0]
    assert np.isnan(_normal_cdf(np.array([np.nan]))).all()
    assert _normal_cdf(np.zeros((2, 3))).shape == (2, 3)
    assert _normal_cdf(1.0).shape == ()


def test_sigmoid_agrees_with_scipy() -> None:
    from scipy.special import expit, log_expit

    z = np.concatenate([-np.logspace(-300, 3, 2000), [0.0], np.logspace(-300, 3, 2000)])
    sigmoid, logsigmoid = tanhplot.get("sigmoid"), tanhplot.get("logsigmoid")
    np.testing.assert_array_max_ulp(sigmoid(z), expit(z), maxulp=2)
    np.testing.assert_array_max_ulp(logsigmoid(z), log_expit(z), maxulp=2)
    assert sigmoid(np.array([-np.inf, np.inf])).tolist() == [0.0, 1.0]
    assert np.isnan(sigmoid(np.array([np.nan]))).all()
