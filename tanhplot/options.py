"""Options, each declared once: name, type, default, help and validation.

A figure's options are the fields of `FigureSpec`, each declared with
`option`; the options of ``tanhplot render`` that are about the file rather
than the picture (``output``, ``format``, ...) are `RENDER_OPTIONS`. From these
declarations come the keyword arguments of `tanhplot.figure` / `tanhplot.grid`
(through `FigureSpec.from_options`), the keys of a spec file's ``[[figure]]``
tables, the command-line options of ``tanhplot render`` and ``tanhplot
formula`` with their ``--help``, and FigureSpec's own docstring. Adding an
option means declaring it here or on FigureSpec, and drawing it.

This module imports neither matplotlib nor numpy.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import re
import sys
import textwrap
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .errors import TanhplotError

__all__ = [
    "ANIMATION_OPTIONS",
    "MAX_FRAMES",
    "MIN_FRAMES",
    "RENDER_OPTIONS",
    "RUN_OPTIONS",
    "Option",
    "check_fps",
    "check_frames",
    "declared",
    "document",
    "option",
]

#: Key of a dataclass field's metadata that holds its `Option` declaration.
_KEY = "tanhplot.option"


@dataclass(frozen=True)
class Option:
    """One option of a figure or of ``tanhplot render``.

    Attributes
    ----------
    name : str
        The keyword argument and spec-file key (``mark_max_slope``); on the
        command line with dashes (``--mark-max-slope``).
    help : str
        One or two sentences for ``--help`` and the docstrings. The default
        is added from *default* (or *shown*), never written here.
    type : object
        The Python type of the value (from FigureSpec's annotations).
    default : object
        The default value.
    choices : tuple of str
        The valid values of a text option; checked and named in the help.
    check : callable, optional
        ``check(name, value) -> value``: validates (raising `TanhplotError`)
        and normalises a value other than None.
    shown : str, optional
        How the default reads in ``--help`` when *default* does not say it
        (e.g. None meaning "fit the curves").
    metavar : str, optional
        The value's placeholder on the command line (``MIN MAX``).
    cli_type : object, optional
        The type on the command line when it differs (sizes are typed as
        text, ``9x5``, and parsed by the check).
    cli_help : str
        What the command line adds to *help* (e.g. several themes at once).
    flags : tuple of str
        Command-line spellings when not ``--name`` (``--output``, ``-o``).
    label : str, optional
        What error messages call it, when not its name (``legend location``).
    doc_type : str, optional
        Its type in docstrings, when the annotation does not say it well.
    """

    name: str
    help: str
    type: Any = None
    default: Any = None
    choices: tuple[str, ...] = ()
    check: Callable[[str, Any], Any] | None = None
    shown: str | None = None
    metavar: str | None = None
    cli_type: Any = None
    cli_help: str = ""
    flags: tuple[str, ...] = ()
    label: str | None = None
    doc_type: str | None = None

    @property
    def is_flag(self) -> bool:
        """A yes/no option."""
        return self.type is bool

    def validate(self, value: Any) -> Any:
        """*value* checked against the type-independent rules declared here
        (flags, choices, *check*); returns it, normalised. None passes where
        the default is None."""
        from .errors import check_choice

        if value is None and self.default is None:
            return None
        if self.is_flag and not isinstance(value, bool):
            raise TanhplotError(f"{self.name} must be true or false, got {value!r}")
        if self.choices:
            check_choice(self.label or self.name, value, self.choices)
        if self.check is not None:
            value = self.check(self.name, value)
        return value

    def describe(self, *, default: bool = False, cli: bool = False) -> str:
        """The help, its choices filled in; with what the command line adds
        (*cli*) and the default (*default*)."""
        text = self.help
        if self.choices:
            text = text.replace("{choices}", _or(self.choices))
        if cli and self.cli_help:
            text += " " + self.cli_help
        shown = self.default_text() if default else None
        return text if shown is None else f"{text} Default: {shown}."

    def default_text(self) -> str | None:
        """The default as ``--help`` and the docstrings show it; None for a
        flag that is off, or no default."""
        if self.shown is not None:
            return self.shown
        value = self.default
        if value is None or value is False:
            return None
        if value is True:
            return "on"
        if isinstance(value, tuple):
            return " ".join(f"{v:g}" for v in value)
        return f"{value:g}" if isinstance(value, float) else str(value)

    def type_text(self) -> str:
        """The value's type for docstrings: ``bool``, ``(float, float)``."""
        if self.doc_type is not None:
            return self.doc_type
        tp = self.type
        text = tp.__name__ if isinstance(tp, type) else str(tp)
        text = re.sub(r"\b[\w.]+\.(\w+)", r"\1", text)  # module paths
        text = re.sub(r"^tuple\[(.*)\]$", r"(\1)", text)
        return text + (" or None" if self.default is None else "")


def _or(words: tuple[str, ...]) -> str:
    return ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else words[0]


def option(
    default: Any,
    help: str,
    **declaration: Any,
) -> Any:
    """Declare a FigureSpec field as an option (see `Option` for the
    keywords); returns the dataclass field."""
    return dataclasses.field(
        default=default, metadata={_KEY: {"help": help, **declaration}}
    )


@functools.cache
def declared(cls: type) -> tuple[Option, ...]:
    """The options declared on the dataclass *cls*, in field order, with
    their types and defaults filled in. A type naming what its module
    imports only for type checkers (``Activation``) is `typing.Any`."""
    return tuple(
        Option(
            name=f.name,
            type=_plain(_resolve(f.type, cls)),
            default=f.default,
            **f.metadata[_KEY],
        )
        for f in dataclasses.fields(cls)
        if _KEY in f.metadata
    )


def _resolve(annotation: Any, cls: type) -> Any:
    """The type an annotation string names, in the module of *cls*."""
    if not isinstance(annotation, str):
        return annotation
    names = vars(sys.modules[cls.__module__])
    try:
        return eval(annotation, dict(names))  # our own annotations
    except NameError:
        return Any


def _plain(tp: Any) -> Any:
    """``X | None`` -> ``X``: an option's type without its "not given"."""
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return args[0] if len(args) == 1 else tp
    return tp


def document(summary: str, options: Iterable[Option]) -> str:
    """*summary* (a docstring) followed by a numpydoc Parameters section of
    *options*: each one's type, help and default."""
    lines = [inspect.cleandoc(summary), "", "Parameters", "----------"]
    for opt in options:
        lines.append(f"{opt.name} : {opt.type_text()}")
        lines.extend(
            textwrap.wrap(
                opt.describe(default=True),
                76,
                initial_indent="    ",
                subsequent_indent="    ",
            )
        )
    return "\n".join(lines) + "\n"


#: Options of ``tanhplot render`` (and spec files' ``[[figure]]`` tables)
#: about the output file rather than the picture.
RENDER_OPTIONS: tuple[Option, ...] = (
    Option(
        "output",
        "Output file (.png, .svg, .pdf, .pgf), or - for standard output (with "
        "--format).",
        type=str,
        shown="NAME.png in the current folder, e.g. tanh.png",
        flags=("--output", "-o"),
        metavar="FILE",
    ),
    Option(
        "format",
        "File format: png, svg, pdf or pgf.",
        type=str,
        metavar="FORMAT",
        shown="from the output's suffix",
    ),
    Option(
        "expr",
        "Your own activation, e.g. 'swish2=z*sigmoid(z)' (repeatable; drawn "
        "after the named ones).",
        type=list[str],
        metavar="NAME=EXPRESSION",
    ),
    Option(
        "alt_text",
        "Also print the alt text (SVG and PDF files carry it; a spec file "
        "writes it to OUTPUT.txt).",
        type=bool,
        default=False,
    ),
    Option(
        "card",
        "Draw the one activation's formula card instead of the plot (as "
        "'tanhplot formula').",
        type=bool,
        default=False,
    ),
)


#: Options of ``tanhplot render`` about how the command runs, neither the
#: picture nor its file: not keys of a spec file.
RUN_OPTIONS: tuple[Option, ...] = (
    Option(
        "watch",
        "Keep running: draw the figure, then draw it again each time FILE is "
        "saved (looked at every 0.01 s), one line per file written. FILE is "
        "TOML holding this figure's options, keys as in a spec file's "
        '[[figure]] table without output (e.g. title = "tanh", xlim = [-6, '
        "6]); they override the command line's. Errors are reported and the "
        "watch goes on; Ctrl-C stops.",
        type=str,
        metavar="FILE",
    ),
)


#: The fewest and most frames of an animation.
MIN_FRAMES = 2
MAX_FRAMES = 240


def check_frames(name: str, value: Any) -> int:
    """*value* as a number of frames, 2..240."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not MIN_FRAMES <= value <= MAX_FRAMES
    ):
        raise TanhplotError(
            f"{name} must be a whole number from {MIN_FRAMES} to {MAX_FRAMES}, "
            f"got {value!r}"
        )
    return value


def check_fps(name: str, value: Any) -> float:
    """*value* as frames per second, more than 0 and at most 50."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TanhplotError(f"{name} must be a number, got {value!r}")
    if not 0 < value <= 50:
        raise TanhplotError(f"{name} must be more than 0 and at most 50, got {value!r}")
    return float(value)


#: Options of ``tanhplot animate`` (and spec files' ``[[animation]]``
#: tables) beside the figure's own.
ANIMATION_OPTIONS: tuple[Option, ...] = (
    Option(
        "frames",
        "Frames, one per value of the swept parameter, both ends included (2 to 240).",
        type=int,
        default=30,
        check=check_frames,
    ),
    Option(
        "fps",
        "Frames per second (more than 0, at most 50).",
        type=float,
        default=10.0,
        check=check_fps,
    ),
)
