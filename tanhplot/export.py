"""Saving figures: format from the suffix, reproducible bytes, atomic writes."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.style
from matplotlib.figure import Figure

from .errors import TanhplotError, check_choice
from .figures import figure_style

__all__ = ["FORMATS", "output_format", "save"]

#: Output formats tanhplot writes, by file suffix. PGF (for LaTeX documents)
#: needs the TeX system of ``pgf.texsystem`` (xelatex by default) to measure text.
FORMATS = ("png", "svg", "pdf", "pgf")

# Metadata that would otherwise carry the date or change between runs.
_METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": None},
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None},
}


def _check_pgf(fig: Figure) -> None:
    """PGF output measures text with LaTeX: say so clearly when there is none."""
    with _save_context(fig):
        texsystem = str(matplotlib.rcParams["pgf.texsystem"])
    if shutil.which(texsystem) is None:
        raise TanhplotError(
            f"pgf output needs a LaTeX installation, but {texsystem!r} is not on "
            "PATH; install TeX Live (or MiKTeX), or write .pdf or .svg instead"
        )


def output_format(path: str | os.PathLike[str], format: str | None = None) -> str:
    """The format to write *path* in: *format* if given, else the suffix.

    Raises `TanhplotError` for an unsupported format, a missing suffix, or a
    suffix of a supported format that contradicts *format*.
    """
    suffix = Path(path).suffix.lower().lstrip(".")
    if format is not None:
        fmt = check_choice("format", format.lower().lstrip("."), FORMATS)
        if suffix in FORMATS and suffix != fmt:
            raise TanhplotError(
                f"format {fmt!r} does not match the suffix of {str(path)!r}; "
                f"use a .{fmt} file name or --format {suffix}"
            )
        return fmt
    if not suffix:
        raise TanhplotError(
            f"cannot tell the format of {str(path)!r}: give it a suffix "
            f"({', '.join('.' + f for f in FORMATS)}) or a format"
        )
    if suffix not in FORMATS:
        raise TanhplotError(
            f"unsupported format {suffix!r} of {str(path)!r} "
            f"(supported: {', '.join(FORMATS)})"
        )
    return suffix


@contextlib.contextmanager
def _save_context(fig: Figure) -> Iterator[None]:
    """The figure's own tanhplot style (read again at draw time) plus fixed
    hash salt, so ids in SVG files do not change between runs."""
    style = figure_style(fig)
    with contextlib.ExitStack() as stack:
        if style is not None:
            stack.enter_context(matplotlib.style.context(style))
        stack.enter_context(matplotlib.rc_context({"svg.hashsalt": "tanhplot"}))
        yield


def _new_file_mode(path: Path) -> int:
    """Keep an existing file's permissions; new files get 0666 minus umask."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def save(
    fig: Figure,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    dpi: float | None = None,
) -> Path:
    """Write *fig* to *path* atomically, with reproducible bytes.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, e.g. from `tanhplot.figure`.
    path : str or os.PathLike
        Output file; missing parent folders are created.
    format : {"png", "svg", "pdf", "pgf"}, optional
        Defaults to the suffix of *path*.
    dpi : float, optional
        Raster resolution; defaults to the figure's.

    Returns
    -------
    pathlib.Path
        The written path.

    Notes
    -----
    The figure is written to a temporary file in the same folder and moved
    over *path* with `os.replace`, so a failure never leaves a truncated file
    and never damages an existing one. Dates and software versions are left
    out of the file, so the same figure gives the same bytes.
    """
    target = Path(path)
    fmt = output_format(target, format)
    if dpi is not None and (
        isinstance(dpi, bool) or not isinstance(dpi, int | float) or not dpi > 0
    ):
        raise TanhplotError(f"dpi must be a positive number, got {dpi!r}")
    if fmt == "pgf":
        _check_pgf(fig)
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if target.is_dir():
            raise TanhplotError(f"cannot write {str(target)!r}: it is a folder")
        fd, tmp_name = tempfile.mkstemp(
            dir=folder, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise TanhplotError(
            f"cannot write {str(target)!r}: {exc.strerror or exc}"
        ) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle, _save_context(fig):
            options: dict[str, Any] = {"format": fmt}
            if fmt in _METADATA:
                options["metadata"] = _METADATA[fmt]
            fig.savefig(handle, dpi="figure" if dpi is None else dpi, **options)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _new_file_mode(target))
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise TanhplotError(
            f"cannot write {str(target)!r}: {exc.strerror or exc}"
        ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
