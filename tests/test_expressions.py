"""Users' activations from expressions: the whitelist, SymPy, the CLI's --expr."""

from __future__ import annotations

import builtins
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import tanhplot
from tanhplot import TanhplotError, from_expression
from tanhplot.cli import app
from tanhplot.expressions import FUNCTIONS, MAX_DEPTH, MAX_LENGTH, parse
from tanhplot.formula import formulas

runner = CliRunner()
WIDE = np.linspace(-50, 50, 2001)


def test_expression_equals_the_builtin_it_spells() -> None:
    swish2 = from_expression("z * sigmoid(z)", name="swish2")
    silu = tanhplot.get("silu")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(swish2(WIDE), silu(WIDE), rtol=1e-15, atol=0)
        np.testing.assert_allclose(
            swish2.derivative(WIDE), silu.derivative(WIDE), rtol=1e-14, atol=1e-300
        )


def test_derivative_is_symbolic() -> None:
    act = from_expression("x**3 - 2*x + pi + e")
    z = np.linspace(-3, 3, 13)
    np.testing.assert_array_equal(act.derivative(z), 3 * z**2 - 2)
    assert act.derivative_text == "3*z**2 - 2"
    assert act(0.0) == pytest.approx(np.pi + np.e, rel=1e-15)


def test_activations_inside_keep_their_stable_numerics() -> None:
    # SymPy's own d/dz tanh = 1 - tanh^2 would be exactly 0 here.
    act = from_expression("2 * tanh(z)")
    assert act.derivative(30.0) == pytest.approx(
        2 * tanhplot.get("tanh").derivative(30.0), rel=1e-15
    )
    assert act.derivative(30.0) > 0


def test_parameters_of_activations_inside() -> None:
    act = from_expression("leaky_relu(z, negative_slope=0.2) + elu(2*z, alpha=-(-2))")
    z = np.linspace(-4, 4, 33) + 0.01
    leaky, elu = (
        tanhplot.get("leaky_relu", negative_slope=0.2),
        tanhplot.get("elu", alpha=2),
    )
    np.testing.assert_allclose(act(z), leaky(z) + elu(2 * z), rtol=1e-15)
    np.testing.assert_allclose(
        act.derivative(z), leaky.derivative(z) + 2 * elu.derivative(2 * z), rtol=1e-15
    )
    assert "negative_slope=0.2" in act.text
    assert r"\mathrm{negative\_slope}=0.2" in act.latex


def test_elementary_functions() -> None:
    act = from_expression(
        "exp(-z**2) + log(1 + z**2) + sqrt(4 + z**2) + abs(z) + erf(z) + erfc(z)"
        " + arctan(z)"
    )
    z = np.linspace(-2, 2, 9)
    from scipy.special import erf, erfc

    expected = (
        np.exp(-(z**2))
        + np.log(1 + z**2)
        + np.sqrt(4 + z**2)
        + np.abs(z)
        + erf(z)
        + erfc(z)
        + np.arctan(z)
    )
    np.testing.assert_allclose(act(z), expected, rtol=1e-14)


@pytest.mark.parametrize(
    "text",
    [
        "z * sigmoid(z)",
        "tanh(z) + 0.1 * leaky_relu(z, negative_slope=0.2)",
        "exp(-z**2 / 2) / sqrt(2 * pi)",
        "log(1 + exp(z)) - abs(z) / (1 + z**2)",
        "arcsin(z / 10) + arccos(z / 10) + atanh(z / 10) + erf(z) + sign(z)",
        "gelu_tanh(z) * hardtanh(z, min_val=-2) ** 3",
    ],
)
def test_latex_is_mathtext(text: str) -> None:
    from matplotlib.mathtext import MathTextParser

    act = from_expression(text)
    parser = MathTextParser("agg")
    parser.parse(f"${act.latex}$")
    parser.parse(f"${act.derivative_latex}$")
    assert act.label == f"${act.latex}$"


def test_names_and_labels() -> None:
    act = from_expression("z * sigmoid(z)", name="swish2")
    assert act.name == act.label == "swish2"
    assert act.latex == r"z \sigma\left(z\right)"
    with pytest.raises(TanhplotError, match="invalid expression name 'my name'"):
        from_expression("z", name="my name")
    with pytest.raises(TanhplotError, match="'tanh': it is the name of an activation"):
        from_expression("z", name="tanh")


def test_name_equals_expression_is_an_activation_everywhere() -> None:
    act = tanhplot.resolve("swish2 = z*sigmoid(z)")
    assert act.name == "swish2"
    spec = tanhplot.FigureSpec(activations=("tanh", "cube=z**3"))
    assert [a.label for a in spec.activations] == ["tanh", "cube"]
    assert spec.activations[1].derivative(2.0) == 12.0
    # Parameters in calls are not expressions.
    assert tanhplot.resolve("leaky_relu(negative_slope=0.1)").name == "leaky_relu"


def test_same_text_same_activation() -> None:
    assert from_expression("z**2", name="sq") is from_expression("z**2", name="sq")


def test_singularities_give_gaps_not_warnings() -> None:
    act = from_expression("1 / z + log(z)")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = act(np.array([-1.0, 0.0, 1.0]))
    assert np.isnan(values[0]) and not np.isfinite(values[1]) and values[2] == 1.0


# --------------------------------------------------------------------------
# Hostile input
# --------------------------------------------------------------------------

INJECTIONS = [
    ("__import__('os').system('touch pwned')", "dunder names such as '__import__'", 1),
    (
        "().__class__.__bases__[0].__subclasses__()",
        "attribute access is not allowed",
        1,
    ),
    ("eval('1')", "unknown function 'eval'", 1),
    ('exec(\'open("pwned", "w")\')', "unknown function 'exec'", 1),
    ("open('/etc/passwd')", "unknown function 'open'", 1),
    ("open('pwned', 'w').write('x')", "attribute access is not allowed", 1),
    ("import os", "imports are not allowed", None),
    ("z; import os; os.system('touch pwned')", "imports are not allowed", None),
    ("lambda: __import__('os')", "dunder names", 9),
    ("(lambda: 1)()", "lambdas are not allowed", 2),
    ("[c for c in ().__class__.__mro__]", "comprehensions are not allowed", 1),
    ("(c for c in ()).gi_frame", "attribute access is not allowed", 1),
    ("[z for z in (1, 2)]", "comprehensions are not allowed", 1),
    ("z.real", "attribute access is not allowed", 1),
    ("z[0]", "subscripts are not allowed", 1),
    ("'touch pwned'", "strings are not allowed", 1),
    ("f'{z}'", "strings are not allowed", 1),
    ("globals()", "unknown function 'globals'", 1),
    ("os", "unknown name 'os'", 1),
    ("__builtins__", "dunder names", 1),
    ("z.__class__", "attribute access", 1),
    ("getattr(z, '__class__')", "unknown function 'getattr'", 1),
    ("(y := 1)", "assignments are not allowed", 2),
    ("z if z else 1", "conditional expressions are not allowed", 1),
    ("z % 2", "only the operators", 1),
    ("z // 2", "only the operators", 1),
    ("~z", "only the unary operators", 1),
    ("not z", "only the unary operators", 1),
    ("z == 1", "comparisons are not allowed", 1),
    ("exp(*[z])", "unpacking is not allowed", 5),
    ("leaky_relu(z, **{'negative_slope': 1})", "strings are not allowed", 18),
    ("leaky_relu(z, **z)", "'**' arguments", 1),
    (
        "leaky_relu(z, negative_slope=z)",
        "parameter 'negative_slope' must be a number",
        1,
    ),
    ("leaky_relu(z, slope=1)", "unknown parameter 'slope'", 1),
    ("elu(z, alpha=-1)", "parameter 'alpha' must be > 0", 1),
    ("exp(z, 2)", "exp() takes exactly one argument", 1),
    ("exp", "'exp' is a function", 1),
    ("1(z)", "only functions can be called", 1),
    ("True", "only real numbers", 1),
    ("1j * z", "only real numbers", 1),
    ("2**2**2**2**2", "exponents must be at most 1000", 1),
    ("9" * 400, "numbers must be finite", 1),
    ("1e308 * z", "numbers must be finite and at most 1e+300", 1),
    ("1e200 * 1e200 * z", "a number is too large", 1),
    ("-" * (MAX_DEPTH + 5) + "z", "nested too deeply", None),
    ("z" + " + z" * 200, "longer than 500 characters", None),
    ("z +", "invalid syntax", None),
    ("", "it is empty", None),
    ("z\x00", "it contains a NUL", None),
    ("a = 1", "statements are not allowed", None),
]


@pytest.mark.parametrize(
    "text, message, column", INJECTIONS, ids=[t[:40] for t, _, _ in INJECTIONS]
)
def test_hostile_input_is_rejected_before_evaluation(
    text: str,
    message: str,
    column: int | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    calls: list[object] = []
    monkeypatch.setattr(os, "system", lambda *a: calls.append(a) or 0)
    real_eval = builtins.eval

    def watched_eval(source: object, *args: object) -> object:
        calls.append(source)
        return real_eval(source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "eval", watched_eval)
    with pytest.raises(TanhplotError, match="invalid expression") as info:
        from_expression(text, name="hostile")
    assert message in str(info.value)
    if column is not None:
        assert f"at column {column}" in str(info.value)
    assert "\n" not in str(info.value)
    assert not calls, calls
    assert list(tmp_path.iterdir()) == []  # no 'pwned' file, nothing written


def test_limits_are_what_the_docs_say() -> None:
    parse("z" + " + z" * ((MAX_LENGTH - 1) // 4))  # 497 characters: fine
    parse("z" + " * z / 2" * 60)  # a long chain is not deep nesting
    parse("-" * (MAX_DEPTH - 2) + "z")


def test_no_eval_or_sympify_of_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import sympy

    text = "z * sigmoid(z) + 0.5 * tanh(2 * z)"
    seen: list[object] = []
    real_eval, real_sympify = builtins.eval, sympy.sympify
    monkeypatch.setattr(
        builtins, "eval", lambda s, *a: seen.append(s) or real_eval(s, *a)
    )
    monkeypatch.setattr(
        sympy, "sympify", lambda s, *a, **k: seen.append(s) or real_sympify(s, *a, **k)
    )
    act = from_expression(text, name="checked_no_eval")
    assert act(1.0) > 0
    assert not [s for s in seen if isinstance(s, str)], seen


def test_sympy_is_imported_only_for_expressions() -> None:
    code = (
        "import sys, tanhplot\n"
        "tanhplot.resolve('leaky_relu(negative_slope=0.1)')\n"
        "print('before', 'sympy' in sys.modules)\n"
        "tanhplot.resolve('sq=z**2')\n"
        "print('after', 'sympy' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["before", "False", "after", "True"]


# --------------------------------------------------------------------------
# The CLI's --expr
# --------------------------------------------------------------------------


def test_render_expr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["render", "--expr", "swish2=z*sigmoid(z)"])
    assert result.exit_code == 0, result.output
    assert result.output == "wrote swish2.png\n"
    result = runner.invoke(
        app,
        [
            "render",
            "tanh",
            "--expr",
            "swish2=z*sigmoid(z)",
            "--expr",
            "cube = z**3 / 10",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output == "wrote tanh-swish2-cube.png\n"


def test_render_expr_draws_the_expression(tmp_path: Path) -> None:
    from PIL import Image

    by_expr, by_name = tmp_path / "a.png", tmp_path / "b.png"
    assert (
        runner.invoke(
            app, ["render", "--expr", "silu=z*sigmoid(z)", "-o", str(by_expr)]
        ).exit_code
        == 2
    )
    assert (
        runner.invoke(
            app, ["render", "--expr", "silu2=z*sigmoid(z)", "-o", str(by_expr)]
        ).exit_code
        == 0
    )
    assert runner.invoke(app, ["render", "silu", "-o", str(by_name)]).exit_code == 0
    a = np.asarray(Image.open(by_expr).convert("L"), dtype=float)
    b = np.asarray(Image.open(by_name).convert("L"), dtype=float)
    # Same curves; only the legend text (silu2 vs silu) differs.
    assert a.shape == b.shape and np.mean(a != b) < 0.01


@pytest.mark.parametrize(
    "expr, message",
    [
        ("z*sigmoid(z)", "--expr needs NAME=EXPRESSION"),
        (
            "p=__import__('os').system('touch pwned')",
            "dunder names such as '__import__'",
        ),
        ("p=z**", "invalid syntax"),
        ("tanh=z", "is the name of an activation"),
    ],
)
def test_render_bad_expr(
    expr: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["render", "--expr", expr])
    assert result.exit_code == 2
    assert result.stderr.startswith("tanhplot: error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def _sympy_asymptotes(make: object) -> set[float]:
    """Finite real limits at -oo and +oo, from SymPy (the reference)."""
    import sympy

    z = sympy.Symbol("z", real=True)
    expr = make(z, sympy)  # type: ignore[operator]
    found = set()
    for end in (-sympy.oo, sympy.oo):
        limit = sympy.limit(expr, z, end)
        if (
            not isinstance(limit, sympy.AccumBounds)
            and limit.is_finite
            and limit.is_real
        ):
            found.add(round(float(limit), 6) + 0.0)
    return found


@pytest.mark.parametrize(
    "text, make",
    [
        ("z * sigmoid(z)", lambda z, s: z / (1 + s.exp(-z))),
        ("atan(z)", lambda z, s: s.atan(z)),
        ("z / (1 + abs(z))", lambda z, s: z / (1 + s.Abs(z))),
        ("exp(-z**2)", lambda z, s: s.exp(-(z**2))),
        ("sin(z) / z", lambda z, s: s.sin(z) / z),
        ("log(1 + exp(z))", lambda z, s: s.log(1 + s.exp(z))),
        ("z * tanh(log(1 + exp(z)))", lambda z, s: z * s.tanh(s.log(1 + s.exp(z)))),
        ("sqrt(z**2 + 1) - z", lambda z, s: s.sqrt(z**2 + 1) - z),
        ("(1 + 1/z)**z", lambda z, s: (1 + 1 / z) ** z),
        ("z * sin(1/z)", lambda z, s: z * s.sin(1 / z)),
        ("2*sigmoid(z) - 1", lambda z, s: 2 / (1 + s.exp(-z)) - 1),
        ("z**3 - z", lambda z, s: z**3 - z),
        ("sin(z)", lambda z, s: s.sin(z)),
        ("tanh(z) + 0.1*z", lambda z, s: s.tanh(z) + z / 10),
        ("exp(z)", lambda z, s: s.exp(z)),
    ],
)
def test_expression_asymptotes_are_the_limits(text: str, make: object) -> None:
    assert set(from_expression(text).asymptotes) == _sympy_asymptotes(make)


def test_too_slow_a_limit_is_no_asymptote() -> None:
    # 1/log(z) -> 0, but at z = 1e8 it is still 0.054 and moving: not claimed.
    assert _sympy_asymptotes(lambda z, s: 1 / s.log(z)) == {0.0}
    assert from_expression("1/log(z)").asymptotes == ()


def test_expression_asymptotes_are_drawn(tmp_path: Path) -> None:
    from tanhplot.annotate import ASYMPTOTE_GID

    fig = tanhplot.figure(from_expression("atan(z)"), asymptotes=True, xlim=(-20, 20))
    ys = {
        float(line.get_ydata()[0])
        for line in fig.axes[0].get_lines()
        if line.get_gid() == ASYMPTOTE_GID
    }
    assert ys == {-1.570796, 1.570796}


def test_a_side_with_no_value_far_out_has_no_asymptote() -> None:
    # sqrt has no value left of 0: only the right side's limit, 1
    with np.errstate(invalid="ignore"):
        right_only = from_expression("1 - exp(-z) + 0*sqrt(z)", name="r")
    assert right_only.asymptotes == (1.0,)
    # overflow on the right: none there
    assert from_expression("exp(z)", name="e").asymptotes == (0.0,)


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_every_listed_function_evaluates_differentiates_and_typesets(
    function: str,
) -> None:
    from matplotlib.mathtext import MathTextParser

    act = from_expression(f"{function}(z / 10 + 0.5)", name="f")
    z = np.linspace(-4, 8, 13)  # arguments -0.1 to 1.3: every domain is met
    with np.errstate(all="ignore"):  # e.g. log of a negative number: nan
        values, slopes = act(z), act.derivative(z)
    assert values.shape == slopes.shape == z.shape
    assert np.isfinite(values).any() and np.isfinite(slopes).any()
    parser = MathTextParser("path")
    for latex in (act.latex, act.derivative_latex):
        parser.parse(f"${latex}$")


def test_sign_draws_a_zero_derivative() -> None:
    act = from_expression("sign(z)")
    np.testing.assert_array_equal(act.derivative(np.array([-1.0, 0.0, 2.0])), 0.0)
    fig = tanhplot.figure(act, labels="formula")
    fig.canvas.draw()


@pytest.mark.parametrize(
    "text, message",
    [
        ("(-8)**(1/3)", "it has complex values"),
        ("z * (-8)**(1/3)", "it has complex values"),
        ("pi**1000", "the constant pi**1000 is too large"),
        ("z + e**709", "the constant exp(709) is too large"),
        ("asin(2) * z", "the constant asin(2) is undefined"),
        ("exp(exp(exp(100))) * z", "is too large"),
        ("1e300 * tanh(z) * 1e300", "is too large"),
        ("(z**1000)**1000", "exponents must be at most 1000, got 1000000"),
        ("z**(pi*1000)", "exponents must be at most 1000, got 1000*pi"),
        ("z * 2**(1000*pi)", "exponents must be at most 1000"),
    ],
)
def test_constant_parts_are_real_finite_and_bounded(text: str, message: str) -> None:
    with pytest.raises(TanhplotError, match=re.escape(message)) as info:
        from_expression(text)
    assert "\n" not in str(info.value)


def test_real_constant_parts_are_evaluated_once() -> None:
    act = from_expression("abs((-8)**(1/3)) * z + sigmoid(0)")
    np.testing.assert_allclose(act(np.array([1.0, 2.0])), [2.5, 4.5])


def test_re_registering_reaches_every_expression_that_uses_it() -> None:
    z = np.array([1.0, 2.0])
    try:
        tanhplot.register(
            tanhplot.Activation("foo_cache", lambda v: v, lambda v: 1 + 0 * v)
        )
        np.testing.assert_array_equal(from_expression("3*foo_cache(z)")(z), [3.0, 6.0])
        tanhplot.register(
            tanhplot.Activation("foo_cache", lambda v: v * v, lambda v: 2 * v),
            overwrite=True,
        )
        act = from_expression("3*foo_cache(z)")
        np.testing.assert_array_equal(act(z), [3.0, 12.0])
        np.testing.assert_array_equal(act.derivative(z), [6.0, 12.0])
    finally:
        tanhplot.unregister("foo_cache")


@pytest.mark.slow
def test_caches_are_bounded() -> None:
    # deliberate private access: the caches' sizes are what is tested
    from tanhplot import expressions

    for k in range(expressions.CACHE_SIZE + 20):
        from_expression(f"leaky_relu(z, negative_slope={k + 1}e-6)")
    assert expressions._build.cache_info().currsize <= expressions.CACHE_SIZE
    assert expressions._opaque.cache_info().currsize <= expressions.CACHE_SIZE
    built = tanhplot.activations._REGISTRY["leaky_relu"]
    assert built.cache_info().currsize <= tanhplot.activations.CACHE_SIZE  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("z*sigmoid(z)", "z*(1 - sigmoid(z))*sigmoid(z) + sigmoid(z)"),
        ("logsigmoid(z)", "1 - sigmoid(z)"),
        ("softplus(z, beta=2)", "sigmoid(2.0*z)"),
        ("arctan(z)", "1/(z**2 + 1)"),
        (
            "z*tanh(softplus(z))",
            "z*(1 - tanh(softplus(z))**2)*sigmoid(z) + tanh(softplus(z))",
        ),
    ],
)
def test_derivatives_of_smooth_activations_are_written_out(
    text: str, shown: str
) -> None:
    act = tanhplot.from_expression(text, name="f")
    assert act.derivative_text == shown
    assert "'" not in act.derivative_latex  # no sigma' left on a card
    # shown expanded, evaluated through the activations' stable derivatives
    z = np.linspace(-40.0, 40.0, 81)
    assert np.all(np.isfinite(act.derivative(z)))
    card = formulas(act)
    assert card[1].startswith(r"$\mathrm{f}'(z) = ") and "'" not in card[1][12:]


def test_kinked_activations_keep_their_prime() -> None:
    # relu' has no formula in z to write out: it stays relu'
    act = tanhplot.from_expression("relu(z)**2")
    assert act.derivative_text == "2*relu(z)*relu'(z)"
