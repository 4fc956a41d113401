"""Property-based hostile input: every input gives a valid file or one clear
error line with exit code 2 — never a traceback, a hang or a partial file."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import tanhplot
from tanhplot import FigureSpec, TanhplotError
from tanhplot.cli import app

MAGIC = {"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}
runner = CliRunner()

names = st.one_of(
    st.sampled_from(tanhplot.available()),
    st.sampled_from(["tahn", "sigmod", "TANH", "", " ", "tanh(", "a" * 600]),
    st.text(max_size=40),
)
numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**6), 10**6),
    st.sampled_from(["nan", "inf", "-inf", "1e309", "0x10", "", "abc", "-0"]),
)


def _option(flag: str, values: st.SearchStrategy) -> st.SearchStrategy:
    return st.tuples(st.just(flag), values).map(lambda t: [t[0], *t[1]])


options = st.lists(
    st.one_of(
        _option(
            "--xlim", st.tuples(numbers, numbers).map(lambda t: [str(v) for v in t])
        ),
        _option(
            "--ylim", st.tuples(numbers, numbers).map(lambda t: [str(v) for v in t])
        ),
        _option("--dpi", numbers.map(lambda v: [str(v)])),
        _option("--samples", numbers.map(lambda v: [str(v)])),
        _option(
            "--size",
            st.one_of(
                st.tuples(numbers, numbers).map(lambda t: [f"{t[0]}x{t[1]}"]),
                st.text(max_size=12).map(lambda s: [s]),
            ),
        ),
        _option(
            "--legend-loc",
            st.sampled_from(["auto", "best", "top", "upper left", ""]).map(
                lambda v: [v]
            ),
        ),
        _option("--title", st.text(max_size=30).map(lambda v: [v])),
        _option(
            "--format",
            st.sampled_from(["png", "svg", "pdf", "jpg", "PNG", ""]).map(lambda v: [v]),
        ),
        st.sampled_from(
            [["--no-derivative"], ["--no-legend"], ["--legend"], ["--bogus"]]
        ),
    ),
    max_size=4,
)


def _args_are_sane(argv: list[str]) -> bool:
    # Text that is itself an option flag changes what the parser sees; fine,
    # but keep NUL bytes out (no OS accepts them in argv).
    return all("\x00" not in a for a in argv)


@pytest.mark.slow
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    activations=st.lists(names, max_size=3),
    extra=options,
    suffix=st.sampled_from(["png", "svg", "pdf", "txt", ""]),
)
def test_render_never_crashes(
    tmp_path: Path, activations: list[str], extra: list[list[str]], suffix: str
) -> None:
    out = tmp_path / (f"out.{suffix}" if suffix else "out")
    out.write_bytes(b"precious")
    argv = ["render", *activations, "-o", str(out), *[a for opt in extra for a in opt]]
    if not _args_are_sane(argv):
        return
    result = runner.invoke(app, argv)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        argv,
        result.exception,
    )
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        for line in result.stderr.splitlines():
            assert line.startswith("tanhplot: warning: "), (argv, line)
        formats = [o[1] for o in extra if o[0] == "--format"]  # the last one wins
        fmt = (formats[-1] if formats else suffix).lower()
        assert out.read_bytes().startswith(MAGIC[fmt]), argv
    else:
        assert result.exit_code == 2, (argv, result.output)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("tanhplot: error: "), (
            argv,
            lines,
        )
        assert out.read_bytes() == b"precious"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert not leftovers, f"temporary files left behind: {leftovers}"
    out.unlink(missing_ok=True)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_activation_strings_resolve_or_explain(text: str) -> None:
    try:
        activation = tanhplot.resolve(text)
    except TanhplotError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert isinstance(activation, tanhplot.Activation)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "xlim": st.tuples(st.floats(), st.floats()),
            "ylim": st.one_of(st.none(), st.tuples(st.floats(), st.floats())),
            "samples": st.one_of(st.integers(), st.floats(), st.text(max_size=3)),
            "size": st.one_of(st.tuples(st.floats(), st.floats()), st.text(max_size=8)),
            "dpi": st.one_of(st.floats(), st.integers(), st.booleans()),
            "legend_loc": st.text(max_size=12),
            "title": st.one_of(st.none(), st.text(max_size=10), st.integers()),
            "derivative": st.one_of(st.booleans(), st.integers(0, 1)),
        },
    )
)
def test_spec_validates_or_explains(options: dict[str, object]) -> None:
    try:
        spec = FigureSpec.from_options(options)
    except TanhplotError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert spec.xlim[0] < spec.xlim[1] and all(map(math.isfinite, spec.xlim))
        assert spec.size[0] > 0 and spec.size[1] > 0 and spec.dpi > 0


@pytest.mark.parametrize(
    "argv, message",
    [
        (["render", "--samples", "2000000"], "samples must be between 2 and 1000000"),
        (["render", "--dpi", "2400"], "at most 40 megapixels"),
        (["render", "--size", "1000x5"], "at most 100"),
        (["render", *["tanh"] * 33], "at most 32 activations"),
    ],
)
def test_resource_limits(tmp_path: Path, argv: list[str], message: str) -> None:
    result = runner.invoke(app, [*argv, "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not list(tmp_path.iterdir())


# --------------------------------------------------------------------------
# Expressions and spec files
# --------------------------------------------------------------------------

_ATOMS = st.sampled_from(
    ["z", "x", "1", "2.5", "0", "-3", "pi", "e", "1e308", "1e-320", "y", "__class__"]
)
_FUNCS = st.sampled_from(
    [
        "exp",
        "log",
        "sqrt",
        "abs",
        "sin",
        "tanh",
        "erf",
        "sigmoid",
        "relu",
        "leaky_relu",
        "eval",
        "open",
        "__import__",
        "getattr",
    ]
)


def _expression_tree() -> st.SearchStrategy[str]:
    return st.recursive(
        _ATOMS,
        lambda inner: st.one_of(
            st.tuples(
                inner,
                st.sampled_from(["+", "-", "*", "/", "**", "%", "//", "@"]),
                inner,
            ).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            st.tuples(_FUNCS, inner).map(lambda t: f"{t[0]}({t[1]})"),
            inner.map(lambda s: f"-{s}"),
            inner.map(lambda s: f"{s}.__class__"),
            inner.map(lambda s: f"[{s}][0]"),
            st.tuples(inner, st.floats(allow_nan=True)).map(
                lambda t: f"leaky_relu({t[0]}, negative_slope={t[1]})"
            ),
        ),
        max_leaves=12,
    )


def _check_expression(text: str, tmp_path: Path) -> None:
    try:
        activation = tanhplot.from_expression(text, name="e")
    except TanhplotError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    z = np.linspace(-5, 5, 11)
    with np.errstate(all="ignore"):  # user functions may overflow; no crash
        activation(z)
        activation.derivative(z)
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=_expression_tree())
def test_expressions_parse_or_explain(tmp_path: Path, text: str) -> None:
    _check_expression(text, tmp_path)


@pytest.mark.slow
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.text(max_size=120))
def test_arbitrary_expression_text(tmp_path: Path, text: str) -> None:
    _check_expression(text, tmp_path)


_TOML_VALUES = st.one_of(
    st.integers(-10, 10).map(str),
    st.floats(-1e3, 1e3).map(repr),
    st.sampled_from(
        [
            '"tanh"',
            '"9x5"',
            '"upper left"',
            "true",
            "false",
            '"tahn"',
            "[-4, 4]",
            "[4, -4]",
            '["tanh", "sigmoid"]',
            '["swish2=z*sigmoid(z)"]',
            '"dark"',
            "inf",
            "nan",
            '""',
            "[]",
            "{a = 1}",
            '"out.png"',
            '"../x.png"',
        ]
    ),
)
_TOML_KEYS = st.sampled_from(
    [
        "activations",
        "xlim",
        "ylim",
        "size",
        "dpi",
        "samples",
        "title",
        "legend",
        "legend_loc",
        "theme",
        "derivative",
        "output",
        "format",
        "alt_text",
        "expr",
        "titel",
        "venue",
        "columns",
        "labels",
        "grid",
        "bogus",
    ]
)
_TABLE = st.lists(st.tuples(_TOML_KEYS, _TOML_VALUES), max_size=5).map(
    lambda pairs: "".join(f"{k} = {v}\n" for k, v in dict(pairs).items())
)


@pytest.mark.slow
@settings(max_examples=120, deadline=None)
@given(
    defaults=_TABLE,
    figures=st.lists(_TABLE, max_size=3),
    garbage=st.sampled_from(
        ["", "[[figure]\n", "output = \n", "[defaults]\nx=1\n", "\x00"]
    ),
)
def test_spec_files_load_or_explain(
    defaults: str, figures: list[str], garbage: str
) -> None:
    from tanhplot.specfile import loads

    text = (
        "[defaults]\n"
        + defaults
        + "".join(
            f'[[figure]]\noutput = "f{i}.png"\n' + body
            for i, body in enumerate(figures)
        )
        + garbage
    )
    try:
        entries = loads(text, source="figs.toml")
    except TanhplotError as exc:
        for line in str(exc).splitlines():
            assert line.startswith("figs.toml"), line
    else:
        assert len(entries) == len(figures)
        assert all(isinstance(e.spec, FigureSpec) for e in entries)


def test_build_with_a_bad_spec_writes_nothing(tmp_path: Path) -> None:
    spec = tmp_path / "figs.toml"
    spec.write_text(
        '[[figure]]\noutput = "a.png"\n\n[[figure]]\noutput = "b.png"\ntitel = "x"\n'
    )
    result = runner.invoke(app, ["build", str(spec)])
    assert result.exit_code == 2
    assert "did you mean 'title'" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figs.toml"]


# --------------------------------------------------------------------------
# Valid inputs that used to crash (attack report): a figure or one line
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["--xlim", "-1e308", "1e308"],
        ["--ylim", "-1e308", "1e308"],
        ["--xlim", "0", "1e301"],
    ],
)
def test_limits_beyond_the_figures_range_are_one_line(
    tmp_path: Path, argv: list[str]
) -> None:
    result = runner.invoke(app, ["render", *argv, "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert "between -1e+300 and 1e+300" in line and "got" in line
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "options",
    [
        {"xlim": (-1e308, 1e308)},
        {"ylim": (-1e308, 1e308)},
        {"xlim": (0, 10**400)},
        {"xlim": ("a", "b")},
        {"xlim": (False, True)},
        {"theme": 3},
        {"labels": 3},
        {"legend_loc": 3},
    ],
)
def test_spec_rejects_what_matplotlib_cannot_draw(options: dict[str, object]) -> None:
    with pytest.raises(TanhplotError) as info:
        FigureSpec(**options)  # type: ignore[arg-type]
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "activation",
    [
        "elu(alpha=1e300)",
        "leaky_relu(negative_slope=-1e300)",
        "f=z**1000",
        "f=e**690*z",
    ],
)
def test_curves_beyond_the_float_range_are_drawn_where_drawable(
    tmp_path: Path, activation: str
) -> None:
    out = tmp_path / "x.png"
    result = runner.invoke(app, ["render", activation, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(MAGIC["png"])


@pytest.mark.parametrize(
    "activation",
    ["elu(alpha=1e308)", "leaky_relu(negative_slope=-1e308)", "f=e**709*z"],
)
def test_numbers_beyond_the_figures_range_are_one_line(
    tmp_path: Path, activation: str
) -> None:
    result = runner.invoke(app, ["render", activation, "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert "1e+300" in line


def test_sample_leaves_out_values_beyond_the_float_range() -> None:
    from tanhplot.plotting import sample

    z = np.linspace(-4, 4, 9)
    x, y = sample(lambda v: np.where(v > 0, 1e305, v), z)
    assert np.array_equal(x, z)
    assert np.isnan(y[z > 0]).all() and np.array_equal(y[z <= 0], z[z <= 0])


def test_a_parameter_of_400_digits_is_one_line() -> None:
    big = "9" * 400
    for call in (
        lambda: tanhplot.get("elu", alpha=int(big)),
        lambda: tanhplot.resolve(f"elu(alpha={big})"),
        lambda: tanhplot.from_expression(f"elu(z, alpha={big})"),
    ):
        with pytest.raises(TanhplotError, match=r"between -1e.300 and 1e.300"):
            call()


def test_complex_values_of_a_custom_function_are_an_error() -> None:
    act = tanhplot.Activation("c", lambda z: np.sqrt(z + 0j))
    z = np.array([-1.0, 1.0])
    for evaluate in (act, act.derivative):
        with pytest.raises(TanhplotError, match="'c' returns complex values"):
            evaluate(z)
    # Complex numbers with no imaginary part lose nothing.
    real = tanhplot.Activation("r", lambda z: z + 0j)
    assert real(2.0) == 2.0 and real.derivative(2.0) == 1.0


@pytest.mark.parametrize(
    "call",
    [
        lambda: tanhplot.get(3),  # type: ignore[arg-type]
        lambda: tanhplot.Activation(3, np.tanh),  # type: ignore[arg-type]
        lambda: tanhplot.Activation("a", np.tanh, latex=3),  # type: ignore[arg-type]
        lambda: tanhplot.Activation("a", np.tanh, asymptotes=3),  # type: ignore[arg-type]
        lambda: tanhplot.Activation("a", np.tanh, asymptotes="ab"),
        lambda: tanhplot.Activation("a", np.tanh, params=3),  # type: ignore[arg-type]
        lambda: tanhplot.Activation("a", lambda z: "x")(1.0),
        lambda: tanhplot.Activation("a", lambda z: np.ones(3))(np.ones(2)),
        lambda: tanhplot.get("tanh")("a"),
        lambda: tanhplot.get("tanh").replace(bogus=1),
        lambda: tanhplot.automatic_derivative(3),  # type: ignore[arg-type]
        lambda: tanhplot.register(tanhplot.get("tanh"), overwrite="x"),  # type: ignore[arg-type]
        lambda: FigureSpec(xlim="a"),  # type: ignore[arg-type]
        lambda: FigureSpec(samples="x"),  # type: ignore[arg-type]
        lambda: FigureSpec().replace(bogus=1),
        lambda: tanhplot.plot(None),  # type: ignore[arg-type]
        lambda: tanhplot.plot(3, "tanh"),  # type: ignore[arg-type]
        lambda: tanhplot.center_spines(None),  # type: ignore[arg-type]
        lambda: tanhplot.save(3, "x.png"),  # type: ignore[arg-type]
        lambda: tanhplot.alt_text(3),  # type: ignore[arg-type]
        lambda: tanhplot.formula_card(3),  # type: ignore[arg-type]
        lambda: tanhplot.grid(3),  # type: ignore[arg-type]
    ],
)
def test_badly_typed_arguments_are_one_sentence(call: object) -> None:
    with pytest.raises(TanhplotError) as info:
        call()  # type: ignore[operator]
    assert "\n" not in str(info.value)


# --------------------------------------------------------------------------
# Deep nesting within the documented limits: no RecursionError
# --------------------------------------------------------------------------


def _nested(function: str, depth: int) -> str:
    return f"{function}(" * depth + "z" + ")" * depth


@pytest.mark.slow
@pytest.mark.parametrize("depth", [28, 32])
def test_formula_cards_of_deeply_nested_expressions(tmp_path: Path, depth: int) -> None:
    out = tmp_path / "card.png"
    result = runner.invoke(
        app, ["formula", f"f={_nested('tanh', depth)}", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(MAGIC["png"])


@pytest.mark.slow
@pytest.mark.parametrize("function", ["tanh", "erf"])
def test_formula_labels_of_functions_nested_38_deep(
    tmp_path: Path, function: str
) -> None:
    out = tmp_path / "x.png"
    argv = [
        "render",
        "--labels",
        "formula",
        f"f={_nested(function, 38)}",
        "-o",
        str(out),
    ]
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--title", "$" + "{" * 40 + "x" + "}" * 40 + "$"], "nested 40 levels deep"),
        (["f=" + "z**(" * 30 + "z" + ")" * 30], "at most 16 can be typeset"),
    ],
)
def test_math_too_deep_to_typeset_is_one_line(
    tmp_path: Path, argv: list[str], message: str
) -> None:
    result = runner.invoke(app, ["render", *argv, "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert message in line


@pytest.mark.slow
def test_long_derivative_formulas_are_written_as_d_dz() -> None:
    from tanhplot.expressions import MAX_DERIVATIVE_LATEX

    product = "*".join(f"tanh({k}*z)" for k in range(1, 40))
    act = tanhplot.from_expression(product, name="p")
    assert act.derivative_latex.startswith(r"\frac{d}{dz}")
    assert len(act.derivative_latex) < MAX_DERIVATIVE_LATEX
    z = np.linspace(-1, 1, 5)  # the values are still the symbolic derivative's
    np.testing.assert_allclose(
        act.derivative(z), tanhplot.automatic_derivative(act)(z), rtol=1e-9, atol=1e-12
    )


# --------------------------------------------------------------------------
# A hostile matplotlibrc: tanhplot draws from its own complete style
# --------------------------------------------------------------------------

HOSTILE_RC = """\
lines.linewidth: 7
lines.antialiased: False
font.size: 20
font.family: serif
axes.prop_cycle: cycler('color', ['r', 'g', 'b'])
axes.linewidth: 4
axes.unicode_minus: False
axes.formatter.use_mathtext: True
xtick.major.size: 12
legend.frameon: True
text.antialiased: False
figure.facecolor: yellow
figure.dpi: 50
savefig.dpi: 37
savefig.bbox: tight
savefig.pad_inches: 1
savefig.transparent: True
svg.fonttype: none
svg.hashsalt: other
pdf.fonttype: 3
path.simplify: False
agg.path.chunksize: 100
"""

RC_RUNS = [
    ["render", "-o", "t.png"],
    ["render", "-o", "t.svg"],
    ["render", "-o", "t.pdf"],
    ["render", "tanh", "sigmoid", "--theme", "paper", "--venue", "icml", "-o", "p.svg"],
    ["render", "--grid", "tanh", "relu", "--mark-max-slope", "-o", "g.png"],
    ["formula", "sigmoid", "-o", "f.png"],
]


def _render_in(folder: Path, args: list[str], env: dict[str, str]) -> bytes:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "tanhplot", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return (folder / args[args.index("-o") + 1]).read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("where", ["cwd", "MATPLOTLIBRC"])
def test_a_matplotlibrc_changes_no_byte(tmp_path: Path, where: str) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k != "MATPLOTLIBRC"}
    clean, hostile = tmp_path / "clean", tmp_path / "hostile"
    clean.mkdir()
    hostile.mkdir()
    rc_file = hostile / "matplotlibrc"
    rc_file.write_text(HOSTILE_RC)
    hostile_env = dict(env)
    if where == "MATPLOTLIBRC":
        rc_file = rc_file.rename(tmp_path / "rc")
        hostile_env["MATPLOTLIBRC"] = str(rc_file)
    for args in RC_RUNS:
        assert _render_in(hostile, args, hostile_env) == _render_in(clean, args, env), (
            args
        )


def test_user_rcparams_change_no_byte(tmp_path: Path) -> None:
    import matplotlib

    expected = tanhplot.save(tanhplot.figure(), tmp_path / "a.svg").read_bytes()
    with matplotlib.rc_context(
        {"lines.linewidth": 9, "font.size": 30, "svg.fonttype": "none"}
    ):
        fig = tanhplot.figure()
    with matplotlib.rc_context({"savefig.bbox": "tight", "figure.facecolor": "red"}):
        assert tanhplot.save(fig, tmp_path / "b.svg").read_bytes() == expected
