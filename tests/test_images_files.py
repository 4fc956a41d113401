"""SVG and PDF files that `tanhplot.save` writes, as their readers draw them.

Chromium draws each SVG and poppler's pdftoppm each PDF at 192 dpi, and the
picture is compared EXACTLY (images.compare, tolerance 0) with a baseline.
Both renderers draw a given file bit for bit the same on every run (measured:
Chromium 156, poppler 22.12), but not across their versions, so a baseline's
name carries the renderer's major version (`..._chromium156.png`). With a
renderer missing, or of a version that has no baselines, the test is skipped
with "NOT CHECKED: ...", which conftest.py repeats at the end of the run.

What pixels cannot show is asserted on the same files: the alt text
(<title>/<desc> in SVG), TrueType (Type 42) fonts in PDF, and no dates.

Regenerate (look at every picture first):
    pytest tests/test_images_files.py --mpl-generate-path=baseline_images
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from consumers import (
    CHROMIUM,
    DPI,
    NOT_CHECKED,
    PDFTOPPM,
    REQUIRED,
    chromium_png,
    poppler_png,
    version,
)
from images import compare
from matplotlib.figure import Figure
from PIL import Image

import tanhplot

ROOT = Path(__file__).resolve().parent.parent
BASELINES = ROOT / "baseline_images"

FIGURES: dict[str, Callable[[], Figure]] = {
    "default": tanhplot.figure,
    "dark": lambda: tanhplot.figure("tanh", "sigmoid", theme="dark"),
    "cvpr": lambda: tanhplot.figure(
        "tanh", "sigmoid", theme="paper", venue="cvpr", labels="formula"
    ),
    "marks": lambda: tanhplot.figure(
        "tanh",
        "sigmoid",
        "gelu",
        axis_labels=True,
        arrows=True,
        asymptotes=True,
        mark_max_slope=True,
    ),
}

CHROMIUM_VERSION = version(CHROMIUM)
POPPLER_VERSION = version(PDFTOPPM)


def _skip_unless_checkable(
    kind: str, filename: str, renderer: str | None, request: pytest.FixtureRequest
) -> None:
    """Skip loudly when the baseline cannot be checked here."""
    if renderer is None:
        if REQUIRED:
            pytest.fail(
                f"the {kind} renderer is required (TANHPLOT_REQUIRE_CONSUMERS=1)"
            )
        pytest.skip(f"{NOT_CHECKED} the {kind} renderer is not installed")
    generating = request.config.getoption("--mpl-generate-path", None)
    if not generating and not (BASELINES / filename).exists():
        pytest.skip(f"{NOT_CHECKED} no {kind} baselines for {renderer}")


def _as_figure(png: Path) -> Figure:
    """The renderer's raster, pixel for pixel, as a figure for pytest-mpl."""
    with Image.open(png) as image:
        pixels = np.asarray(image.convert("RGB"))
    height, width = pixels.shape[:2]
    fig = Figure(figsize=(width / 100, height / 100), dpi=100)
    fig.figimage(pixels, origin="upper")
    return fig


def _size(fig: Figure) -> tuple[int, int]:
    width, height = fig.get_size_inches()
    return round(width * DPI), round(height * DPI)


def _svg_picture(name: str, folder: Path) -> Figure:
    fig = FIGURES[name]()
    svg = tanhplot.save(fig, folder / "figure.svg")
    text = svg.read_text()
    assert re.search(r"<title>[^<]+</title>", text), "SVG without alt text"
    assert re.search(r"<desc>[^<]+</desc>", text), "SVG without a description"
    assert "<dc:date>" not in text
    return _as_figure(chromium_png(svg, folder / "shot.png", _size(fig)))


def _pdf_picture(name: str, folder: Path) -> Figure:
    pdf = tanhplot.save(FIGURES[name](), folder / "figure.pdf")
    data = pdf.read_bytes()
    assert b"/CreationDate" not in data and b"/ModDate" not in data
    assert b"/FontFile2" in data, "PDF without embedded TrueType (Type 42) fonts"
    assert b"/Subtype /Type3" not in data, "PDF with Type 3 fonts"
    return _as_figure(poppler_png(pdf, folder / "page.png"))


RENDERERS = {
    "svg": (CHROMIUM_VERSION, _svg_picture),
    "pdf": (POPPLER_VERSION, _pdf_picture),
}


def _make_test(kind: str, name: str) -> Callable[..., Figure]:
    """One exact image test per (kind, figure), named with the renderer's
    version: pytest-mpl names a baseline after the test's full name."""
    renderer, picture = RENDERERS[kind]
    test_name = f"test_{kind}_{name}_{renderer}"
    filename = f"test_images_files.{test_name}.png"

    @pytest.mark.slow
    @compare()
    def test(tmp_path: Path, request: pytest.FixtureRequest) -> Figure:
        _skip_unless_checkable(kind, filename, renderer, request)
        return picture(name, tmp_path)

    test.__name__ = test.__qualname__ = test_name
    test.__doc__ = f"{kind.upper()} of the {name!r} figure, drawn by {renderer}."
    return test


for _kind in RENDERERS:
    for _name in FIGURES:
        _test = _make_test(_kind, _name)
        globals()[_test.__name__] = _test
