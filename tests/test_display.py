"""Figures show themselves in notebooks: rich display without pyplot."""

from __future__ import annotations

import subprocess
import sys
from html import escape

import pytest

import tanhplot


def _check(fig: object) -> None:
    data, metadata = fig._repr_mimebundle_()  # type: ignore[attr-defined]
    alt = tanhplot.alt_text(fig)
    assert data["image/png"].startswith(b"\x89PNG")
    assert data["image/svg+xml"].lstrip().startswith("<?xml")
    assert f"<desc>{escape(alt, quote=False)}</desc>" in data["image/svg+xml"]
    assert metadata["image/png"]["alt"] == alt
    assert metadata["image/svg+xml"]["alt"] == alt
    assert data["text/plain"] == alt


def test_single_grid_and_card_display() -> None:
    _check(tanhplot.figure())
    _check(tanhplot.grid("tanh", "relu"))
    _check(tanhplot.formula_card("sigmoid"))


def test_include_exclude() -> None:
    fig = tanhplot.figure()
    data, metadata = fig._repr_mimebundle_(include=["image/png"])
    assert set(data) == {"image/png"} and set(metadata) == {"image/png"}
    data, _ = fig._repr_mimebundle_(exclude=["image/png"])
    assert "image/png" not in data and "image/svg+xml" in data


@pytest.mark.slow
def test_nothing_registered_at_import() -> None:
    """Importing and drawing registers no display hook and imports no pyplot."""
    code = (
        "import sys, tanhplot; tanhplot.figure()._repr_mimebundle_(); "
        "assert 'matplotlib.pyplot' not in sys.modules; "
        "assert 'IPython' not in sys.modules; print('ok')"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "ok"
