"""Real consumers of tanhplot's vector files, shared by the tests that use
them: headless Chromium for SVG, poppler's pdftoppm for PDF.

Without a renderer its tests are skipped with a reason that begins
``NOT CHECKED:``, and conftest.py repeats every such skip at the end of the
run, so a local run says loudly what it did not check. With
TANHPLOT_REQUIRE_CONSUMERS=1 (set by .ci/run, which installs both) a missing
renderer is an error instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

SCALE = 2  # device pixels per CSS pixel
DPI = 96 * SCALE  # CSS has 96 px per inch: an SVG's pt sizes map to 96 px/in
NOT_CHECKED = "NOT CHECKED:"

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOPPM = shutil.which("pdftoppm")
# .ci/run installs both and sets this, so that CI fails instead of skipping.
REQUIRED = os.environ.get("TANHPLOT_REQUIRE_CONSUMERS") == "1"


def _needs(tool: str | None, package: str) -> pytest.MarkDecorator:
    if tool is None and REQUIRED:
        pytest.fail(f"{package} is required (TANHPLOT_REQUIRE_CONSUMERS=1)")
    return pytest.mark.skipif(
        tool is None, reason=f"{NOT_CHECKED} {package} is not installed"
    )


needs_chromium = _needs(CHROMIUM, "chromium")
needs_pdftoppm = _needs(PDFTOPPM, "poppler-utils (pdftoppm)")


#: Blink's preferred colour scheme: what ``prefers-color-scheme`` matches.
SCHEMES = {"dark": 0, "light": 1}


def chromium_png(
    svg: Path,
    out: Path,
    size: tuple[int, int],
    scheme: str = "light",
    flags: tuple[str, ...] = (),
) -> Path:
    """Chromium's screenshot of *svg*, cropped to *size* device pixels, for a
    reader who prefers the colour *scheme* (``light`` or ``dark``), with
    Chromium's other command-line *flags*."""
    assert CHROMIUM is not None
    subprocess.run(
        [
            CHROMIUM,
            *flags,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={out.parent / 'chromium-profile'}",
            f"--force-device-scale-factor={SCALE}",
            f"--blink-settings=preferredColorScheme={SCHEMES[scheme]}",
            # Headless Chromium shows only part of a page in a small window:
            # take a roomy one and crop the figure from its top left corner.
            f"--window-size={max(800, size[0] // SCALE + 1)},"
            f"{max(600, size[1] // SCALE + 1)}",
            f"--screenshot={out}",
            svg.resolve().as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    with Image.open(out) as shot:
        shot.crop((0, 0, *size)).save(out)
    return out


def chromium_dom(page: str) -> str:
    """The page's DOM after its scripts ran in headless Chromium."""
    assert CHROMIUM is not None
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--dump-dom",
            page,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return result.stdout


def poppler_png(pdf: Path, out: Path) -> Path:
    assert PDFTOPPM is not None
    subprocess.run(
        [
            PDFTOPPM,
            "-r",
            str(DPI),
            "-png",
            "-singlefile",
            str(pdf),
            str(out.with_suffix("")),
        ],
        check=True,
        timeout=120,
    )
    return out


def version(tool: str | None) -> str | None:
    """The major version of a renderer (``chromium156``, ``poppler22``), the
    part of its name that exact baselines of its pictures carry."""
    if tool is None:
        return None
    run = subprocess.run(
        [tool, "--version" if tool == CHROMIUM else "-v"],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    found = re.search(r"(\d+)\.\d+", run.stdout + run.stderr)
    name = "chromium" if tool == CHROMIUM else "poppler"
    return None if found is None else f"{name}{found.group(1)}"
