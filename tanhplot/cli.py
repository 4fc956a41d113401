"""The ``tanhplot`` command: a thin Typer layer over FigureSpec, figure and save.

matplotlib is imported only inside the commands that draw, so ``--help`` and
``list`` start fast. Every user error becomes one line on stderr and exit
code 2, never a traceback.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import warnings
from collections.abc import Iterator
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from .build import build_command
from .errors import TanhplotError

__all__ = ["app", "main"]


@contextlib.contextmanager
def _warnings_as_lines() -> Iterator[None]:
    """Report warnings and matplotlib's logged warnings (e.g. a glyph missing
    from the font) as one line each, once."""
    logged: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: logged.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("matplotlib")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
    finally:
        logger.removeHandler(handler)
    for message in dict.fromkeys([*(str(w.message) for w in caught), *logged]):
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
            code = result if isinstance(result, int) else 0
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


@app.command()
def render(
    activations: Annotated[
        list[str] | None,
        typer.Argument(
            help="Activations to draw, e.g. tanh sigmoid "
            "'leaky_relu(negative_slope=0.1)'. Default: tanh.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Output file (.png, .svg, .pdf). Default: NAME.png in the "
            "current folder, e.g. tanh.png.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        str | None,
        typer.Option(help="png, svg or pdf. Default: from the output suffix."),
    ] = None,
    dpi: Annotated[
        float | None, typer.Option(help="Raster resolution. Default: 100.")
    ] = None,
    derivative: Annotated[
        bool | None,
        typer.Option(
            "--derivative/--no-derivative",
            help="Draw the derivatives. Default: on.",
            show_default=False,
        ),
    ] = None,
    xlim: Annotated[
        tuple[float, float] | None,
        typer.Option(metavar="MIN MAX", help="z range. Default: -4 4."),
    ] = None,
    ylim: Annotated[
        tuple[float, float] | None,
        typer.Option(metavar="MIN MAX", help="Vertical range. Default: fit."),
    ] = None,
    size: Annotated[
        str | None,
        typer.Option(metavar="WxH", help="Figure size in inches. Default: 9x5."),
    ] = None,
    samples: Annotated[
        int | None, typer.Option(help="Points per curve. Default: 801.")
    ] = None,
    title: Annotated[str | None, typer.Option(help="Figure title.")] = None,
    legend: Annotated[
        bool | None,
        typer.Option(
            "--legend/--no-legend",
            help="Draw a legend. Default: on.",
            show_default=False,
        ),
    ] = None,
    legend_loc: Annotated[
        str | None,
        typer.Option(
            help="Legend location: auto (clear of all curves) or a matplotlib "
            "location such as 'upper left'. Default: auto."
        ),
    ] = None,
    theme: Annotated[str | None, typer.Option(help="Theme. Default: light.")] = None,
    expr: Annotated[
        list[str] | None,
        typer.Option(
            "--expr",
            metavar="NAME=EXPRESSION",
            help="Your own activation, e.g. 'swish2=z*sigmoid(z)' (repeatable; "
            "drawn after the named ones).",
            show_default=False,
        ),
    ] = None,
    alt_text: Annotated[
        bool,
        typer.Option(
            "--alt-text", help="Also print the alt text (SVG and PDF files carry it)."
        ),
    ] = False,
) -> None:
    """Draw activations and their derivatives to a PNG, SVG or PDF file."""
    from .spec import FigureSpec, parse_size

    activations = [*(activations or ()), *_expressions(expr or ())]
    given: dict[str, Any] = {
        "activations": tuple(activations) if activations else None,
        "derivative": derivative,
        "xlim": xlim,
        "ylim": ylim,
        "size": parse_size(size) if size is not None else None,
        "samples": samples,
        "dpi": dpi,
        "title": title,
        "legend": legend,
        "legend_loc": legend_loc,
        "theme": theme,
    }
    spec = FigureSpec.from_options({k: v for k, v in given.items() if v is not None})

    from .export import output_format

    if output is None:
        fmt = output_format(f"x.{format}" if format else "x.png")
        names = dict.fromkeys(a.name for a in spec.activations)
        output = "-".join(names) + f".{fmt}"
    fmt = output_format(output, format)

    from .export import save
    from .figures import figure

    path = save(figure(spec=spec), output, format=fmt)
    typer.echo(f"wrote {path}")
    if alt_text:
        from .alttext import alt_text as describe

        typer.echo(describe(spec))


def _expressions(texts: Any) -> list[str]:
    """Check that each ``--expr`` is NAME=EXPRESSION; `resolve` parses it."""
    from .activations import _NAMED_EXPRESSION

    for text in texts:
        if not _NAMED_EXPRESSION.match(text):
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
            help="Activations to show, e.g. elu gelu. Default: all.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """List the activations: formulas, derivatives and parameters."""
    import textwrap

    from .activations import alias_of, available, defaults, get
    from .errors import check_choice

    for name in names or ():
        check_choice("activation", name, available())
    shown = [n for n in available() if alias_of(n) is None]
    aliases = {n: [a for a in available() if alias_of(a) == n] for n in shown}
    if names:
        shown = list(dict.fromkeys(alias_of(n) or n for n in names))
    else:
        typer.echo(
            f"{len(shown)} activations, parameters with their defaults; "
            "f' via f: the derivative written through f."
        )
    for index, name in enumerate(shown):
        if index or not names:
            typer.echo("")
        act = get(name)
        params = ", ".join(f"{k}={v:g}" for k, v in defaults(name).items())
        header = f"{name}({params})" if params else name
        if aliases[name]:
            header += f"  (alias: {', '.join(aliases[name])})"
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


app.command("build")(build_command)


def main() -> None:
    """Entry point of the ``tanhplot`` console script."""
    app()
