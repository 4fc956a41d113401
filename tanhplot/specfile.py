"""Spec files: many figures described in one TOML file, validated before drawing.

A spec file has an optional ``[defaults]`` table and one ``[[figure]]`` table
per output file. The keys are the options of ``tanhplot render`` with dashes
as underscores; the output file is ``output`` and the activations are the list
``activations``::

    [defaults]
    xlim = [-6, 6]

    [[figure]]
    output = "tanh.png"

    [[figure]]
    output = "both.svg"
    activations = ["tanh", "sigmoid"]
    derivative = false

    [[animation]]
    output = "sweep.gif"
    activations = ["leaky_relu(negative_slope=0..0.3)", "tanh"]
    frames = 30

An ``[[animation]]`` table takes the same keys as a figure (one activation
written as a sweep, see `tanhplot.animate`) plus ``frames`` and ``fps``; its
output ends in ``.gif``, ``.svg`` or ``.html``. Animations are built like
figures: in parallel, and only when what decides their bytes changed.

The figure options are the fields of `FigureSpec` (read from the dataclass,
so a new field is a spec-file key at once) plus the render-only keys in
`RENDER_OPTIONS`; every figure is validated by `FigureSpec.from_options`, the
code that validates ``tanhplot render`` flags and ``tanhplot.figure`` keyword
arguments. This module does not import matplotlib.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import tomllib
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .activations import Activation
from .errors import TanhplotError, suggest
from .spec import FigureSpec, check_theme_format

__all__ = [
    "MANIFEST",
    "RENDER_OPTIONS",
    "FigureEntry",
    "SpecFileError",
    "figure_options",
    "load",
    "load_options",
    "loads",
    "option_names",
]

#: File name of the build manifest, kept next to the spec file; no output may
#: be it.
MANIFEST = ".tanhplot-build.json"

#: Suffix of the alt text file an output with ``alt_text = true`` also writes.
ALT_TEXT_SUFFIX = ".txt"

#: TOML nested deeper than this is refused before parsing (Python's TOML
#: parser recurses once per level).
MAX_NESTING = 100

#: Keys of a ``[[figure]]`` table that are not `FigureSpec` fields: options of
#: ``tanhplot render`` about the file rather than the picture, with their types.
RENDER_OPTIONS: dict[str, Any] = {
    "output": str,
    "format": str,
    "alt_text": bool,
    "card": bool,  # the formula card of the one activation, as `tanhplot formula`
    "expr": list[str],  # NAME=EXPRESSION strings, drawn after `activations`
}


class SpecFileError(TanhplotError):
    """A spec file that cannot be built; `errors` holds one line per problem."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


def option_names() -> tuple[str, ...]:
    """Every key a ``[[figure]]`` table accepts: the `FigureSpec` fields, then
    `RENDER_OPTIONS`. The same names as ``tanhplot render``'s options."""
    return (*_spec_fields(), *RENDER_OPTIONS)


def _spec_fields() -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(FigureSpec) if f.init)


def figure_options(table: Mapping[str, Any]) -> dict[str, Any]:
    """The `FigureSpec` options of a figure table (render-only keys removed;
    ``expr`` joins the activations, as ``--expr`` does on the command line)."""
    options = {k: v for k, v in table.items() if k not in RENDER_OPTIONS}
    expressions = table.get("expr")
    if isinstance(expressions, list) and expressions:
        named = options.get("activations", [])
        named = [named] if isinstance(named, str) else list(named)
        options["activations"] = [*named, *expressions]
    return options


@dataclass(frozen=True)
class FigureEntry:
    """One validated ``[[figure]]`` of a spec file.

    Attributes
    ----------
    index : int
        Position in the file, from 1.
    output : str
        The ``output`` value as written in the file.
    path : pathlib.Path
        The output file, relative to the spec file's folder.
    format : str
        ``"png"``, ``"svg"`` or ``"pdf"``.
    alt_text : bool
        Also write the alt text to ``<output>.txt``.
    card : bool
        Draw the formula card of the figure's one activation (``tanhplot
        formula``) instead of the plot.
    animation : (int, float) or None
        For an ``[[animation]]``: its frames and frames per second (the
        spec is then its first frame's, and *options* hold the sweep).
    options : dict
        The figure's `FigureSpec` options as read (defaults merged in); plain
        TOML values, so they can be sent to worker processes.
    spec : FigureSpec
        The validated figure.
    """

    index: int
    output: str
    path: Path
    format: str
    alt_text: bool
    card: bool
    options: dict[str, Any]
    spec: FigureSpec
    animation: tuple[int, float] | None = None

    @property
    def name(self) -> str:
        """``figure 2 (sigmoid.svg)``: how messages refer to this figure."""
        kind = "figure" if self.animation is None else "animation"
        return f"{kind} {self.index} ({self.output})"

    def canonical(self) -> str:
        """Canonical JSON of everything that decides the output file's bytes
        (apart from library versions): every `FigureSpec` field, the
        activations as written and as resolved, format, alt text sidecar, and
        ``SOURCE_DATE_EPOCH`` for formats that carry a date."""
        fields = {name: getattr(self.spec, name) for name in _spec_fields()}
        written = self.options.get("activations") or [
            a.name for a in self.spec.activations
        ]
        if isinstance(written, str):
            written = [written]
        data = {
            "spec": _canonical(fields),
            "activations_as_written": [str(a).strip() for a in written],
            "format": self.format,
            "alt_text": self.alt_text,
            "card": self.card,
            **({} if self.animation is None else {"animation": self.animation}),
            "source_date_epoch": (
                os.environ.get("SOURCE_DATE_EPOCH", "").strip() or None
                if self.format in ("svg", "pdf")
                else None
            ),
        }
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    def digest(self) -> str:
        """sha256 of `canonical`."""
        return hashlib.sha256(self.canonical().encode()).hexdigest()


def _default(name: str) -> Any:
    for field in dataclasses.fields(FigureSpec):
        if field.name == name:
            return field.default
    raise KeyError(name)  # pragma: no cover


def _canonical(value: Any) -> Any:
    """A JSON-able form of a spec value that is the same in every process."""
    if isinstance(value, Activation):
        return {
            "name": value.name,
            "params": [[k, v] for k, v in value.params],
            "label": value.label,
            "text": value.text,
            "derivative_text": value.derivative_text,
        }
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _canonical(getattr(value, f.name))
            for f in dataclasses.fields(value)
        }
    return repr(value)


# --------------------------------------------------------------------------
# Types: what a key expects, from FigureSpec's annotations
# --------------------------------------------------------------------------


def _annotations() -> dict[str, Any]:
    """Each field's type, resolved one by one (None when it cannot be)."""
    hints: dict[str, Any] = dict(RENDER_OPTIONS)
    try:
        resolved = typing.get_type_hints(FigureSpec, localns={"Activation": Activation})
    except (NameError, TypeError):  # pragma: no cover - an unresolvable field
        resolved = {}
    for field in dataclasses.fields(FigureSpec):
        hints[field.name] = resolved.get(field.name)
    return hints


#: Scalar types of FigureSpec fields: (one, several, does a TOML value fit).
_SCALARS: dict[Any, tuple[str, str, Callable[[Any], bool]]] = {
    str: ("text (a string)", "strings", lambda v: isinstance(v, str)),
    bool: ("true or false", "booleans", lambda v: isinstance(v, bool)),
    int: (
        "a whole number",
        "whole numbers",
        lambda v: isinstance(v, int) and not isinstance(v, bool),
    ),
    float: (
        "a number",
        "numbers",
        lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    ),
    Activation: (
        "an activation name",
        "activation names",
        lambda v: isinstance(v, str | Activation),
    ),
}


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (types.UnionType, typing.Union)


def _items(tp: Any) -> tuple[Any, int | None] | None:
    """For ``tuple[X, X]`` / ``tuple[X, ...]`` / ``list[X]``: (X, length or
    None); None for other types and for tuples of mixed types."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin not in (tuple, list) or not args:
        return None
    if origin is list or (len(args) == 2 and args[1] is Ellipsis):
        return args[0], None
    return (args[0], len(args)) if len(set(args)) == 1 else None


def _describe(tp: Any) -> str | None:
    """``tuple[float, float]`` -> ``"a list of 2 numbers"``; None if unknown."""
    if _is_union(tp):
        parts = [_describe(a) for a in typing.get_args(tp) if a is not type(None)]
        return None if None in parts else " or ".join(typing.cast(list[str], parts))
    if typing.get_origin(tp) is typing.Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(tp))
    items = _items(tp)
    if items is not None:
        inner, length = items
        if inner not in _SCALARS:
            return None
        count = "" if length is None else f"{length} "
        return f"a list of {count}{_SCALARS[inner][1]}"
    return _SCALARS[tp][0] if tp in _SCALARS else None


def _matches(value: Any, tp: Any) -> bool:
    """Whether a TOML value fits type *tp*; unknown types accept anything."""
    if _describe(tp) is None:
        return True
    if _is_union(tp):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        return any(_matches(value, a) for a in members)
    if typing.get_origin(tp) is typing.Literal:
        return value in typing.get_args(tp)
    items = _items(tp)
    if items is None:
        return _SCALARS[tp][2](value)
    inner, length = items
    return (
        isinstance(value, list | tuple)
        and length in (None, len(value))
        and all(_matches(v, inner) for v in value)
    )


def _toml_kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, list):
        return f"the list {value!r}"
    if isinstance(value, dict):
        return "a table"
    return f"{value!r}"


def _type_errors(
    table: Mapping[str, Any], hints: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """(key, message) for each value of *table* that does not fit its type."""
    errors = []
    for key, value in table.items():
        tp = hints.get(key)
        if not _matches(value, tp):
            message = f"{key} must be {_describe(tp)}, got {_toml_kind(value)}"
            errors.append((key, message))
    return errors


def _message(exc: Exception) -> str:
    if isinstance(exc, TanhplotError):
        return str(exc)
    return f"invalid options ({type(exc).__name__}: {exc})"


#: Options whose validity depends on others (`_blame` checks them together).
_DEPENDS_ON = {"columns": ("venue",), "rel_width": ("venue",)}


def _rejected(key: str, value: Any) -> bool:
    try:
        FigureSpec.from_options({key: value})
    except Exception:
        return True
    return False


def _blame(
    options: Mapping[str, Any], hints: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """The options that FigureSpec rejects on their own, with its message, or
    with the expected type when its validation did not foresee the value
    (e.g. a number where a name belongs)."""
    found = []
    for key, value in options.items():
        # checked with the options it depends on (a venue's columns); when
        # one of those is bad itself, its own message says what is wrong
        context = {o: options[o] for o in _DEPENDS_ON.get(key, ()) if o in options}
        if any(_rejected(o, v) for o, v in context.items()):
            continue
        try:
            FigureSpec.from_options({**context, key: value})
        except TanhplotError as exc:
            found.append((key, str(exc)))
        except Exception as exc:
            tp = hints.get(key)
            if _matches(value, tp):
                found.append((key, _message(exc)))
            else:
                found.append(
                    (key, f"{key} must be {_describe(tp)}, got {_toml_kind(value)}")
                )
    return found


# --------------------------------------------------------------------------
# Locating keys in the source, for file:line in messages
# --------------------------------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


class _Lines:
    """Line numbers of tables and keys, found in the raw text (best effort:
    the TOML parser does not report positions)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.figures: list[int] = []  # 0-based line of each [[figure]]
        self.animations: list[int] = []  # ... and of each [[animation]]
        self.headers: list[int] = []
        self.defaults: int | None = None
        for number, line in enumerate(self.lines):
            match = _HEADER.match(line)
            if not match:
                continue
            self.headers.append(number)
            name = match.group(2).strip().strip("\"'")
            if match.group(1) == "[[" and name == "figure":
                self.figures.append(number)
            elif match.group(1) == "[[" and name == "animation":
                self.animations.append(number)
            elif match.group(1) == "[" and name == "defaults":
                self.defaults = number

    def key(self, table: int | None, key: str) -> int | None:
        """1-based line of *key* in the table whose header is on line *table*."""
        if table is None:
            return None
        following = [h for h in self.headers if h > table]
        end = following[0] if following else len(self.lines)
        pattern = re.compile(rf"^\s*([\"']?){re.escape(key)}\1\s*=")
        for number in range(table + 1, end):
            if pattern.match(self.lines[number]):
                return number + 1
        return table + 1

    def figure(self, index: int, kind: str = "figure") -> int | None:
        """0-based line of the header of figure (or, with *kind*
        ``"animation"``, animation) *index* (from 1)."""
        tables = self.figures if kind == "figure" else self.animations
        return tables[index - 1] if index <= len(tables) else None

    @staticmethod
    def header(table: int | None) -> int | None:
        """1-based line of a header found on 0-based line *table*."""
        return None if table is None else table + 1


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------


def _parse(source: str, text: str) -> tuple[dict[str, Any], _Lines]:
    """*text* as TOML, and its lines for blaming; a syntax error or nesting
    deeper than `MAX_NESTING` raises `SpecFileError` naming *source*."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecFileError([_syntax_error(source, text, exc)]) from None
    except RecursionError:
        raise SpecFileError([_too_deep(source, text)]) from None
    if _depth(data) > MAX_NESTING:
        raise SpecFileError([_too_deep(source, text)])
    return data, _Lines(text)


def _syntax_error(source: str, text: str, exc: tomllib.TOMLDecodeError) -> str:
    message = str(exc)
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        message = message[: match.start()]
    else:
        message = re.sub(r"\s*\(at end of document\)$", "", message)
        lines = text.split("\n")
        line, column = len(lines), len(lines[-1]) + 1
        message += " at end of file"
    return f"{source}:{line}:{column}: invalid TOML: {message[:1].lower()}{message[1:]}"


def _depth(value: Any) -> int:
    """How deeply lists and tables nest in *value* (without recursion)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


def _too_deep(source: str, text: str) -> str:
    """The message for arrays or tables nested too deeply, at the line where
    the nesting passes `MAX_NESTING` (as far as brackets tell)."""
    level, line = 0, 1
    for number, row in enumerate(text.splitlines(), start=1):
        for char in row:
            level += {"[": 1, "{": 1, "]": -1, "}": -1}.get(char, 0)
            if level > MAX_NESTING:
                line = number
                break
        else:
            continue
        break
    return (
        f"{source}:{line}: lists or tables nested more than {MAX_NESTING} deep; "
        "a spec file needs at most 3"
    )


def _output_problem(
    output: str, base: Path, protected: Mapping[str, str]
) -> str | None:
    """Why *output* may not be written, or None. Outputs stay inside the spec
    file's folder (*base*: no absolute paths, no ``..`` out of it, no link
    out of it) and are none of *protected* (normalized path -> what it is)."""
    if not output.strip() or output.endswith(("/", os.sep)):
        return f"output must be a file name, got {output!r}"
    if os.path.isabs(output) or Path(output).drive:
        return (
            f"output must be relative to the spec file's folder, got {output!r} "
            "(outputs are written only inside that folder)"
        )
    normal = os.path.normpath(output)
    if normal in (os.curdir, os.pardir) or normal.startswith(os.pardir + os.sep):
        return (
            f"output {output!r} is outside the spec file's folder (outputs are "
            "written only inside it)"
        )
    try:
        inside = (base / normal).resolve().is_relative_to(base.resolve())
    except (OSError, RuntimeError):  # a link loop
        inside = False
    if not inside:
        return (
            f"output {output!r} leads outside the spec file's folder through a "
            "link (outputs are written only inside it)"
        )
    what = protected.get(os.path.normcase(normal))
    if what is not None:
        return f"output {output!r} would overwrite {what}"
    return None


def _claims(figures: list[Any], defaults: Mapping[str, Any]) -> dict[str, list[int]]:
    """Normalized file name -> the figures whose alt text file it is."""
    claims: dict[str, list[int]] = {}
    for index, table in enumerate(figures, start=1):
        output = table.get("output")
        alt = table.get("alt_text", defaults.get("alt_text", False))
        if isinstance(output, str) and alt is True:
            key = os.path.normcase(os.path.normpath(output + ALT_TEXT_SUFFIX))
            claims.setdefault(key, []).append(index)
    return claims


def _collision(output: str, claims: Mapping[str, list[int]]) -> str | None:
    """Whether *output* is another figure's alt text file."""
    others = claims.get(os.path.normcase(os.path.normpath(output)), [])
    if not others:
        return None
    return (
        f"output {output!r} would overwrite the alt text file of figure "
        f"{others[0]} (alt_text = true writes OUTPUT{ALT_TEXT_SUFFIX})"
    )


#: The tables of a spec file.
_TABLES = ("defaults", "figure", "animation")

#: Keys of an ``[[animation]]`` table: a figure's, but no formula card or
#: format (the output's suffix says it), and the animation's own.
ANIMATION_KEYS: tuple[str, ...] = (
    *(k for k in (*_spec_fields(), *RENDER_OPTIONS) if k not in ("card", "format")),
    "frames",
    "fps",
)


def line_of_key(
    lines: _Lines, header: int | None, table: Mapping[str, Any], key: str | None
) -> int | None:
    """1-based line of *key*: in its table, else in [defaults], else the
    table's header."""
    if key is None:
        return _Lines.header(header)
    return lines.key(header if key in table else lines.defaults, key)


def _animation_output_problem(output: str) -> str | None:
    from .animexport import ANIMATION_FORMATS

    suffix = Path(output).suffix.lower().lstrip(".")
    if suffix in ANIMATION_FORMATS:
        return None
    return (
        f"an animation's output must end in "
        f"{', '.join('.' + f for f in ANIMATION_FORMATS)}, got {output!r}"
    )


def _animation_entry(  # noqa: PLR0911 (one return per check)
    index: int, output: str, path: Path, merged: dict[str, Any]
) -> FigureEntry | tuple[str | None, str]:
    """The entry of a valid ``[[animation]]``, or (the key to blame, why
    not). Checks what `tanhplot.animate` checks, without drawing: the
    sweep, frames and fps, and the figure's other options."""
    from .animation import find_sweep
    from .animexport import animation_format
    from .options import check_fps, check_frames

    try:
        frames = check_frames("frames", merged.get("frames", 30))
    except TanhplotError as exc:
        return "frames", str(exc)
    try:
        fps = check_fps("fps", merged.get("fps", 10))
    except TanhplotError as exc:
        return "fps", str(exc)
    options = figure_options(
        {k: v for k, v in merged.items() if k not in ("frames", "fps")}
    )
    written = options.get("activations", [])
    written = [written] if isinstance(written, str) else written
    if not isinstance(written, list) or not all(isinstance(a, str) for a in written):
        return "activations", "activations must be a list of strings"
    try:
        position, sweep = find_sweep(tuple(written))
    except TanhplotError as exc:
        return "activations", str(exc)
    first = list(written)
    first[position] = sweep.activation(sweep.start)
    try:
        spec = FigureSpec.from_options({**options, "activations": tuple(first)})
    except TanhplotError as exc:
        return None, str(exc)
    if spec.grid:
        return "grid", "animations draw one plot, not a grid"
    return FigureEntry(
        index=index,
        output=output,
        path=path,
        format=animation_format(output),
        alt_text=bool(merged.get("alt_text", False)),
        card=False,
        options={**options, "activations": list(written)},
        spec=spec,
        animation=(frames, fps),
    )


def load(path: str | os.PathLike[str]) -> list[FigureEntry]:
    """Read and validate a spec file.

    Parameters
    ----------
    path : str or os.PathLike
        The TOML file. Outputs are relative to its folder.

    Returns
    -------
    list of FigureEntry
        One per ``[[figure]]``, in file order.

    Raises
    ------
    SpecFileError
        With one message per problem (``file:line: figure 2 (x.svg): ...``);
        nothing has been drawn or written.
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecFileError(
            [f"cannot read spec file {str(file)!r}: {exc.strerror or exc}"]
        ) from None
    except UnicodeDecodeError as exc:
        raise SpecFileError([f"{file}: not UTF-8 text ({exc.reason})"]) from None
    return loads(text, source=str(file), base=file.parent, spec_name=file.name)


def loads(
    text: str,
    *,
    source: str = "<spec>",
    base: str | os.PathLike[str] = ".",
    spec_name: str | None = None,
) -> list[FigureEntry]:
    """Validate the spec file *text*; see `load`.

    Parameters
    ----------
    text : str
        TOML source.
    source : str, default "<spec>"
        The file name used in messages.
    base : str or os.PathLike, default "."
        The folder that outputs are relative to; they must stay inside it.
    spec_name : str, optional
        The spec file's name in *base*, which no output may overwrite (nor
        may one be the build manifest `MANIFEST`, or another output or its
        alt text file).
    """
    data, lines = _parse(source, text)
    errors: list[str] = []

    def report(line: int | None, where: str, message: str) -> None:
        at = f"{source}:{line}" if line else source
        errors.append(f"{at}: {where}{message}")

    for key in data:
        if key not in _TABLES:
            report(
                None,
                "",
                f"unknown table {key!r}{suggest(key, list(_TABLES))} "
                "(a spec file has [defaults], [[figure]] and [[animation]] tables)",
            )
    defaults = data.get("defaults", {})
    figures = data.get("figure", [])
    animations = data.get("animation", [])
    if not isinstance(animations, list) or not all(
        isinstance(a, dict) for a in animations
    ):
        report(None, "", "animations are an array of tables: write [[animation]]")
        animations = []
    if not isinstance(defaults, dict):
        report(None, "", "defaults must be a table: [defaults]")
        defaults = {}
    if not isinstance(figures, list) or not all(isinstance(f, dict) for f in figures):
        report(
            None, "", "figures are an array of tables: write [[figure]], not [figure]"
        )
        figures = []
    elif not figures and not animations and not errors:
        report(None, "", "no figures: add a [[figure]] table with an output")

    names = option_names()
    hints = _annotations()
    usable: dict[str, Any] = {}  # the defaults that figures inherit
    for key, value in defaults.items():
        line = lines.key(lines.defaults, key)
        if key not in names:
            message = f"unknown option {key!r}{suggest(key, names)}"
        elif key == "output":
            message = "output belongs in each [[figure]], not in [defaults]"
        elif type_errors := _type_errors({key: value}, hints):
            message = type_errors[0][1] if key in RENDER_OPTIONS else ""
        else:
            message = ""
        if message:
            report(line, "defaults: ", message)
        else:
            usable[key] = value
    defaults = usable

    entries: list[FigureEntry] = []
    seen: dict[str, str] = {}
    base_dir = Path(base)
    protected = {os.path.normcase(MANIFEST): f"the build manifest {MANIFEST}"}
    if spec_name is not None:
        protected[os.path.normcase(spec_name)] = f"the spec file {spec_name}"
    # Every output and alt text file, to find the ones two figures share.
    claims = _claims([*figures, *animations], defaults)
    tables = [("figure", i, t) for i, t in enumerate(figures, start=1)]
    tables += [("animation", i, t) for i, t in enumerate(animations, start=1)]
    for kind, index, table in tables:
        header = lines.figure(index, kind)
        output = table.get("output")
        where = (
            f"{kind} {index} ({output}): "
            if isinstance(output, str)
            else f"{kind} {index}: "
        )
        bad = False
        allowed = names if kind == "figure" else ANIMATION_KEYS
        for key in table:
            if key not in allowed:
                report(
                    lines.key(header, key),
                    where,
                    f"unknown option {key!r}{suggest(key, allowed)}",
                )
                bad = True
        if output is None:
            report(lines.header(header), where, 'missing output = "FILE"')
            bad = True
        if isinstance(output, str):
            path = base_dir / output
            same = os.path.normcase(os.path.abspath(path))
            problem = _output_problem(output, base_dir, protected)
            if problem is None and same in seen:
                problem = f"the same output as {seen[same]}"
            if problem is None and kind == "animation":
                problem = _animation_output_problem(output)
            if problem is None:
                problem = _collision(output, claims)
            sidecar = os.path.normcase(os.path.normpath(output + ALT_TEXT_SUFFIX))
            if problem is None and index in claims.get(sidecar, ()):
                what = protected.get(sidecar)
                if what is not None:
                    problem = (
                        f"its alt text file {output + ALT_TEXT_SUFFIX!r} would "
                        f"overwrite {what}"
                    )
            if problem is not None:
                report(lines.key(header, "output"), where, problem)
                bad = True
            seen.setdefault(same, f"{kind} {index}")
        merged = {**defaults, **{k: v for k, v in table.items() if k in allowed}}
        if kind == "animation":
            merged = {k: v for k, v in merged.items() if k in ANIMATION_KEYS}
            if bad:
                continue
            entry_or_problem = _animation_entry(index, output, path, merged)
            if isinstance(entry_or_problem, FigureEntry):
                entries.append(entry_or_problem)
            else:
                blamed, message = entry_or_problem
                report(line_of_key(lines, header, table, blamed), where, message)
            continue

        def line_of(key: str) -> int | None:
            return lines.key(header if key in table else lines.defaults, key)  # noqa: B023

        render_only = {k: v for k, v in merged.items() if k in RENDER_OPTIONS}
        for key, message in _type_errors(render_only, hints):
            report(line_of(key), where, message)
            bad = True
        if bad:
            continue
        options = figure_options(merged)
        try:
            spec = FigureSpec.from_options(options)
        except Exception as exc:
            found = _blame(options, hints)
            for key, message in found:
                report(line_of(key), where, message)
            if not found:
                report(lines.header(header), where, _message(exc))
            continue
        card = bool(merged.get("card", False))
        if card and len(spec.activations) != 1:
            report(
                line_of("card"),
                where,
                f"card = true draws one activation's formulas, got "
                f"{len(spec.activations)} activations",
            )
            continue
        try:
            from .export import output_format

            fmt = output_format(output, merged.get("format"))
            check_theme_format(spec.theme, fmt)
        except TanhplotError as exc:
            report(lines.key(header, "output"), where, str(exc))
            continue
        entry = FigureEntry(
            index=index,
            output=output,
            path=path,
            format=fmt,
            alt_text=bool(merged.get("alt_text", False)),
            card=card,
            options=options,
            spec=spec,
        )
        entries.append(entry)
    if errors:
        raise SpecFileError(errors)
    return entries


#: Keys of a one-figure options file (``tanhplot render --watch FILE``): a
#: figure's, but not the output, which the command line names.
FIGURE_FILE_KEYS: tuple[str, ...] = (*_spec_fields(), "expr", "alt_text", "card")


def load_options(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a one-figure options file: the keys of a ``[[figure]]`` table
    at its top level, without ``output`` (``tanhplot render --watch``).

    Returns
    -------
    dict
        The options as written (plain TOML values), type-checked; their
        values are validated when they make a `FigureSpec`.

    Raises
    ------
    SpecFileError
        One line per problem (``file:line: unknown option 'titel'; did you
        mean 'title'?``).
    """
    file = Path(path)
    source = str(file)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecFileError(
            [f"cannot read {source!r}: {exc.strerror or exc}"]
        ) from None
    except UnicodeDecodeError as exc:
        raise SpecFileError([f"{source}: not UTF-8 text ({exc.reason})"]) from None
    data, lines = _parse(source, text)
    errors: list[str] = []
    for key in data:
        if key == "output":
            message = "output is the command line's (-o FILE), not this file's"
        elif key not in FIGURE_FILE_KEYS:
            message = f"unknown option {key!r}{suggest(key, FIGURE_FILE_KEYS)}"
        else:
            continue
        errors.append(f"{_at(source, lines.key(-1, key))}: {message}")
    for key, message in _type_errors(
        {k: v for k, v in data.items() if k in FIGURE_FILE_KEYS}, _annotations()
    ):
        errors.append(f"{_at(source, lines.key(-1, key))}: {message}")
    if errors:
        raise SpecFileError(errors)
    return data


def _at(source: str, line: int | None) -> str:
    """``file:line``, or the file alone when the line is not known."""
    return f"{source}:{line}" if line else source
