"""Saving figures: format from the suffix, reproducible bytes, atomic writes."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.style
from matplotlib.figure import Figure

from .errors import TanhplotError, check_choice
from .figures import figure_spec, figure_style
from .spec import MAX_PIXELS, MIN_DPI

__all__ = ["FORMATS", "output_format", "save", "source_date", "write_atomic"]

#: Output formats tanhplot writes, by file suffix. PGF (for LaTeX documents)
#: needs the TeX system of ``pgf.texsystem`` (xelatex by default) to measure text.
FORMATS = ("png", "svg", "pdf", "pgf")

# Metadata that would otherwise carry the date or change between runs.
_METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": None},
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None},
}


def source_date() -> datetime | None:
    """The date of ``SOURCE_DATE_EPOCH`` (UTC), or None when it is not set.

    See https://reproducible-builds.org/specs/source-date-epoch/. SVG and PDF
    files carry this date; without the variable they carry none.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (ValueError, OverflowError, OSError):
        raise TanhplotError(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds since "
            f"1970-01-01 UTC, got {value!r}"
        ) from None


def _metadata(fmt: str, alt_text: str | None) -> dict[str, Any]:
    """Fixed metadata for *fmt*: the SOURCE_DATE_EPOCH date if set, the alt
    text as the title of SVG and PDF files."""
    metadata = dict(_METADATA[fmt])
    date = source_date()
    if date is not None and fmt == "svg":
        metadata["Date"] = date.isoformat()
    elif date is not None and fmt == "pdf":
        metadata["CreationDate"] = date
    if alt_text and fmt in ("svg", "pdf"):
        metadata["Title"] = alt_text
    return metadata


def _add_svg_desc(svg: bytes, alt_text: str) -> bytes:
    """Put ``<desc>`` right after the ``<title>`` matplotlib writes as the first
    child of the root ``<svg>`` (from the Title metadata)."""
    end = svg.find(b"</title>\n")
    if end < 0:  # pragma: no cover - matplotlib always writes the title
        raise RuntimeError("matplotlib wrote no <title> into the SVG file")
    end += len(b"</title>\n")
    desc = f" <desc>{escape(alt_text, quote=False)}</desc>\n".encode()
    return svg[:end] + desc + svg[end:]


def _alt_text(fig: Figure, alt_text: str | bool) -> str | None:
    if isinstance(alt_text, str):
        return alt_text or None
    spec = figure_spec(fig)
    if not alt_text or spec is None:
        return None
    from .alttext import alt_text as describe

    return describe(spec)


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
    alt_text: str | bool = True,
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
    alt_text : str or bool, default True
        A description of the figure for screen readers, written into SVG
        files as ``<title>`` and ``<desc>`` and into PDF files as the title.
        True generates it from the spec of a figure made by `tanhplot.figure`
        (see `tanhplot.alt_text`); False or ``""`` leaves it out. PNG files
        carry no alt text.

    Returns
    -------
    pathlib.Path
        The written path.

    Notes
    -----
    The figure is written to a temporary file in the same folder and moved
    over *path* with `os.replace`, so a failure never leaves a truncated file
    and never damages an existing one. Dates and software versions are left
    out of the file, so the same figure gives the same bytes; when the
    ``SOURCE_DATE_EPOCH`` environment variable is set, SVG and PDF files carry
    that date.
    """
    target = Path(path)
    fmt = output_format(target, format)
    if dpi is not None and (
        isinstance(dpi, bool) or not isinstance(dpi, int | float) or not dpi > 0
    ):
        raise TanhplotError(f"dpi must be a positive number, got {dpi!r}")
    if dpi is not None and dpi < MIN_DPI:
        raise TanhplotError(f"dpi must be at least {MIN_DPI:g}, got {dpi!r}")
    if fmt == "pgf":
        _check_pgf(fig)
    width, height = fig.get_size_inches() * (fig.dpi if dpi is None else dpi)
    if fmt == "png" and round(width) * round(height) > MAX_PIXELS:
        raise TanhplotError(
            f"{str(target)!r} would be {round(width)}x{round(height)} pixels; at "
            f"most {MAX_PIXELS // 1_000_000} megapixels (lower the dpi or the size)"
        )
    text = _alt_text(fig, alt_text) if fmt in ("svg", "pdf") else None
    options: dict[str, Any] = {"format": fmt}
    if fmt in _METADATA:
        options["metadata"] = _metadata(fmt, text)
    buffer = io.BytesIO()
    with _save_context(fig):
        fig.savefig(buffer, dpi="figure" if dpi is None else dpi, **options)
    data = buffer.getvalue()
    if fmt == "svg" and text:
        data = _add_svg_desc(data, text)
    return write_atomic(target, data)


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write *data* to *path* through a temporary file and `os.replace`.

    Missing parent folders are created; an existing file keeps its
    permissions and is never left truncated. Raises `TanhplotError` naming the
    path when it cannot be written.
    """
    target = Path(path)
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
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
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
