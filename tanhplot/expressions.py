"""Users' activations from expressions such as ``"z * sigmoid(z)"``.

The text is parsed with Python's `ast` and checked against a whitelist
*before* anything else happens: numbers, the variable ``z`` (or ``x``), the
constants ``pi`` and ``e``, ``+ - * / **``, unary minus, and calls of
elementary functions and of the registered activations (with number
literals as keyword parameters, e.g. ``leaky_relu(z, negative_slope=0.1)``).
Anything else -- attribute access, dunder names, subscripts, strings,
lambdas, comprehensions, unknown names, input over `MAX_LENGTH` characters or
nested deeper than `MAX_DEPTH` -- is rejected with a message naming the
offending part. Nothing is ever passed to `eval` or `sympy.sympify`: the
checked tree is translated node by node into a SymPy expression, whose
derivative is symbolic, whose LaTeX is the legend's, and which is evaluated
vectorized through numpy and scipy.special (``sympy.lambdify``).

Activations called inside an expression keep their own stable numerics: they
are opaque SymPy functions evaluated by tanhplot, and their derivatives by
tanhplot's derivatives. SymPy is imported only when an expression is used.
"""

from __future__ import annotations

import ast
import functools
import itertools
import math
import re
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from . import activations
from .activations import MAX_NUMBER, Activation
from .errors import TanhplotError, suggest

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray
else:
    # numpy at its first use: checking a spec (a build with nothing to do)
    # imports none
    from .lazy import numpy as np

__all__ = [
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "from_expression",
    "parse",
    "resolve",
]

#: Longest expression accepted, in characters.
MAX_LENGTH = 500
#: Deepest nesting of the syntax tree accepted.
MAX_DEPTH = 40
#: Largest magnitude of a constant exponent.
MAX_EXPONENT = 1000

#: Elementary functions: expression name -> SymPy function name.
FUNCTIONS: dict[str, str] = {
    "exp": "exp",
    "log": "log",
    "ln": "log",
    "sqrt": "sqrt",
    "abs": "Abs",
    "sign": "sign",
    "sin": "sin",
    "cos": "cos",
    "tan": "tan",
    "sinh": "sinh",
    "cosh": "cosh",
    "arcsin": "asin",
    "asin": "asin",
    "arccos": "acos",
    "acos": "acos",
    "atan": "atan",
    "arcsinh": "asinh",
    "asinh": "asinh",
    "arccosh": "acosh",
    "acosh": "acosh",
    "arctanh": "atanh",
    "atanh": "atanh",
    "erf": "erf",
    "erfc": "erfc",
}
_VARIABLES = ("z", "x")
_CONSTANTS = ("pi", "e")

#: What each rejected kind of syntax is called in messages; the first group
#: is what injection attempts are made of, reported before anything else.
_FORBIDDEN: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access is not allowed",
    ast.Subscript: "subscripts are not allowed",
    ast.Lambda: "lambdas are not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.JoinedStr: "strings are not allowed",
    ast.NamedExpr: "assignments are not allowed",
    ast.Starred: "unpacking is not allowed",
}
_OPERATORS: dict[type[ast.AST], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
}


def _fail(text: str, reason: str, node: ast.AST | None = None) -> TanhplotError:
    where = ""
    if node is not None and hasattr(node, "col_offset"):
        segment = ast.get_source_segment(text, node) or ""
        where = f" at column {node.col_offset + 1}"
        if segment:
            where += f": {segment[:60]!r}"
    return TanhplotError(f"invalid expression {text[:80]!r}: {reason}{where}")


def _callables() -> list[str]:
    return sorted({*activations.available(), *FUNCTIONS})


def _check_node(text: str, node: ast.AST, parent: ast.AST | None) -> str | None:  # noqa: PLR0911 (one case per node type)
    """Why *node* is not allowed, or None."""
    kind = type(node)
    if isinstance(node, ast.Name) and node.id.startswith("__"):
        return f"dunder names such as {node.id!r} are not allowed"
    if kind in _FORBIDDEN:
        return _FORBIDDEN[kind]
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str | bytes):
            return "strings are not allowed"
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"only real numbers are allowed, not {value!r}"
        # (abs() first: math.isfinite overflows on huge integers.)
        if abs(value) > MAX_NUMBER or not math.isfinite(value):
            return f"numbers must be finite and at most {MAX_NUMBER:g} in size"
        return None
    if isinstance(node, ast.Expression | ast.keyword | ast.Load | ast.operator):
        return None
    if isinstance(node, ast.BinOp):
        if type(node.op) not in _OPERATORS:
            return "only the operators + - * / ** are allowed"
        return None
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, ast.USub | ast.UAdd):
            return "only the unary operators - and + are allowed"
        return None
    if isinstance(node, ast.unaryop):
        return None
    if isinstance(node, ast.Name):
        is_callee = isinstance(parent, ast.Call) and parent.func is node
        if is_callee:
            return None  # checked with its call
        if node.id in _VARIABLES or node.id in _CONSTANTS:
            return None
        if node.id in FUNCTIONS or node.id in activations.available():
            return f"{node.id!r} is a function: call it, e.g. {node.id}(z)"
        valid = [*_VARIABLES, *_CONSTANTS]
        return (
            f"unknown name {node.id!r}{suggest(node.id, valid)} "
            f"(valid: {', '.join(valid)}, and functions)"
        )
    if isinstance(node, ast.Call):
        return _check_call(node)
    names = {
        ast.Compare: "comparisons",
        ast.BoolOp: "'and'/'or'",
        ast.IfExp: "conditional expressions",
        ast.Tuple: "tuples",
        ast.List: "lists",
        ast.Dict: "dicts",
        ast.Set: "sets",
    }
    return f"{names.get(kind, kind.__name__)} are not allowed"


def _check_call(node: ast.Call) -> str | None:  # noqa: PLR0911 (one case per node type)
    if not isinstance(node.func, ast.Name):
        if isinstance(node.func, tuple(_FORBIDDEN)):
            return None  # the callee itself is reported
        return "only functions can be called, by name, e.g. exp(z)"
    name = node.func.id
    if name.startswith("__"):
        return f"dunder names such as {name!r} are not allowed"
    is_activation = name in activations.available()
    if name not in FUNCTIONS and not is_activation:
        return (
            f"unknown function {name!r}{suggest(name, _callables())} "
            f"(valid: {', '.join(_callables())})"
        )
    if len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
        return f"{name}() takes exactly one argument, e.g. {name}(z)"
    if node.keywords and not is_activation:
        return f"{name}() takes no keyword arguments"
    params: dict[str, float] = {}
    for kw in node.keywords:
        value = activations.literal_number(kw.value)
        if kw.arg is None:
            return "'**' arguments are not allowed"
        if value is None:
            return f"parameter {kw.arg!r} must be a number"
        params[kw.arg] = value
    if is_activation:
        try:
            activations.get(name, **params)  # builds it; evaluates nothing
        except TanhplotError as exc:
            return str(exc)
    return None


def parse(text: str) -> ast.Expression:
    """Parse and check *text*; nothing in it is evaluated.

    Parameters
    ----------
    text : str
        An expression in ``z`` (or ``x``), e.g. ``"z * sigmoid(z)"``.

    Returns
    -------
    ast.Expression
        The checked syntax tree.

    Raises
    ------
    TanhplotError
        Naming the first offending part: what it is and where it is.
    """
    if not isinstance(text, str):
        raise TanhplotError(f"expressions are text, got {text!r}")
    if len(text) > MAX_LENGTH:
        raise TanhplotError(
            f"invalid expression {text[:40]!r}...: longer than {MAX_LENGTH} "
            f"characters ({len(text)})"
        )
    if not text.strip():
        raise TanhplotError("invalid expression '': it is empty")
    if "\x00" in text:
        raise TanhplotError(f"invalid expression {text[:80]!r}: it contains a NUL")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise _syntax_error(text, exc) from None
    except (ValueError, RecursionError, MemoryError):
        raise _fail(text, "not a valid expression") from None
    text = text.strip()
    problems: list[tuple[int, int, str, ast.AST]] = []
    stack: list[tuple[ast.AST, ast.AST | None, int]] = [(tree, None, 0)]
    while stack:
        node, parent, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _fail(text, f"nested too deeply (more than {MAX_DEPTH} levels)", node)
        reason = _check_node(text, node, parent)
        if reason is not None:
            column = getattr(node, "col_offset", 0)
            problems.append((_severity(reason), column, reason, node))
        for child in ast.iter_child_nodes(node):
            stack.append((child, node, depth + _nesting(node, child)))
    if problems:
        _, _, reason, node = min(problems, key=lambda p: (p[0], p[1]))
        raise _fail(text, reason, node)
    return tree


_CHAINS = ((ast.Add, ast.Sub), (ast.Mult, ast.Div))


def _nesting(parent: ast.AST, child: ast.AST) -> int:
    """How much deeper *child* is nested than *parent*: ``a + b + c`` parses
    as ``(a + b) + c``; such chains of + - or of * / count as one level, so
    long sums are not "nested"."""
    if (
        isinstance(parent, ast.BinOp)
        and isinstance(child, ast.BinOp)
        and parent.left is child
    ):
        for chain in _CHAINS:
            if isinstance(parent.op, chain) and isinstance(child.op, chain):
                return 0
    return 1


def _severity(reason: str) -> int:
    """Report what injection attempts are made of first: dunder names, then
    other forbidden syntax and unknown names, then the rest."""
    if "dunder" in reason:
        return 0
    if reason in _FORBIDDEN.values() or reason.startswith(
        ("unknown", "strings", "only functions")
    ):
        return 1
    return 2


def _syntax_error(text: str, exc: SyntaxError) -> TanhplotError:
    try:
        statements = ast.parse(text.strip(), mode="exec").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        statements = []
    for statement in statements:
        if isinstance(statement, ast.Import | ast.ImportFrom):
            return _fail(text, "imports are not allowed")
        if not isinstance(statement, ast.Expr):
            return _fail(text, "statements are not allowed, only an expression")
    column = f" at column {exc.offset}" if exc.offset else ""
    return TanhplotError(f"invalid expression {text[:80]!r}: {exc.msg}{column}")


# --------------------------------------------------------------------------
# Translation into SymPy and evaluation
# --------------------------------------------------------------------------

#: Most entries of each cache here: expressions, their activations as SymPy
#: functions. Bounded (least recently used goes) so that a process that
#: draws many distinct expressions does not grow without bound.
CACHE_SIZE = 256
#: Unique names of the opaque SymPy functions.
_SERIAL = itertools.count()

_LATEX_NAMES = {
    "sigmoid": r"\sigma",
    "tanh": r"\tanh",
    "arctan": r"\arctan",
}


#: Math text nested deeper than this is typeset with plain parentheses and
#: without the braces around function arguments: matplotlib's mathtext
#: parser recurses ~30 Python frames per level of \left( or {...}, and
#: SymPy writes two levels per function call (tanh nested 38 deep was a
#: RecursionError with --labels formula).
FLATTEN_LATEX_ABOVE = 8
#: Deepest nesting of math text accepted (after flattening): what mathtext
#: typesets within Python's default recursion limit, measured at draw time
#: (legend, title, formula card) with room to spare.
MAX_LATEX_DEPTH = 16

#: Longest derivative formula typeset as it is; a longer one (the product
#: rule on 40 factors gives 35,000 characters, far too long for a legend
#: line, and slow to typeset) is written as d/dz of the function.
MAX_DERIVATIVE_LATEX = 2000

_LATEX_TOKEN = re.compile(r"\\left[(|\[]|\\right[)|\]]|\\[{}]|[{}]")
#: Commands after which braces only group (SymPy's ``\tanh{\left(z\right)}``).
_FUNCTION_COMMAND = re.compile(
    r"(\\(?:sin|cos|tan|sinh|cosh|tanh|log|ln|exp|arcsin|arccos|arctan)"
    r"|\\operatorname\{[^{}]*\})(\^\{[^{}]*\})?\s*$"
)


def latex_depth(text: str) -> int:
    """How deeply groups (``{...}``, ``\\left(...\\right)``) nest in *text*."""
    depth = deepest = 0
    for token in _LATEX_TOKEN.findall(text):
        if token == "{" or token.startswith("\\left"):
            depth += 1
            deepest = max(deepest, depth)
        elif token == "}" or token.startswith("\\right"):
            depth -= 1
    return deepest


def flatten_latex(text: str) -> str:
    """*text* with ``\\left(``/``\\right)`` as plain parentheses and the
    braces around function arguments dropped, when it nests deeper than
    `FLATTEN_LATEX_ABOVE`: the same formula, a few levels deep instead of
    two per function call. Shallow text is returned as it is."""
    if latex_depth(text) <= FLATTEN_LATEX_ABOVE:
        return text
    out: list[str] = []
    dropped: list[bool] = []
    position = 0
    for match in _LATEX_TOKEN.finditer(text):
        out.append(text[position : match.start()])
        position = match.end()
        token = match.group()
        if token == "{":
            drop = bool(_FUNCTION_COMMAND.search("".join(out)[-60:]))
            dropped.append(drop)
            out.append("" if drop else token)
        elif token == "}":
            out.append("" if dropped and dropped.pop() else token)
        elif token.startswith(("\\left", "\\right")):
            out.append(token[-1])
        else:
            out.append(token)
    out.append(text[position:])
    return "".join(out)


def _power(latex: str, printer: Any, exp: Any) -> str:
    """LaTeX of a function raised to *exp* (SymPy passes powers this way)."""
    if exp is None:
        return latex
    power = exp if isinstance(exp, str) else printer._print(exp)
    return rf"\left({latex}\right)^{{{power}}}"


@functools.lru_cache(maxsize=CACHE_SIZE)
def _opaque(act: Activation) -> tuple[Any, Any]:
    """SymPy functions standing for *act* and its derivative, each carrying
    what evaluates it (see `_namespace`). Keyed by the activation itself, so
    a re-registered activation of the same name gets functions of its own."""
    import sympy

    index = next(_SERIAL)
    symbol = _LATEX_NAMES.get(act.name, rf"\mathrm{{{act.name}}}".replace("_", r"\_"))
    defaults = (
        activations.defaults(act.name) if act.name in activations.available() else {}
    )
    changed = [(k, v) for k, v in act.params if defaults.get(k) != v]

    def text_of(printer: Any, arg: Any, prime: str) -> str:
        params = "".join(f", {k}={v:g}" for k, v in changed)
        return f"{act.name}{prime}({printer._print(arg)}{params})"

    def latex_of(printer: Any, arg: Any, prime: str) -> str:
        params = "".join(
            rf";\,\mathrm{{{k}}}={v:g}".replace("_", r"\_") for k, v in changed
        )
        return rf"{symbol}{prime}\left({printer._print(arg)}{params}\right)"

    class SecondDerivative(sympy.Function):  # type: ignore[misc]
        nargs = 1

        def _sympystr(self, printer: Any) -> str:
            return text_of(printer, self.args[0], "''")

        def _latex(self, printer: Any, exp: Any = None) -> str:
            return _power(latex_of(printer, self.args[0], "''"), printer, exp)

    class Derivative(sympy.Function):  # type: ignore[misc]
        nargs = 1

        def fdiff(self, argindex: int = 1) -> Any:
            return SecondDerivative(self.args[0])

        def _sympystr(self, printer: Any) -> str:
            return text_of(printer, self.args[0], "'")

        def _latex(self, printer: Any, exp: Any = None) -> str:
            return _power(latex_of(printer, self.args[0], "'"), printer, exp)

    class Function(sympy.Function):  # type: ignore[misc]
        nargs = 1

        def fdiff(self, argindex: int = 1) -> Any:
            return Derivative(self.args[0])

        def _sympystr(self, printer: Any) -> str:
            return text_of(printer, self.args[0], "")

        def _latex(self, printer: Any, exp: Any = None) -> str:
            return _power(latex_of(printer, self.args[0], ""), printer, exp)

    builtin = activations.alias_of(act.name) or act.name
    rule = _DERIVATIVES.get(builtin) if act.name in activations.builtins() else None
    if rule is not None:
        params = dict(act.params)
        Derivative.tanhplot_expand = staticmethod(lambda arg: rule(arg, params))
    Function.__name__ = f"tanhplot_{act.name}_{index}"
    Derivative.__name__ = f"tanhplot_{act.name}_{index}_derivative"
    SecondDerivative.__name__ = f"tanhplot_{act.name}_{index}_second_derivative"
    Function.tanhplot_evaluate = staticmethod(act.__call__)
    Derivative.tanhplot_evaluate = staticmethod(act.derivative)
    SecondDerivative.tanhplot_evaluate = staticmethod(act.second_derivative)
    return Function, Derivative


def _builtin(name: str, **params: float) -> Any:
    """The SymPy function standing for the built-in activation *name*."""
    return _opaque(activations.get(name, **params))[0]


def _derivative_rules() -> dict[str, Callable[[Any, dict[str, float]], Any]]:
    """Each smooth built-in's derivative as a formula of its argument, through
    the other built-ins, for showing a derivative written out."""
    import sympy

    def sigmoid(x: Any) -> Any:
        return _builtin("sigmoid")(x)

    def tanh(x: Any) -> Any:
        return _builtin("tanh")(x)

    def softplus(x: Any) -> Any:
        return _builtin("softplus")(x)

    return {
        "tanh": lambda x, p: 1 - tanh(x) ** 2,
        "sigmoid": lambda x, p: sigmoid(x) * (1 - sigmoid(x)),
        "arctan": lambda x, p: 1 / (1 + x**2),
        "softsign": lambda x, p: 1 / (1 + sympy.Abs(x)) ** 2,
        "softplus": lambda x, p: sigmoid(
            x if p.get("beta", 1.0) == 1 else p["beta"] * x
        ),
        "logsigmoid": lambda x, p: 1 - sigmoid(x),
        "silu": lambda x, p: sigmoid(x) * (1 + x * (1 - sigmoid(x))),
        "tanhshrink": lambda x, p: tanh(x) ** 2,
        "gelu": lambda x, p: (
            (1 + sympy.erf(x / sympy.sqrt(2))) / 2
            + x * sympy.exp(-(x**2) / 2) / sympy.sqrt(2 * sympy.pi)
        ),
        "mish": lambda x, p: (
            tanh(softplus(x)) + x * sigmoid(x) * (1 - tanh(softplus(x)) ** 2)
        ),
        "identity": lambda x, p: sympy.Integer(1),
    }


class _Rules(dict[str, Callable[[Any, dict[str, float]], Any]]):
    """`_derivative_rules`, made on first use (it needs SymPy)."""

    def get(self, key: str, default: Any = None) -> Any:
        if not self:
            self.update(_derivative_rules())
        return super().get(key, default)


_DERIVATIVES = _Rules()


def _expand_derivatives(expr: Any) -> Any:
    """*expr* with each built-in's derivative written out (`_DERIVATIVES`);
    the derivatives of the others (relu', a user's own) stay as they are."""
    expandable = [
        call
        for call in expr.atoms(*_applied_functions(expr))
        if callable(getattr(call.func, "tanhplot_expand", None))
    ]
    if not expandable:
        return expr
    return expr.xreplace(
        {call: call.func.tanhplot_expand(call.args[0]) for call in expandable}
    )


def _applied_functions(expr: Any) -> tuple[type, ...]:
    import sympy

    return (sympy.Function,)


def _namespace(expr: Any) -> dict[str, Callable[..., Any]]:
    """What evaluates the opaque functions (activations) in *expr*, by the
    names lambdify prints, and what SymPy cannot translate (`_SPECIAL`)."""
    import sympy

    functions = {
        call.func.__name__: call.func.tanhplot_evaluate
        for call in expr.atoms(sympy.Function)
        if callable(getattr(call.func, "tanhplot_evaluate", None))
        and call.func.__name__.startswith("tanhplot_")
    }
    return {**_SPECIAL, **functions}


def _to_sympy(text: str, node: ast.AST) -> Any:  # noqa: PLR0911 (one case per node type)
    """Translate a checked tree node into SymPy (no Python evaluation)."""
    import sympy

    if isinstance(node, ast.Expression):
        return _to_sympy(text, node.body)
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, int) and abs(value) < 2**53:
            return sympy.Integer(value)
        return sympy.Float(float(cast(float, value)))
    if isinstance(node, ast.Name):
        if node.id in _VARIABLES:
            return sympy.Symbol("z", real=True)
        return sympy.pi if node.id == "pi" else sympy.E
    if isinstance(node, ast.UnaryOp):
        operand = _to_sympy(text, node.operand)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        left, right = _to_sympy(text, node.left), _to_sympy(text, node.right)
        if isinstance(node.op, ast.Pow):
            if right.is_Number and abs(right) > MAX_EXPONENT:
                raise _fail(text, f"exponents must be at most {MAX_EXPONENT}", node)
            result = left**right
        elif isinstance(node.op, ast.Add):
            result = left + right
        elif isinstance(node.op, ast.Sub):
            result = left - right
        elif isinstance(node.op, ast.Mult):
            result = left * right
        else:
            result = left / right
        if result.is_Number and (result.is_finite is False or abs(result) > MAX_NUMBER):
            raise _fail(text, "a number is too large or not finite", node)
        return result
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        arg = _to_sympy(text, node.args[0])
        name = node.func.id
        if name in activations.available():
            params = {
                str(kw.arg): activations.literal_number(kw.value)
                for kw in node.keywords
            }
            act = activations.get(name, **params)  # type: ignore[arg-type]
            return _opaque(act)[0](arg)
        return getattr(sympy, FUNCTIONS[name])(arg)
    raise _fail(text, "unexpected syntax", node)  # pragma: no cover - parse() checked


#: What lambdify cannot translate by itself: sign(z)' = 2 DiracDelta(z) is
#: drawn as 0, as step' is (the jump has no derivative to draw).
_SPECIAL: dict[str, Callable[..., Any]] = {
    "DiracDelta": lambda x, *_: np.zeros_like(x, dtype=np.float64),
}


def _constant_value(expr: Any) -> complex:
    """The value of a constant SymPy expression in float arithmetic, as the
    drawing computes it (no arbitrary precision: SymPy's evalf can take
    minutes on exp(exp(exp(100)))); inf when it overflows, nan when it is
    undefined."""
    import sympy

    compiled = sympy.lambdify((), expr, modules=[_namespace(expr), "numpy", "scipy"])
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return complex(compiled())
    except OverflowError:
        return complex(math.inf)
    except (ArithmeticError, ValueError, TypeError):
        return complex(math.nan)


def _check_constants(text: str, expr: Any) -> Any:
    """*expr* with each constant part (``pi**3``, ``(-8)**(1/3)``) replaced
    by its float value, so that evaluation never meets a complex number or
    a Python OverflowError; a `TanhplotError` naming the part when it is
    complex, undefined or beyond `MAX_NUMBER`, or when an exponent is
    beyond `MAX_EXPONENT` (``(z**1000)**1000`` is ``z**1000000``,
    ``z**(1000*pi)``)."""
    import sympy

    values: dict[Any, Any] = {}
    stack = [expr]
    while stack:
        node = stack.pop()
        if node.is_Pow and not node.exp.free_symbols:
            exponent = _constant_value(node.exp)
            if not abs(exponent) <= MAX_EXPONENT:
                raise TanhplotError(
                    f"invalid expression {text[:80]!r}: exponents must be at most "
                    f"{MAX_EXPONENT}, got {sympy.sstr(node.exp)[:40]} in "
                    f"{sympy.sstr(node)[:60]}"
                )
        if node.is_Number and not abs(float(node)) <= MAX_NUMBER:
            raise TanhplotError(
                f"invalid expression {text[:80]!r}: the number {sympy.sstr(node)} "
                f"it computes is too large (at most {MAX_NUMBER:g} in size)"
            )
        if node.free_symbols or node.is_Atom:
            stack.extend(node.args)
            continue
        value = _constant_value(node)
        part = sympy.sstr(node)[:60]
        if value.imag != 0 and not math.isnan(value.imag):
            raise TanhplotError(
                f"invalid expression {text[:80]!r}: it has complex values "
                f"({part} is {value:.6g}); tanhplot draws real functions"
            )
        if not abs(value.real) <= MAX_NUMBER:
            reason = "undefined" if math.isnan(value.real) else "too large"
            raise TanhplotError(
                f"invalid expression {text[:80]!r}: the constant {part} is "
                f"{reason} (numbers must be finite and at most {MAX_NUMBER:g} "
                "in size)"
            )
        values[node] = sympy.Float(value.real)
    return expr.xreplace(values) if values else expr


def _numeric(expr: Any) -> Callable[[NDArray[np.float64]], Any]:
    import sympy

    z = sympy.Symbol("z", real=True)
    compiled = sympy.lambdify(z, expr, modules=[_namespace(expr), "numpy", "scipy"])

    def evaluate(values: NDArray[np.float64]) -> Any:
        # Singularities of the user's expression (1/z at 0, log of a negative
        # number) give inf or nan, which the figure leaves out.
        with np.errstate(all="ignore"):
            return compiled(values)

    return evaluate


#: Where `_asymptotes` looks: |z| from 1e2 to 1e8, short of where float
#: cancellation (e.g. (1 + 1/z)**z) would set in (a tuple: an array here
#: would import numpy with this module).
_FAR = (1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8)


def _asymptotes(fn: Callable[[NDArray[np.float64]], Any]) -> tuple[float, ...]:
    """The horizontal asymptotes of *fn*, found numerically: on each side,
    the value *fn* has settled to by |z| = 1e8 (its last three steps over
    decades of z shrink below 1e-5 relative). A function that converges
    more slowly than that (1/log z) or keeps moving (sin z, log z) has none
    here; the result is rounded to 6 decimals, so 0 is 0."""
    found: list[float] = []
    far = np.array(_FAR)
    for sign in (-1.0, 1.0):
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")  # far out, anything may warn
                values = np.asarray(fn(sign * far), dtype=np.float64)
        except (ArithmeticError, ValueError, TypeError):
            continue  # no value far out: no asymptote on this side
        if values.shape != far.shape:  # a constant: one value for every z
            values = np.broadcast_to(values, far.shape)
        last = values[-3:]
        if not np.isfinite(last).all():
            continue
        steps = np.abs(np.diff(last))
        if steps.max() <= 1e-5 * max(1.0, abs(float(last[-1]))):
            found.append(round(float(last[-1]), 6) + 0.0)
    return tuple(sorted(set(found)))


def _typesettable(text: str, latex: str) -> str:
    """*latex* flattened (see `flatten_latex`), or a `TanhplotError` when it
    still nests deeper than mathtext can typeset (powers of powers, roots of
    roots, fractions of fractions)."""
    flat = flatten_latex(latex)
    depth = latex_depth(flat)
    if depth > MAX_LATEX_DEPTH:
        raise TanhplotError(
            f"invalid expression {text[:80]!r}: its formula nests {depth} levels "
            f"deep (powers, roots, fractions); at most {MAX_LATEX_DEPTH} can be "
            "typeset"
        )
    return flat


@functools.lru_cache(maxsize=CACHE_SIZE)
def _build(text: str, name: str | None, generation: int) -> Activation:
    """The activation of expression *text*; *generation* (see
    `activations.generation`) keys the cache, so re-registering an
    activation reaches every expression that uses it."""
    tree = parse(text)
    if name is not None and name in activations.available():
        raise TanhplotError(
            f"invalid expression name {name!r}: it is the name of an activation; "
            "choose another"
        )
    import sympy

    undefined = (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo)
    z = sympy.Symbol("z", real=True)
    try:
        expr = _to_sympy(text.strip(), tree)
        derivative = sympy.diff(expr, z)
        defined = not (expr.has(*undefined) or derivative.has(*undefined))
        if defined and (expr.has(sympy.I) or derivative.has(sympy.I)):
            raise TanhplotError(
                f"invalid expression {text.strip()!r}: it has complex values "
                "(e.g. log or sqrt of a negative constant); tanhplot draws real "
                "functions"
            )
        latex_options: dict[str, Any] = {"inv_trig_style": "full", "ln_notation": True}
        latex = sympy.latex(expr, **latex_options)
    except TanhplotError:
        raise
    except (TypeError, ValueError, KeyError, ArithmeticError, RecursionError):
        # SymPy fails on some constant singular forms (0/0, 1/0 inside
        # functions): the expression has no value to draw either way.
        defined = False
    if not defined:
        raise TanhplotError(
            f"invalid expression {text.strip()!r}: it is undefined (a division by "
            "zero or a logarithm of zero in a constant part)"
        )
    function = _numeric(_check_constants(text.strip(), expr))
    derivative_function = _numeric(_check_constants(text.strip(), derivative))
    latex = _typesettable(text.strip(), latex)
    # Shown expanded (sigmoid' as sigmoid (1 - sigmoid)); evaluated through
    # the activations' own stable derivatives.
    shown = _expand_derivatives(derivative)
    derivative_latex = _typesettable(text.strip(), sympy.latex(shown, **latex_options))
    derivative_text = sympy.sstr(shown)
    if len(derivative_latex) > MAX_DERIVATIVE_LATEX:
        # The product rule makes a product of n factors n^2 long: typeset
        # the derivative as d/dz of the function instead.
        derivative_latex = rf"\frac{{d}}{{dz}}\left[{latex}\right]"
        derivative_text = f"d/dz ({sympy.sstr(expr)})"
    second = _second_derivative(text.strip(), expr, derivative, latex)
    return Activation(
        name or "expression",
        function,
        derivative_function,
        latex,
        asymptotes=_asymptotes(function),
        derivative_latex=derivative_latex,
        text=sympy.sstr(expr),
        derivative_text=derivative_text,
        label=name or f"${latex}$",
        second_derivative=second[0],
        second_derivative_latex=second[1],
        second_derivative_text=second[2],
    )


def _second_derivative(
    text: str, expr: Any, derivative: Any, latex: str
) -> tuple[Callable[[NDArray[np.float64]], Any], str, str]:
    """The second derivative of an expression: symbolic (SymPy differentiates
    the derivative; a registered activation inside contributes its own f''),
    with its mathtext and text, or d^2/dz^2 of the function where the
    formula is too long or too deep to typeset."""
    import sympy

    z = sympy.Symbol("z", real=True)
    second = sympy.diff(derivative, z)
    function = _numeric(_check_constants(text, second))
    try:
        shown = sympy.latex(second, inv_trig_style="full", ln_notation=True)
        second_latex = _typesettable(text, shown)
    except TanhplotError:
        second_latex = ""
    second_text = sympy.sstr(second)
    if not second_latex or len(second_latex) > MAX_DERIVATIVE_LATEX:
        second_latex = rf"\frac{{d^2}}{{dz^2}}\left[{latex}\right]"
        second_text = f"d^2/dz^2 ({sympy.sstr(expr)})"
    return function, second_latex, second_text


def from_expression(text: str, *, name: str | None = None) -> Activation:
    """Build an activation from an expression in ``z``.

    Parameters
    ----------
    text : str
        For example ``"z * sigmoid(z)"``, ``"x**3 - x"`` or
        ``"tanh(z) + 0.1 * leaky_relu(z, negative_slope=0.2)"``. Allowed:
        numbers, ``z`` (or ``x``), ``pi``, ``e``, ``+ - * / **``, unary minus,
        the elementary functions in `FUNCTIONS` and the registered
        activations (``tanhplot.available()``), with number literals as
        keyword parameters. At most `MAX_LENGTH` characters.
    name : str, optional
        Name and legend label (letters, digits, ``_``; not the name of an
        activation). Without one, the legend shows the formula.

    Returns
    -------
    Activation
        With a symbolic derivative, LaTeX from SymPy for both, vectorized
        evaluation, and the horizontal asymptotes the function settles to
        (numerically, see `_asymptotes`). Activations used in the expression
        are evaluated, and differentiated, by tanhplot.

    Raises
    ------
    TanhplotError
        For anything outside the whitelist, naming the offending part; nothing
        of the text is evaluated before it passes.

    Examples
    --------
    >>> act = from_expression("z * sigmoid(z)", name="swish2")
    >>> act.latex
    'z \\\\sigma\\\\left(z\\\\right)'
    """
    if not isinstance(text, str):
        raise TanhplotError(f"expressions are text, got {text!r}")
    if name is not None and (
        not isinstance(name, str) or not activations.NAME.match(name)
    ):
        raise TanhplotError(
            f"invalid expression name {name!r}: use letters, digits and '_', "
            "starting with a letter"
        )
    return _build(text, name, activations.generation())


def _literal_number(node: ast.expr, text: str) -> float:
    value = activations.literal_number(node)
    if value is not None:
        return value
    raise TanhplotError(
        f"invalid activation {text!r}: parameter values must be numbers, "
        f"got {ast.unparse(node)!r}"
    )


def resolve(spec: str | Activation) -> Activation:
    """Turn a string or an Activation into an `Activation`.

    Strings are ``"tanh"``, ``"leaky_relu(negative_slope=0.1)"`` (a name with
    keyword parameters whose values are number literals) or
    ``"swish2 = z * sigmoid(z)"`` (a name and an expression, see
    `tanhplot.from_expression`). Nothing in the string is evaluated as
    Python.
    """
    if isinstance(spec, Activation):
        return spec
    if not isinstance(spec, str):
        raise TanhplotError(
            f"activations are names or Activation objects, got {spec!r}"
        )
    text = spec.strip()
    if activations.NAME.match(text):
        return activations.get(text)
    named = activations.NAMED_EXPRESSION.match(text)
    if named:
        return from_expression(named.group(2), name=named.group(1))
    try:
        node = ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError):
        node = None
    if (
        not isinstance(node, ast.Call)
        or not isinstance(node.func, ast.Name)
        or node.args
        or any(kw.arg is None for kw in node.keywords)
    ):
        raise TanhplotError(
            f"invalid activation {spec!r}: expected a name such as 'tanh', "
            "'name(param=value, ...)' or 'name=expression'"
        )
    params = {str(kw.arg): _literal_number(kw.value, spec) for kw in node.keywords}
    return activations.get(node.func.id, **params)
