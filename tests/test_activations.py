"""Values and derivatives against independent references, and the registry."""

from __future__ import annotations

import warnings

import mpmath
import numpy as np
import pytest
import sympy

import tanhplot
from tanhplot import Activation, TanhplotError

Z = sympy.Symbol("z", real=True)

#: Independent definitions: every built-in must have one (see test below).
REFERENCES: dict[str, sympy.Expr] = {
    "tanh": (sympy.exp(Z) - sympy.exp(-Z)) / (sympy.exp(Z) + sympy.exp(-Z)),
    "sigmoid": 1 / (1 + sympy.exp(-Z)),
}

#: z values: wide (|z| up to 1e4), dense near 0, and the overflow edge ~710.
GRID = np.unique(
    np.concatenate(
        [
            np.linspace(-1e4, 1e4, 401),
            np.linspace(-1000, 1000, 801),
            np.linspace(-40, 40, 801),
            np.linspace(-1e-6, 1e-6, 21),
            [-710.5, -709.8, 709.8, 710.5, -1e-300, 1e-300, 0.0],
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
            value = fn(mpmath.mpf(float(z)))
        with mpmath.workdps(100):
            check = fn(mpmath.mpf(float(z)))
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


def test_every_builtin_has_a_reference() -> None:
    missing = [name for name in tanhplot.available() if name not in REFERENCES]
    assert not missing, f"built-ins without an accuracy reference: {missing}"


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_value_matches_high_precision_reference(name: str) -> None:
    act = tanhplot.get(name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        actual = act(GRID)
    _assert_close(actual, _reference(REFERENCES[name], GRID), rtol=1e-13)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_derivative_matches_symbolic_derivative(name: str) -> None:
    act = tanhplot.get(name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        actual = act.derivative(GRID)
    # simplify() removes the cancellation of the quotient rule's terms.
    expected = _reference(sympy.simplify(sympy.diff(REFERENCES[name], Z)), GRID)
    _assert_close(actual, expected, rtol=1e-13)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_derivative_matches_finite_differences(name: str) -> None:
    act = tanhplot.get(name)
    z = np.linspace(-8, 8, 161)
    h = 1e-5
    numeric = (act(z + h) - act(z - h)) / (2 * h)
    np.testing.assert_allclose(act.derivative(z), numeric, rtol=1e-8, atol=1e-10)


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
    assert tanh.latex == r"\tanh(z)"
    assert tanh.derivative_latex == r"1 - \tanh^2(z)"
    assert tanhplot.get("sigmoid").latex == r"\sigma(z)"


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
    with pytest.raises(TanhplotError, match="unknown parameter 'alpha'.*valid: none"):
        tanhplot.get("tanh", alpha=1.0)


def test_register_user_activation() -> None:
    cube = Activation("cube_test", lambda z: z**3, lambda z: 3 * z**2)
    try:
        tanhplot.register(cube)
        assert "cube_test" in tanhplot.available()
        assert tanhplot.get("cube_test") is cube
        with pytest.raises(TanhplotError, match="already registered"):
            tanhplot.register(cube)
    finally:
        from tanhplot import activations

        activations._REGISTRY.pop("cube_test", None)


def test_derivative_defaults_to_numerical() -> None:
    act = Activation("arctan_test", np.arctan)
    z = np.linspace(-5, 5, 101)
    np.testing.assert_allclose(act.derivative(z), 1 / (1 + z**2), rtol=1e-9)


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
