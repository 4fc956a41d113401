"""The ``tanhplot`` command: a thin Typer layer over FigureSpec, figure and save.

matplotlib is imported only inside the commands that draw, so ``--help`` and
``list`` start fast. Every user error becomes one line on stderr and exit
code 2, never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import inspect
import os
import sys
from collections.abc import Iterator
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from .errors import TanhplotError, captured_warnings

__all__ = ["app", "main"]


@contextlib.contextmanager
def _warnings_as_lines() -> Iterator[None]:
    """Print each warning raised inside as one line, once."""
    messages: list[str] = []
    try:
        with captured_warnings() as messages:
            yield
    finally:
        for message in messages:
            typer.echo(f"tanhplot: warning: {message}", err=True)


class _OneLineErrors(TyperGroup):
    """Report usage and input errors as one line (``tanhplot: error: ...``)."""

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            with _warnings_as_lines():
                result = super().main(
                    args, prog_name, complete_var, standalone_mode=False, **extra
                )
                sys.stdout.flush()
            code = result if isinstance(result, int) else 0
        except OSError as exc:
            if not _stdout_broken(exc):
                raise
            if exc.errno != errno.EPIPE:  # a closed pipe (| head) is no error
                typer.echo(
                    "tanhplot: error: cannot write to standard output: "
                    f"{exc.strerror or exc}",
                    err=True,
                )
            code = 1
        except typer.TyperException as exc:  # click's usage errors
            message = exc.format_message()
            ctx = getattr(exc, "ctx", None)
            if exc.exit_code == 2 and ctx is not None:
                message += f" (see '{ctx.command_path} --help')"
            typer.echo(f"tanhplot: error: {message}", err=True)
            code = exc.exit_code
        except TanhplotError as exc:
            typer.echo(f"tanhplot: error: {exc}", err=True)
            code = 2
        except typer.Abort:
            typer.echo("tanhplot: aborted", err=True)
            code = 1
        if standalone_mode:
            sys.exit(code)
        return code


#: Why a write to standard output fails: a full disk (> /dev/full), a closed
#: pipe (| head), an I/O error, a file size or quota limit.
_STDOUT_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EPIPE, errno.EIO, errno.EFBIG, errno.EDQUOT}
)


def _stdout_broken(exc: OSError) -> bool:
    """Whether *exc* is standard output failing. Files tanhplot writes fail
    as `TanhplotError` naming the file (`export.write_files`), so an OSError
    of this kind without a file name is the stream. If so, the stream is
    pointed at /dev/null, so that Python's own flush at exit does not fail
    again with a traceback."""
    if exc.errno not in _STDOUT_ERRNOS or exc.filename is not None:
        return False
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return True


app = typer.Typer(
    cls=_OneLineErrors,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Clean, correct figures of activation functions and their derivatives.",
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"tanhplot {version('tanhplot')}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """Clean, correct figures of activation functions and their derivatives."""


class _DeclaredCommand:
    """A command whose options come from their declarations
    (`tanhplot.options`): FigureSpec's fields and `RENDER_OPTIONS`, turned
    into Typer options (``mark_max_slope`` -> ``--mark-max-slope``, the help
    with its default) when Typer asks for the signature, and only for the
    command that runs (`running`, set by `main`): ``tanhplot list`` and
    ``tanhplot --help`` build no command's options and import no numpy,
    ``tanhplot render --help`` builds render's alone."""

    def __init__(
        self,
        name: str,
        run: Any,
        argument: tuple[str, Any, Any],
        names: tuple[str, ...] | None = None,
        **overrides: dict[str, Any],
    ) -> None:
        self.name = name
        self._run = run
        self._argument = argument  # name, type, default
        self._names = names  # None: every render option
        self._overrides = overrides
        self.__doc__ = run.__doc__
        self.__name__ = run.__name__

    #: The command that runs, the only one that gets its declared options;
    #: None, every command (`main` sets it for the process).
    running: str | None = None

    def __call__(self, **given: Any) -> Any:
        return self._run(**given)

    @property
    def __signature__(self) -> inspect.Signature:
        return self._build()

    @property
    def __annotations__(self) -> dict[str, Any]:  # type: ignore[override]
        return {p.name: p.annotation for p in self.__signature__.parameters.values()}

    def _build(self) -> inspect.Signature:
        if _DeclaredCommand.running not in (None, self.name):
            return inspect.Signature()  # another command runs (see `main`)
        from dataclasses import replace

        from .options import ANIMATION_OPTIONS

        render = [opt.name for opt in render_options()]
        by_name = {opt.name: opt for opt in (*render_options(), *ANIMATION_OPTIONS)}
        name, kind, default = self._argument
        # the argument: what is drawn, as the activations option says
        given = self._overrides.get("activations", {})
        what = replace(by_name["activations"], **given).describe(default=True, cli=True)
        argument = typer.Argument(help=what, show_default=False)
        params = [
            inspect.Parameter(
                name, _KEYWORD, default=default, annotation=Annotated[kind, argument]
            )
        ]
        names = self._names or tuple(k for k in render if k != name)
        for key in names:
            opt = replace(by_name[key], **self._overrides.get(key, {}))
            annotation, default = _typer_option(opt)
            params.append(
                inspect.Parameter(key, _KEYWORD, default=default, annotation=annotation)
            )
        return inspect.Signature(params)


_KEYWORD = inspect.Parameter.KEYWORD_ONLY


def render_options() -> Iterator[Any]:
    """The options of ``tanhplot render``: output and format, FigureSpec's,
    the rest of `RENDER_OPTIONS`, then `RUN_OPTIONS` (``--watch``)."""
    from .options import RENDER_OPTIONS, RUN_OPTIONS, declared
    from .spec import FigureSpec

    yield from RENDER_OPTIONS[:2]  # the file first: output, format
    yield from declared(FigureSpec)
    yield from RENDER_OPTIONS[2:]
    yield from RUN_OPTIONS


def _typer_option(opt: Any) -> tuple[Any, Any]:
    """The Typer annotation and default of the declared option *opt*. Every
    option but a flag that is off defaults to None, "not given", so that
    the spec's own default applies."""
    dashed = "--" + opt.name.replace("_", "-")
    help = opt.describe(default=True, cli=True)
    if opt.is_flag and opt.default is False:
        info = typer.Option(*(opt.flags or (dashed,)), help=help)
        return Annotated[bool, info], False
    if opt.is_flag:
        flags = opt.flags or (f"{dashed}/--no-{dashed[2:]}",)
        info = typer.Option(*flags, help=help, show_default=False)
        return Annotated[bool | None, info], None
    kind = opt.cli_type or opt.type
    info = typer.Option(
        *(opt.flags or (dashed,)), help=help, metavar=opt.metavar, show_default=False
    )
    return Annotated[kind | None, info], None


def _output_path(output: str | None, format: str | None, stem: str) -> tuple[str, str]:
    """The output file and its format: *output* as given, else STEM.FORMAT
    (PNG unless *format* says otherwise) in the current folder. ``-`` is
    standard output, which needs *format*."""
    from .export import FORMATS, output_format

    if output is None:
        output = f"{stem}.{output_format(f'x.{format}' if format else 'x.png')}"
    if output == STDOUT and format is None:
        raise TanhplotError(
            f"-o - writes to standard output and needs --format ({', '.join(FORMATS)})"
        )
    return output, output_format(output, format)


def _render(
    activations: list[str] | None = None,
    *,
    output: str | None = None,
    format: str | None = None,
    expr: list[str] | None = None,
    alt_text: bool = False,
    card: bool = False,
    theme: str | None = None,
    watch: str | None = None,
    **given: Any,
) -> list[str]:
    """Draw activations and their derivatives to a PNG, SVG, PDF or PGF file."""
    from .spec import AUTO_THEME, FigureSpec, check_theme_format

    if watch is not None:
        command: dict[str, Any] = {"output": output, "format": format, "expr": expr}
        command |= {"alt_text": alt_text, "card": card, "theme": theme}
        _render_watch(watch, activations, {**command, **given})
        return []

    if given.get("saturation"):
        _check_no_saturation_value(activations or [])
    named = [*(activations or ()), *_expressions(expr or ())]
    options = {k: v for k, v in given.items() if v is not None}
    if named:
        options["activations"] = tuple(named)
    themes = [t.strip() for t in theme.split(",")] if theme else [None]
    if AUTO_THEME in themes and len(themes) > 1:
        raise TanhplotError(
            f"--theme auto already holds light and dark in one SVG file; give "
            f"it alone, not with other themes (got --theme {theme})"
        )
    specs = [
        FigureSpec.from_options(options if t is None else {**options, "theme": t})
        for t in themes
    ]
    first_spec = specs[0]
    stem = "-".join(dict.fromkeys(a.name for a in first_spec.activations))
    if first_spec.theme == AUTO_THEME and output is None and format is None:
        format = "svg"  # the one format that can follow the reader's setting
    output, fmt = _output_path(output, format, "all" if first_spec.all else stem)
    check_theme_format(first_spec.theme, fmt)
    if output == STDOUT and len(specs) > 1:
        raise TanhplotError(
            f"-o - writes one file to standard output, not one per theme; give "
            f"one theme or a file name (got --theme {theme})"
        )
    if output == STDOUT and alt_text:
        raise TanhplotError(
            "--alt-text prints to standard output, which -o - fills with the "
            "figure; give a file name, or leave out --alt-text"
        )
    if card and len(first_spec.activations) != 1:
        raise TanhplotError(
            f"--card draws one activation's formulas, got "
            f"{len(first_spec.activations)} activations"
        )
    from .export import figure_bytes
    from .figures import figure
    from .formula import formula_card

    files: dict[str, bytes] = {}
    for index, spec in enumerate(specs):
        target = output if index == 0 else _with_suffix(output, f"-{spec.theme}")
        if card:
            fig = formula_card(spec.activations[0], spec=spec)
        else:
            fig = figure(spec=spec)
        files[target] = figure_bytes(fig, target, format=fmt)
        if index == 0:
            first = fig
    written = _write(files)
    if output == STDOUT:
        return written
    paths = dict(zip((spec.theme for spec in specs), files, strict=True))
    snippet = _picture(paths, first_spec)
    if snippet:
        typer.echo(snippet)
    if alt_text:
        from .record import alt_text as describe

        typer.echo(describe(first))
    return written


def _render_watch(file: str, activations: list[str] | None, given: Any) -> None:
    """``render --watch FILE``: draw, then draw again on every save of FILE,
    whose options (a ``[[figure]]`` table's keys, `specfile.load_options`)
    override the command line's. A save that changes no option draws
    nothing unless a file is gone."""
    if given.get("output") == STDOUT:
        raise TanhplotError(
            "--watch writes a file on every save; give a file name, not -o -"
        )
    last: list[Any] = [None, [], False]  # options drawn, files written, said

    def redraw(path: Any) -> None:
        from .specfile import load_options

        options = {"activations": activations, **given, **load_options(path)}
        if isinstance(options["activations"], str):
            options["activations"] = [options["activations"]]
        if options == last[0] and all(os.path.exists(p) for p in last[1]):
            typer.echo(f"unchanged {', '.join(last[1])}")
            return
        last[1] = _render(**options)
        last[0] = options

    def round_done(_: None) -> None:
        if last[0] is not None and not last[2]:
            last[2] = True
            typer.echo(f"watching {file} (Ctrl-C stops)")

    _watching(file, action=redraw, on_round=round_done)


render = _DeclaredCommand("render", _render, ("activations", list[str] | None, None))
app.command(render.name)(render)


def _animate(
    activations: list[str] | None = None,
    *,
    output: str | None = None,
    frames: int | None = None,
    fps: float | None = None,
    **given: Any,
) -> None:
    """Sweep one parameter of an activation into a GIF, animated SVG or HTML
    slider, e.g. 'leaky_relu(negative_slope=0..0.3)'."""
    from .animation import animate
    from .animexport import animation_bytes, animation_format
    from .options import ANIMATION_OPTIONS

    declared = {opt.name: opt for opt in ANIMATION_OPTIONS}
    chosen = {
        name: declared[name].validate(value)
        for name, value in (("frames", frames), ("fps", fps))
        if value is not None
    }
    if output is not None:
        animation_format(output)
    options = {k: v for k, v in given.items() if v is not None}
    anim = animate(*(activations or ()), **chosen, **options)
    if output is None:
        output = f"{anim.sweep.name}-{anim.sweep.parameter}.gif"
    _write({output: animation_bytes(anim, output)})


animate_command = _DeclaredCommand(
    "animate",
    _animate,
    ("activations", list[str] | None, None),
    (
        "output",
        "frames",
        "fps",
        "derivative",
        "second_derivative",
        "xlim",
        "ylim",
        "samples",
        "size",
        "dpi",
        "title",
        "legend",
        "legend_loc",
        "theme",
        "transparent",
        "venue",
        "labels",
        "axis_labels",
        "arrows",
        "asymptotes",
        "mark_max_slope",
        "saturation",
    ),
    output={
        "help": "Output file: .gif, .svg (animated) or .html (a slider).",
        "shown": "NAME-PARAMETER.gif, e.g. leaky_relu-negative_slope.gif",
    },
    activations={
        "default": None,
        "shown": None,
        "cli_help": "Exactly one of them sweeps a parameter, written as a range: "
        "'leaky_relu(negative_slope=0..0.3)'.",
    },
    theme={"cli_help": ""},
)
app.command(animate_command.name)(animate_command)


def _check_no_saturation_value(names: list[str]) -> None:
    """``--saturation 0.1`` reads 0.1 as an activation: say what was meant."""
    for name in names:
        try:
            value = float(name)
        except ValueError:
            continue
        raise TanhplotError(
            f"--saturation takes no value (got {name!r} after it): add "
            f"--saturation-level {value:g} for {value * 100:g}% of the peak"
        )


#: ``-o -``: the output file name that means standard output.
STDOUT = "-"


def _write(files: dict[str, bytes]) -> list[str]:
    """Write every file or none (`export.write_files`) and say which were
    written (returned too); ``-o -`` goes to standard output instead."""
    if STDOUT in files:
        stream = sys.stdout.buffer
        stream.write(files[STDOUT])
        stream.flush()
        return []
    from .export import write_files

    written = [str(path) for path in write_files(files)]
    for path in written:
        typer.echo(f"wrote {path}")
    return written


def _with_suffix(path: str, extra: str) -> str:
    """``tanh.svg`` + ``-dark`` -> ``tanh-dark.svg``."""
    from pathlib import Path

    target = Path(path)
    return str(target.with_name(target.stem + extra + target.suffix))


def _picture(paths: dict[str, Any], spec: Any) -> str:
    """An HTML <picture> that shows the dark file to readers who prefer dark
    pages and the light one otherwise; empty unless both were written."""
    import html

    from .themes import THEME_COLORS

    by_scheme: dict[str, str] = {}
    for name, path in paths.items():
        if name in THEME_COLORS:  # not "auto", which is both
            by_scheme.setdefault(THEME_COLORS[name].scheme, str(path))
    if set(by_scheme) != {"light", "dark"}:
        return ""
    what = " and ".join(dict.fromkeys(a.label for a in spec.activations))
    alt = f"{what} and {'their' if len(spec.activations) > 1 else 'its'} derivative"
    if not spec.derivative:
        alt = what
    return (
        "<picture>\n"
        f'  <source srcset="{html.escape(by_scheme["dark"])}" '
        'media="(prefers-color-scheme: dark)">\n'
        f'  <img src="{html.escape(by_scheme["light"])}" alt="{html.escape(alt)}">\n'
        "</picture>"
    )


@app.command()
def venues() -> None:
    """List the venues of --venue: figure widths in inches and font size."""
    from .venues import listing, venue_rc, venue_width

    rows: list[tuple[str, ...]] = [("name", "venue", "1 column", "2 columns", "font")]
    for names, venue in listing():
        widths = [
            f"{venue_width(venue.name, n):.2f} in" for n in (1, 2)[: venue.columns]
        ]
        widths += ["-"] * (2 - len(widths))
        font = f"{venue_rc(venue.name)['font.size']:g} pt"
        rows.append((", ".join(names), venue.title, *widths, font))
    sizes = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [f"{cell:<{sizes[i]}}" for i, cell in enumerate(row)]
        typer.echo("  ".join(cells).rstrip())


def _formula(
    activation: str = "tanh",
    *,
    output: str | None = None,
    format: str | None = None,
    **given: Any,
) -> None:
    """Write an image of an activation's formulas: f(z), f'(z), f' in terms of f."""
    from .spec import AUTO_THEME, FigureSpec, check_theme_format

    options = {k: v for k, v in given.items() if v is not None}
    spec = FigureSpec.from_options({**options, "activations": (activation,)})
    if spec.theme == AUTO_THEME and output is None and format is None:
        format = "svg"  # the one format that can follow the reader's setting
    output, fmt = _output_path(output, format, f"{spec.activations[0].name}-formula")
    check_theme_format(spec.theme, fmt)

    from .export import figure_bytes
    from .formula import formula_card

    card = formula_card(activation, spec=spec)
    _write({output: figure_bytes(card, output, format=fmt)})


formula = _DeclaredCommand(
    "formula",
    _formula,
    ("activation", str, "tanh"),
    ("output", "format", "theme", "venue", "dpi", "transparent", "usetex"),
    output={"shown": "NAME-formula.png, e.g. tanh-formula.png"},
    theme={"cli_help": ""},
)
app.command(formula.name)(formula)


def _expressions(texts: Any) -> list[str]:
    """Check that each ``--expr`` is NAME=EXPRESSION; `resolve` parses it."""
    from .core import NAMED_EXPRESSION

    for text in texts:
        if not NAMED_EXPRESSION.match(text):
            raise TanhplotError(
                "--expr needs NAME=EXPRESSION, e.g. 'swish2=z*sigmoid(z)', "
                f"got {text!r}"
            )
    return list(texts)


#: Width of `tanhplot list` (formulas wrap at it).
LIST_WIDTH = 88


@app.command("list")
def list_activations(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            help="Activations to show, e.g. elu gelu, with parameters "
            "('elu(alpha=2)') or as expressions ('swish2=z*sigmoid(z)'), "
            "written as a formula card writes them. Default: all.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """List the activations: formulas, derivatives and parameters."""
    import textwrap

    from .activations import NAME, alias_of, available, defaults, get, plugin_of
    from .errors import check_choice

    given: dict[str, Any] = {}  # parameterised activations and expressions
    for name in names or ():
        if NAME.match(name.strip()):
            check_choice("activation", name, available())
        else:
            from .expressions import resolve

            given[name] = resolve(name)
    shown = [n for n in available() if alias_of(n) is None]
    aliases = {n: [a for a in available() if alias_of(a) == n] for n in shown}
    if names:
        shown = [n if n in given else alias_of(n) or n for n in names]
        shown = list(dict.fromkeys(shown))
    else:
        typer.echo(
            f"{len(shown)} activations, parameters with their defaults; "
            "f' via f: the derivative written through f."
        )
    for index, name in enumerate(shown):
        if index or not names:
            typer.echo("")
        if name in given:  # as written, or the expression's name
            act = given[name]
            header = act.name if "=" in name.split("(")[0] else name.strip()
        else:
            act = get(name)
            params = ", ".join(f"{k}={v:g}" for k, v in defaults(name).items())
            header = f"{name}({params})" if params else name
            if aliases[name]:
                header += f"  (alias: {', '.join(aliases[name])})"
            if plugin := plugin_of(name):
                header += f"  (from {plugin})"
        rows = [("f(z)", act.text), ("f'(z)", act.derivative_text)]
        if act.derivative_in_terms_of_f_text:
            rows.append(("f' via f", act.derivative_in_terms_of_f_text))
        typer.echo(header)
        for label, formula in rows:
            typer.echo(
                textwrap.fill(
                    formula,
                    LIST_WIDTH,
                    initial_indent=f"  {label:<10}",
                    subsequent_indent=" " * 14,
                    break_on_hyphens=False,
                )
            )


@app.command("build")
def build_command(
    spec: Annotated[
        str,
        typer.Argument(
            metavar="SPEC",
            help="TOML spec file: a [defaults] table and one [[figure]] per "
            "output, with the options of 'tanhplot render'.",
            show_default=False,
        ),
    ],
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            metavar="OUTPUT",
            help="Build only this output; repeat for more. Default: all.",
            show_default=False,
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Figures drawn in parallel. Default: the number of CPUs.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Draw every figure, even unchanged ones."),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print failures only.")
    ] = False,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="Keep running: rebuild the figures whose options changed each "
            "time SPEC is saved (looked at every 0.01 s), one line per figure "
            "drawn; errors are reported and the watch goes on. Ctrl-C stops.",
        ),
    ] = False,
) -> None:
    """Draw every figure of a spec file; unchanged figures are skipped."""
    if watch:
        _watch(spec, quiet=quiet)
        return
    from .build import build
    from .report import reporter, summary
    from .specfile import SpecFileError

    try:
        outcomes = build(
            spec, only=only or (), jobs=jobs, force=force, reporter=reporter(quiet)
        )
    except SpecFileError as exc:
        for line in exc.errors:
            typer.echo(f"tanhplot: error: {line}", err=True)
        raise typer.Exit(2) from None
    line, code = summary(outcomes)
    if not quiet:
        typer.echo(line)
    if code:
        raise typer.Exit(code)


def _watch(spec: str, *, quiet: bool) -> None:
    """``build --watch``: build, then rebuild on every save until Ctrl-C."""
    from .report import Changes, Lines, summary

    def round_done(outcomes: Any) -> None:
        if not quiet:
            typer.echo(f"{summary(outcomes)[0]}; watching {spec} (Ctrl-C stops)")

    _watching(
        spec,
        reporter=Lines(quiet=True) if quiet else Changes(),
        on_round=round_done,
        quiet=quiet,
    )


def _watching(file: str, *, quiet: bool = False, **how: Any) -> None:
    """Run `tanhplot.watch.watch` on *file* (with *how*) until Ctrl-C, exit
    code 0; errors go to stderr as lines. Ctrl-C sets the watch's stop event
    rather than raising KeyboardInterrupt, which could land in one of
    matplotlib's weakref callbacks and be ignored there; a figure being
    drawn is finished first."""
    import signal
    import threading

    from .watch import watch

    def error(line: str) -> None:
        typer.echo(f"tanhplot: error: {line}", err=True)

    stop = threading.Event()
    previous = signal.getsignal(signal.SIGINT)
    if previous is not signal.SIG_IGN:  # a background job's stays ignored
        signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        watch(file, error=error, stop=stop, **how)
    finally:
        signal.signal(signal.SIGINT, previous)
    if not quiet:
        typer.echo("stopped watching")


def main() -> None:
    """Entry point of the ``tanhplot`` console script.

    One command, then the process ends, and nearly every object it makes
    (matplotlib's modules, the figure) lives until then: so the cyclic
    garbage collector stays off while the command runs, and at exit whatever
    is still alive is frozen, which spares the interpreter's final collections
    a walk over every object (benchmarks/README.md has what that saves and
    costs). `build` still collects between figures and draws in fresh worker
    processes.
    """
    gc.disable()
    args = sys.argv[1:]
    # only the command that runs needs its options
    _DeclaredCommand.running = args[0] if args else ""
    if _command_draws(args):
        skip_artist_docstrings()
    try:
        app()
    finally:
        gc.freeze()


def run() -> None:
    """The ``tanhplot`` console script and ``python -m tanhplot``: `main`,
    then the process ends. After a command that drew its output and is done
    (render, formula or animate, not ``--watch``) it ends at once: with its
    output flushed and logging shut down, nothing is left to run but the
    interpreter's teardown of every module and object matplotlib made, which
    takes ~15 ms and changes nothing (the file is written and closed, the
    temporary files are gone). Every other command, and any exception,
    ends the usual way."""
    args = sys.argv[1:]
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    else:
        code = None
    if not _command_draws(args) or "--watch" in args:
        sys.exit(code)
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # as the interpreter would
        code = 1
    import logging

    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # the app reported it
            stream.flush()
    os._exit(code or 0)


#: Commands that always import matplotlib to draw (a build may draw
#: nothing, and then imports no matplotlib at all).
_DRAWING = ("render", "formula", "animate")


def _command_draws(args: list[str]) -> bool:
    return bool(args) and args[0] in _DRAWING and "--help" not in args


def skip_artist_docstrings() -> bool:
    """Spare the CLI process matplotlib's generated ``Artist.set``
    docstrings and signatures: matplotlib writes them for every Artist
    class as it is defined (about a third of importing what tanhplot
    draws with), and a command that draws one figure and exits never reads
    them. ``set`` itself works as before. Only before matplotlib's artist
    classes are imported, and only where matplotlib has the method this
    replaces; returns whether it did anything. Never called by the library."""
    if "matplotlib.lines" in sys.modules:
        return False  # too late: the classes are made
    import matplotlib.artist

    artist = matplotlib.artist.Artist
    if not callable(getattr(artist, "_update_set_signature_and_docstring", None)):
        return False  # another matplotlib: leave it as it is

    def mark_only(cls: type) -> None:
        # what matplotlib's own version does besides the docs: mark ``set``
        # as generated, so that subclasses get theirs
        cls.set._autogenerated_signature = True  # type: ignore[attr-defined]

    setattr(artist, "_update_set_signature_and_docstring", classmethod(mark_only))  # noqa: B010
    # the property tables that matplotlib's other docstrings interpolate
    # (``%(Line2D:kwdoc)s``): used for nothing else
    matplotlib.artist.kwdoc = lambda artist: ""
    return True
