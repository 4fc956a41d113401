"""save(): format from suffix, atomic writes, reproducible bytes."""

from __future__ import annotations

import hashlib
import io
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from matplotlib.figure import Figure

import tanhplot
from tanhplot import TanhplotError
from tanhplot.export import output_format

MAGIC = {"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}


@pytest.fixture(scope="module")
def fig() -> Figure:
    return tanhplot.figure()


@pytest.mark.parametrize("fmt", sorted(MAGIC))
def test_format_from_suffix(fig: Figure, tmp_path: Path, fmt: str) -> None:
    path = tanhplot.save(fig, tmp_path / f"tanh.{fmt}")
    assert path.read_bytes().startswith(MAGIC[fmt])


def test_format_argument_and_uppercase_suffix(fig: Figure, tmp_path: Path) -> None:
    assert tanhplot.save(fig, tmp_path / "a.PDF").read_bytes().startswith(b"%PDF")
    out = tanhplot.save(fig, tmp_path / "figure", format="svg")
    assert out.read_bytes().startswith(b"<?xml")


@pytest.mark.parametrize(
    "path, fmt, message",
    [
        ("x.jpg", None, "unsupported format 'jpg'.*supported: png, svg, pdf"),
        ("x", None, "cannot tell the format"),
        ("x.png", "svg", "does not match the suffix"),
        ("x.png", "gif", "unknown format 'gif'"),
    ],
)
def test_bad_formats(path: str, fmt: str | None, message: str) -> None:
    with pytest.raises(TanhplotError, match=message):
        output_format(path, fmt)


def test_parent_folders_are_created(fig: Figure, tmp_path: Path) -> None:
    path = tanhplot.save(fig, tmp_path / "a" / "b" / "tanh.png")
    assert path.is_file()


@pytest.mark.slow
def test_same_figure_same_bytes(tmp_path: Path) -> None:
    for fmt in MAGIC:
        a = tanhplot.save(tanhplot.figure(), tmp_path / f"a.{fmt}").read_bytes()
        b = tanhplot.save(tanhplot.figure(), tmp_path / f"b.{fmt}").read_bytes()
        assert hashlib.sha256(a).digest() == hashlib.sha256(b).digest(), fmt


def test_no_dates_in_files(fig: Figure, tmp_path: Path) -> None:
    assert b"<dc:date>" not in tanhplot.save(fig, tmp_path / "a.svg").read_bytes()
    assert b"/CreationDate" not in tanhplot.save(fig, tmp_path / "a.pdf").read_bytes()
    assert b"Software" not in tanhplot.save(fig, tmp_path / "a.png").read_bytes()


def _pdf_fonts(data: bytes) -> list[Any]:
    """The TrueType fonts embedded in a PDF of matplotlib's (FontFile2
    streams, which carry a /Length1), opened with fontTools."""
    import re
    import zlib

    from fontTools.ttLib import TTFont

    fonts = []
    for match in re.finditer(rb"/Length1 \d+.*?stream\r?\n", data, re.DOTALL):
        raw = zlib.decompressobj().decompress(data[match.end() :])
        fonts.append(TTFont(io.BytesIO(raw)))
    return fonts


@pytest.mark.parametrize("theme", ["light", "paper"])
def test_pdf_fonts_leave_out_layout_tables(tmp_path: Path, theme: str) -> None:
    # The PDF's text is placed already: the subsets keep the glyphs and drop
    # what lays text out (subsetting DejaVu's GSUB/GPOS was a third of a save)
    from fontTools import subset

    from tanhplot.export import _LAYOUT_TABLES

    load = subset.load_font
    data = tanhplot.save(tanhplot.figure(theme=theme), tmp_path / "a.pdf").read_bytes()
    fonts = _pdf_fonts(data)
    assert fonts
    for font in fonts:
        assert not set(_LAYOUT_TABLES) & set(font.keys()), sorted(font.keys())
        assert {"glyf", "loca", "hmtx", "cmap"} <= set(font.keys())
        assert font["maxp"].numGlyphs > 5  # "z", digits, the minus sign
    assert subset.load_font is load  # left as it was


def test_pdf_font_layout_tables_are_never_read() -> None:
    # Taken out as the font is loaded: fontTools' subsetter reads GDEF, GSUB
    # and GPOS before it drops the tables its options name.
    from fontTools import subset
    from matplotlib import font_manager

    from tanhplot.export import _pdf_font_subsets

    path = font_manager.findfont("DejaVu Sans")
    with subset.load_font(path, subset.Options()) as font:
        assert "GSUB" in font
    with _pdf_font_subsets(), subset.load_font(path, subset.Options()) as font:
        assert "GSUB" not in font and "GPOS" not in font and "GDEF" not in font
        assert "glyf" in font


def test_pdf_with_formulas_logs_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Computer Modern (matplotlib's formula font) dates itself before 1904:
    # fontTools logged a warning of it, twice per font, at every PDF (which
    # Python prints on stderr where logging is not set up)
    import logging

    from tanhplot.export import _FONT_DATES_LOGGER

    fig = tanhplot.grid("tanh", "gelu", labels="formula")
    with caplog.at_level(logging.WARNING):
        tanhplot.save(fig, tmp_path / "a.pdf")
    assert caplog.records == []
    assert b"Cmsy10" in (tmp_path / "a.pdf").read_bytes()  # the font was there
    assert not logging.getLogger(_FONT_DATES_LOGGER).filters  # left as it was


class Boom(RuntimeError):
    pass


def test_pdf_font_subsets_restored_after_an_error() -> None:
    from fontTools import subset

    from tanhplot.export import _pdf_font_subsets

    load = subset.load_font
    with pytest.raises(Boom), _pdf_font_subsets():
        assert subset.load_font is not load
        raise Boom
    assert subset.load_font is load


def test_failed_render_leaves_existing_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "tanh.png"
    path.write_bytes(b"precious")
    fig = tanhplot.figure()

    def explode(*args: object, **kwargs: object) -> None:
        raise Boom("renderer failed")

    fig.axes[0].get_lines()[0].draw = explode  # type: ignore[method-assign]
    with pytest.raises(Boom):
        tanhplot.save(fig, path)
    assert path.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tanh.png"]


def test_unwritable_folder_is_a_clear_error(fig: Figure, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        target = Path("/proc/tanhplot-test/x.png")  # not writable even for root
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = locked / "x.png"
    with pytest.raises(TanhplotError, match="cannot write"):
        tanhplot.save(fig, target)


def test_folder_as_output_is_a_clear_error(fig: Figure, tmp_path: Path) -> None:
    (tmp_path / "out.png").mkdir()
    with pytest.raises(TanhplotError, match="it is a folder"):
        tanhplot.save(fig, tmp_path / "out.png")


def test_permissions_follow_umask_and_existing_files(
    fig: Figure, tmp_path: Path
) -> None:
    old = os.umask(0o022)
    try:
        path = tanhplot.save(fig, tmp_path / "new.png")
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        path.chmod(0o600)
        tanhplot.save(fig, path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_dpi(fig: Figure, tmp_path: Path) -> None:
    from PIL import Image

    with Image.open(tanhplot.save(fig, tmp_path / "a.png", dpi=50)) as image:
        assert image.size == (450, 250)
    with pytest.raises(TanhplotError, match="dpi must be a positive number"):
        tanhplot.save(fig, tmp_path / "b.png", dpi=0)


# --------------------------------------------------------------------------
# Writing: all files of a command or none, special files, temporary names
# --------------------------------------------------------------------------

from tanhplot.export import remove_stale_temporary_files, write_files  # noqa: E402


def _dead_pid() -> int:
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_write_files_writes_none_when_one_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "a.svg").write_bytes(b"precious")
    (tmp_path / "a-dark.svg").mkdir()
    with pytest.raises(TanhplotError, match=r"a-dark\.svg.*it is a folder"):
        write_files({tmp_path / "a.svg": b"new", tmp_path / "a-dark.svg": b"new"})
    assert (tmp_path / "a.svg").read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-dark.svg", "a.svg"]


def test_write_files_puts_back_what_it_replaced_when_a_move_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    first.write_bytes(b"precious")
    real_replace = os.replace

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == second:
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(
        TanhplotError, match=r"cannot write .*b\.png.*Permission denied"
    ):
        write_files({first: b"new", second: b"new"})
    monkeypatch.undo()
    assert first.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png"]


def test_write_files_writes_all(tmp_path: Path) -> None:
    written = write_files({tmp_path / "a.txt": b"a", tmp_path / "sub" / "b.txt": b"b"})
    assert [p.read_bytes() for p in written] == [b"a", b"b"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "sub"]


@pytest.mark.parametrize("kind", ["fifo", "device", "link to /dev/null"])
def test_special_files_are_refused_not_replaced(
    fig: Figure, tmp_path: Path, kind: str
) -> None:
    target = tmp_path / "out.png"
    expected = "character device"
    if kind == "fifo":
        os.mkfifo(target)
        expected = "FIFO"
    elif kind == "device":
        target = Path("/dev/null")
    else:
        target.symlink_to("/dev/null")
    with pytest.raises(TanhplotError, match=f"cannot write .*it is a {expected}"):
        tanhplot.save(fig, target, format="png")
    assert not target.is_file()
    if kind == "link to /dev/null":
        assert target.is_symlink()
    assert [p.name for p in tmp_path.iterdir()] == (
        [] if kind == "device" else ["out.png"]
    )


def test_a_255_character_name_is_written(fig: Figure, tmp_path: Path) -> None:
    name = "t" * (255 - len(".png")) + ".png"
    assert tanhplot.save(fig, tmp_path / name).read_bytes().startswith(MAGIC["png"])
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_stale_temporary_files_of_dead_writers_are_removed(tmp_path: Path) -> None:
    dead = tmp_path / f".tanhplot-{_dead_pid()}-abcd1234.tmp"
    live = tmp_path / f".tanhplot-{os.getpid()}-abcd1234.tmp"
    other = tmp_path / ".other-1-abcd.tmp"
    for path in (dead, live, other):
        path.write_bytes(b"partial")
    assert remove_stale_temporary_files(tmp_path) == [dead]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name])


def test_png_is_rgb_when_opaque_and_keeps_alpha_when_transparent(
    tmp_path: Path,
) -> None:
    from PIL import Image

    opaque = tanhplot.save(tanhplot.figure(), tmp_path / "o.png")
    clear = tanhplot.save(tanhplot.figure(transparent=True), tmp_path / "t.png")
    card = tanhplot.save(tanhplot.formula_card("tanh"), tmp_path / "c.png", dpi=192)
    with Image.open(opaque) as o, Image.open(clear) as t, Image.open(card) as c:
        assert (o.mode, o.size, round(o.info["dpi"][0])) == ("RGB", (1800, 1000), 200)
        assert t.mode == "RGBA" and t.getchannel("A").getextrema()[0] == 0
        assert c.mode == "RGB"  # a size that is no whole number of pixels


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """The chunks of a PNG file, each checked against its CRC."""
    import struct
    import zlib

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        (size,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + size]
        (check,) = struct.unpack(">I", data[at + 8 + size : at + 12 + size])
        assert zlib.crc32(kind + body) == check, kind
        chunks.append((kind, body))
        at += 12 + size
    return chunks


@pytest.mark.parametrize("transparent", [False, True])
def test_png_holds_the_drawn_pixels_and_the_resolution(transparent: bool) -> None:
    """Read without Pillow: a valid PNG (every CRC, one zlib stream) of the
    pixels matplotlib drew, unfiltered rows, 8 bits, the dpi in pHYs."""
    import struct
    import zlib

    import numpy as np

    from tanhplot.export import figure_bytes, figure_image

    fig = tanhplot.figure(transparent=transparent)
    data = figure_bytes(fig, "a.png", dpi=150)
    chunks = _png_chunks(data)
    assert [kind for kind, _ in chunks] == [b"IHDR", b"pHYs", b"IDAT", b"IEND"]
    width, height, depth, colour, *rest = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (width, height, depth, colour, rest) == (
        1350,
        750,
        8,
        6 if transparent else 2,
        [0, 0, 0],
    )
    assert struct.unpack(">IIB", chunks[1][1]) == (5906, 5906, 1)  # 150 dpi
    channels = 4 if transparent else 3
    rows = np.frombuffer(zlib.decompress(chunks[2][1]), dtype=np.uint8)
    rows = rows.reshape(height, 1 + width * channels)
    assert not rows[:, 0].any()  # no filter on any row
    drawn = np.asarray(figure_image(fig, dpi=150))
    assert np.array_equal(rows[:, 1:].reshape(height, width, channels), drawn)


def test_png_is_smaller_than_pillows() -> None:
    """Unfiltered rows pack better than Pillow's filter per row (same
    zlib level) for a figure: ~10% smaller."""
    from tanhplot.export import figure_bytes, figure_image

    for fig in (tanhplot.figure(), tanhplot.grid("tanh", "relu", theme="dark")):
        ours = figure_bytes(fig, "a.png")
        pillows = io.BytesIO()
        figure_image(fig).save(pillows, format="png", compress_level=6)
        assert len(ours) < 0.95 * len(pillows.getvalue())


@pytest.mark.parametrize(
    "make",
    [
        tanhplot.figure,
        lambda: tanhplot.figure(venue="icml", title="A title"),
        lambda: tanhplot.grid("tanh", "sigmoid", "relu"),
        lambda: tanhplot.formula_card("tanh"),
    ],
    ids=["figure", "venue", "grid", "card"],
)
@pytest.mark.parametrize("fmt", sorted(MAGIC))
def test_a_save_draws_the_figure_once(
    make: Any, fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the layout ran once when the figure was built; matplotlib draws a
    # figure with any layout engine (even the placeholder that
    # set_layout_engine("none") leaves) twice per savefig, so save removes
    # it while saving
    built = make()
    engine = built.get_layout_engine()
    draws: list[str] = []
    original = Figure.draw

    def counted(self: Figure, renderer: Any) -> None:
        draws.append(type(renderer).__name__)
        original(self, renderer)

    monkeypatch.setattr(Figure, "draw", counted)
    tanhplot.save(built, tmp_path / f"f.{fmt}")
    assert len(draws) == 1, draws
    assert built.get_layout_engine() is engine  # put back


def test_saves_never_lay_the_figure_out_again(tmp_path: Path) -> None:
    # matplotlib's savefig restores "no engine" as "the engine rcParams ask
    # for", and a venue's style asks for constrained layout: a later save
    # must not move the Axes from under the labels placed for them
    built = tanhplot.figure("tanh", "sigmoid", venue="cvpr", labels="formula")
    engine, (ax,) = built.get_layout_engine(), built.axes
    where = ax.get_position().bounds
    for name, dpi in (("a.png", 192), ("a.svg", None), ("a.pdf", None)) * 2:
        tanhplot.save(built, tmp_path / name, dpi=dpi)
        assert built.get_layout_engine() is engine
        assert ax.get_position().bounds == where, name
