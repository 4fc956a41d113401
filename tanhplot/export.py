"""Saving figures: format from the suffix, reproducible bytes, atomic writes.

Writing (`write_files`, `write_atomic`) and the SOURCE_DATE_EPOCH date
(`source_date`) need no matplotlib: it is imported only to draw (`save`,
`figure_bytes`), so a build with nothing to draw does not load it.
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
import os
import re
import secrets
import stat
import tempfile
import threading
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import TanhplotError, check_choice
from .spec import MAX_PIXELS, MIN_DPI, check_theme_format

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "FORMATS",
    "figure_bytes",
    "figure_image",
    "figure_pixels",
    "output_format",
    "process_alive",
    "remove_stale_temporary_files",
    "save",
    "source_date",
    "write_atomic",
    "write_files",
]

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
    if not alt_text:
        return None
    from .record import figure_alt_text

    return figure_alt_text(fig)


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


def _check_pgf(fig: Figure) -> None:
    """PGF output measures text with LaTeX: say so clearly when there is none."""
    import shutil

    import matplotlib

    with _save_context(fig):
        texsystem = str(matplotlib.rcParams["pgf.texsystem"])
    if shutil.which(texsystem) is None:
        raise TanhplotError(
            f"pgf output needs a LaTeX installation, but {texsystem!r} is not on "
            "PATH; install TeX Live (or MiKTeX), or write .pdf or .svg instead"
        )


@contextlib.contextmanager
def _save_context(fig: Figure) -> Iterator[None]:
    """The figure's own tanhplot style (read again at draw time) plus fixed
    hash salt, so ids in SVG files do not change between runs.

    The layout was fixed when the figure was built (`place.place_figure`
    leaves matplotlib's do-nothing placeholder engine): while saving, the
    figure has no engine at all, so that ``savefig`` draws it once, not
    twice (it draws a figure with any engine once more, to lay it out),
    and no style lays it out again. The placeholder is put back after."""
    import matplotlib
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    from .record import figure_style, in_style

    style = figure_style(fig)
    with contextlib.ExitStack() as stack:
        if style is not None:
            stack.enter_context(in_style(style))
        stack.enter_context(
            matplotlib.rc_context(
                {
                    "svg.hashsalt": "tanhplot",
                    "figure.autolayout": False,
                    "figure.constrained_layout.use": False,
                }
            )
        )
        engine = fig.get_layout_engine()
        if isinstance(engine, PlaceHolderLayoutEngine):
            fig.set_layout_engine(None)  # None, as the rcParams above say
            stack.callback(fig.set_layout_engine, engine)
        yield


#: Font tables that PDF font subsets leave out: the ones that lay text out
#: (substitutions, positioning, kerning, math layout). A PDF holds its
#: glyphs already placed (matplotlib placed them, reading the font file
#: itself) and no PDF viewer reads these tables, but subsetting DejaVu Sans'
#: GSUB and GPOS was a third of a PDF's save, and reading them a tenth.
_LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern")

#: One PDF save at a time changes fontTools' `load_font` (`_pdf_font_subsets`).
_SUBSET_LOCK = threading.Lock()


@contextlib.contextmanager
def _pdf_font_subsets() -> Iterator[None]:
    """While a PDF is written, the font subsets that matplotlib embeds
    (made by fontTools) leave out `_LAYOUT_TABLES`: same glyphs, same
    pictures, a smaller file made faster.

    matplotlib has no option for it: it loads each font with fontTools'
    ``subset.load_font``, which is wrapped here (and restored after, under a
    lock) to take those tables out of the loaded font before anything reads
    them. Should matplotlib load fonts otherwise, its subsets are its own.

    fontTools' warnings about the fonts' dates are held back meanwhile:
    matplotlib's Computer Modern fonts (formula labels) carry a date before
    1904 in their "head" table, and each PDF printed two lines about it."""
    from fontTools import subset

    dates = logging.getLogger(_FONT_DATES_LOGGER)
    with _SUBSET_LOCK:
        load = subset.load_font

        def load_font(*args: Any, **kwargs: Any) -> Any:
            font = load(*args, **kwargs)
            for tag in _LAYOUT_TABLES:
                if tag in font:
                    del font[tag]
            return font

        subset.load_font = load_font
        dates.addFilter(_no_record)
        try:
            yield
        finally:
            dates.removeFilter(_no_record)
            subset.load_font = load


#: The fontTools logger that warns of a font's odd dates (`_pdf_font_subsets`).
_FONT_DATES_LOGGER = "fontTools.ttLib.tables._h_e_a_d"


def _no_record(record: logging.LogRecord) -> bool:
    """A logging filter that lets nothing through."""
    return False


def _new_file_mode(path: Path) -> int:
    """Keep an existing file's permissions; new files get 0666 minus umask."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_png(fig: Figure, buffer: io.BytesIO, dpi: float) -> None:
    """*fig* as a PNG at *dpi*: drawn as matplotlib's ``savefig`` draws it,
    stored as RGB when every pixel is opaque (a quarter less to compress:
    about half the time of matplotlib's RGBA file, and a smaller file), with
    no metadata but the resolution."""
    buffer.write(_png_bytes(_rgba(fig, dpi), dpi))


def _png_bytes(rgba: Any, dpi: float) -> bytes:
    """A PNG file of *rgba* (an array of rows of RGBA pixels, 8 bits each,
    not premultiplied): RGB when every pixel is opaque, else RGBA; the
    resolution *dpi* and nothing else besides the pixels.

    Every row is stored unfiltered (`_deflate` compresses them). A figure
    is mostly runs of one colour, which deflate packs as they are: against
    Pillow's PNG (a filter chosen for each row, then the same compression)
    the file is ~10% smaller (the default figure: 64.6 kB against 71.2 kB)
    and takes under half the time on two cores (42 ms against 95 ms on a
    slow machine, the cheat sheet 190 ms against 420 ms).
    """
    import struct
    import zlib

    import numpy as np

    height, width, _ = rgba.shape
    opaque = bool(rgba[..., 3].min() == 255)
    pixels = rgba[..., :3] if opaque else rgba
    channels = pixels.shape[2]
    rows = np.empty((height, 1 + width * channels), dtype=np.uint8)
    rows[:, 0] = 0  # each row's filter: none
    rows[:, 1:].reshape(height, width, channels)[...] = pixels  # one copy
    per_metre = int(dpi / 0.0254 + 0.5)

    def chunk(kind: bytes, body: bytes) -> bytes:
        size, check = struct.pack(">I", len(body)), zlib.crc32(kind + body)
        return size + kind + body + struct.pack(">I", check)

    colour = 2 if opaque else 6  # truecolour, truecolour with alpha
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)),
            chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
            chunk(b"IDAT", _deflate(rows.reshape(-1).data)),
            chunk(b"IEND", b""),
        ]
    )


def _deflate(data: memoryview) -> bytes:
    """*data* as a zlib stream, at level 6, its two halves compressed at the
    same time (zlib lets go of the GIL): the second half without the first
    as its history, which costs a few bytes (16 for the default figure) and
    halves the time on two cores. Always two halves, whatever the machine,
    so that the bytes are the same everywhere."""
    import struct
    import zlib
    from concurrent.futures import ThreadPoolExecutor

    def raw(part: memoryview, last: bool) -> bytes:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)  # no header
        body = compressor.compress(part)
        # a sync flush ends the first half on a byte, with no final block
        return body + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)

    half = len(data) // 2
    with ThreadPoolExecutor(max_workers=1) as pool:
        first = pool.submit(raw, data[:half], False)
        second = raw(data[half:], True)
        body = first.result() + second
    # zlib's header for level 6 with a 32 kB window, then the Adler-32 sum
    return b"\x78\x9c" + body + struct.pack(">I", zlib.adler32(data))


def figure_image(fig: Figure, dpi: float | None = None) -> Any:
    """*fig* drawn as `save` draws a PNG (its style, at *dpi*, default the
    figure's), as a Pillow image: RGB when every pixel is opaque, else RGBA.
    For animation frames, which need the pixels and not a PNG file."""
    return pixels_image(figure_pixels(fig, dpi))


def figure_pixels(fig: Figure, dpi: float | None = None) -> Any:
    """`figure_image`'s pixels as drawn: an array of rows of RGBA pixels
    (height x width x 4, 8 bits, not premultiplied) of its own, which
    `pixels_image` makes the image of (a GIF does that in its encoding
    thread while the next frame is drawn)."""
    with _save_context(fig):
        return _rgba(fig, fig.dpi if dpi is None else dpi)


def pixels_image(rgba: Any) -> Any:
    """The Pillow image of *rgba* (`figure_pixels`): RGB when every pixel
    is opaque, else RGBA."""
    from PIL import Image

    image = Image.fromarray(rgba)  # RGBA: the last axis holds 4 bytes
    return image.convert("RGB") if rgba[..., 3].min() == 255 else image


def _rgba(fig: Figure, dpi: float) -> Any:
    """The pixels of `_write_png` and `figure_image`: an array of rows of
    RGBA pixels (height x width x 4, 8 bits, not premultiplied)."""
    import numpy as np

    raw = io.BytesIO()
    fig.savefig(raw, format="rgba", dpi=dpi)
    pixels = raw.getbuffer()
    # matplotlib truncates the size in pixels, after float arithmetic that
    # may land just below or above a whole number
    sizes = [
        (w, h)
        for w in {math.floor(fig.get_figwidth() * dpi + d) for d in (-1e-6, 1e-6)}
        for h in {math.floor(fig.get_figheight() * dpi + d) for d in (-1e-6, 1e-6)}
        if w * h * 4 == len(pixels)
    ]
    if not sizes:  # pragma: no cover - matplotlib's sizes
        raise RuntimeError(f"unexpected raster of {len(pixels)} bytes")
    width, height = sizes[0]
    return np.frombuffer(pixels, dtype=np.uint8).reshape(height, width, 4)


def figure_bytes(
    fig: Figure,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    dpi: float | None = None,
    alt_text: str | bool = True,
) -> bytes:
    """The file `save` would write to *path*, as bytes (nothing is written).

    *path* only names the file: its suffix gives the format unless *format*
    does, and messages name it. The other parameters are those of `save`.
    """
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise TanhplotError(f"expected a matplotlib Figure to save, got {fig!r}")
    from .record import figure_dark_twin, figure_spec

    target = Path(path)
    fmt = output_format(target, format)
    spec = figure_spec(fig)
    if spec is not None:
        check_theme_format(spec.theme, fmt)
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
    with (
        _save_context(fig),
        _pdf_font_subsets() if fmt == "pdf" else contextlib.nullcontext(),
    ):
        if fmt == "png":
            _write_png(fig, buffer, fig.dpi if dpi is None else dpi)
        else:
            fig.savefig(buffer, dpi="figure" if dpi is None else dpi, **options)
    data = buffer.getvalue()
    if fmt == "svg" and text:
        data = _add_svg_desc(data, text)
    dark = figure_dark_twin(fig)
    if dark is not None and fmt == "svg":
        from .colorscheme import adaptive_svg

        twin = figure_bytes(dark, target, format=fmt, dpi=dpi, alt_text=text or False)
        data = adaptive_svg(data, twin)
    return data


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
        Output file; missing parent folders are created. An existing path
        must be a regular file (or a link to one): folders, FIFOs, devices and
        links to them are refused, not replaced.
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

    A figure of theme ``"auto"`` is written as one SVG file in the light
    theme that turns dark under ``@media (prefers-color-scheme: dark)``
    (`tanhplot.colorscheme`); other formats are refused for it.

    Returns
    -------
    pathlib.Path
        The written path.

    Notes
    -----
    The figure is written to a temporary file in the same folder and moved
    over *path* with `os.replace`, so a failure never leaves a truncated file
    and never damages an existing one (see `write_files`). Dates and software
    versions are left out of the file, so the same figure gives the same
    bytes; when the ``SOURCE_DATE_EPOCH`` environment variable is set, SVG and
    PDF files carry that date.
    """
    data = figure_bytes(fig, path, format=format, dpi=dpi, alt_text=alt_text)
    return write_atomic(path, data)


# --------------------------------------------------------------------------
# Writing files: all of them or none
# --------------------------------------------------------------------------

#: Temporary files are ``.tanhplot-<pid>-<random>.tmp`` in the target's folder:
#: short whatever the target's name (a 255-character name still has room), and
#: the pid tells a later run whether the writer is gone (`remove_stale_...`).
_TEMP_PREFIX = ".tanhplot-"
_TEMP_SUFFIX = ".tmp"
_TEMP_NAME = re.compile(r"^\.tanhplot-(\d+)-[A-Za-z0-9_]+\.tmp$")


def _cannot(target: Path, exc: OSError) -> TanhplotError:
    return TanhplotError(f"cannot write {str(target)!r}: {exc.strerror or exc}")


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _check_target(target: Path) -> None:
    """Create *target*'s folder; refuse a *target* that exists and is not a
    regular file (following links: a link to /dev/stdout is refused)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = target.stat().st_mode
    except FileNotFoundError:
        return  # nothing there yet (or a dangling link, replaced like a file)
    except OSError as exc:
        raise _cannot(target, exc) from None
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    raise TanhplotError(
        f"cannot write {str(target)!r}: it is {kind}; tanhplot replaces only "
        "regular files (give a file name)"
    )


def _temporary(folder: Path) -> tuple[int, Path]:
    fd, name = tempfile.mkstemp(
        dir=folder, prefix=f"{_TEMP_PREFIX}{os.getpid()}-", suffix=_TEMP_SUFFIX
    )
    return fd, Path(name)


def _write_temporary(target: Path, data: bytes) -> Path:
    fd, tmp = _temporary(target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _new_file_mode(target))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _backup(target: Path) -> Path | None:
    """A hard link to the existing *target*, so a failed command can put it
    back; None when there is none or the file system has no hard links."""
    if not target.exists():
        return None
    backup = target.with_name(
        f"{_TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}{_TEMP_SUFFIX}"
    )
    try:
        os.link(target, backup)
    except OSError:
        return None
    return backup


_PathT = TypeVar("_PathT", bound="str | os.PathLike[str]")


def write_files(files: Mapping[_PathT, bytes]) -> list[Path]:
    """Write every file of *files* (path -> bytes), or none of them.

    Every target is checked first (an existing one must be a regular file),
    then every file is written to a temporary file next to its target, and
    only then are they all moved into place with `os.replace`. On failure the
    temporary files are removed and existing files are left as they were
    (those already replaced are put back). Missing parent folders are
    created; an existing file keeps its permissions.

    Returns
    -------
    list of pathlib.Path
        The targets, in the order given.

    Raises
    ------
    TanhplotError
        Naming the path that cannot be written and why.
    """
    targets = [(Path(path), data) for path, data in files.items()]
    for target, _ in targets:
        _check_target(target)
    temporaries: list[tuple[Path, Path]] = []
    replaced: list[tuple[Path, Path | None, bool]] = []
    current = targets[0][0] if targets else Path()
    try:
        for current, data in targets:
            temporaries.append((current, _write_temporary(current, data)))
        for current, tmp in temporaries:
            existed = current.exists()
            backup = _backup(current) if len(targets) > 1 else None
            os.replace(tmp, current)
            replaced.append((current, backup, existed))
    except BaseException as exc:
        for target, backup, existed in reversed(replaced):
            with contextlib.suppress(OSError):
                if backup is not None:
                    os.replace(backup, target)
                elif not existed:
                    target.unlink()
        for _, tmp in temporaries:
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _cannot(current, exc) from None
        raise
    finally:
        for _, backup, _ in replaced:
            if backup is not None:
                backup.unlink(missing_ok=True)
    return [target for target, _ in targets]


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write *data* to *path* through a temporary file and `os.replace`.

    Missing parent folders are created; an existing file keeps its
    permissions and is never left truncated. Raises `TanhplotError` naming the
    path when it cannot be written. See `write_files`.
    """
    return write_files({path: data})[0]


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process
        return True
    return True


def remove_stale_temporary_files(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files tanhplot left in *folder* when it was
    killed while writing: those named ``.tanhplot-<pid>-*.tmp`` whose process
    is gone. Returns what was removed; files it cannot remove are left."""
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        match = _TEMP_NAME.match(name)
        if match is None or process_alive(int(match.group(1))):
            continue
        path = Path(folder, name)
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed
