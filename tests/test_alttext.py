"""Alt text: facts computed from the figure's values, embedded in SVG and PDF
files, printed by `tanhplot render --alt-text`."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import tanhplot
from tanhplot import Activation, FigureSpec, alt_text
from tanhplot.cli import app

SVG = "{http://www.w3.org/2000/svg}"


def test_default_figure() -> None:
    assert alt_text(FigureSpec()) == (
        "Line plot of tanh(z) and its derivative 1 - tanh(z)^2 for z from -4 to 4; "
        "tanh rises from -1 to 1 and its derivative peaks at 1 at z = 0."
    )


def test_facts_come_from_the_values() -> None:
    # A bump centred at z = 1: the text must find its top there, and the
    # value at the ends, from the sampled curve.
    bump = Activation("bump", lambda z: 2.0 * np.exp(-((z - 1.0) ** 2)))
    text = alt_text(FigureSpec(activations=[bump], xlim=(-3, 3), derivative=False))
    assert text == (
        "Line plot of bump(z) for z from -3 to 3; bump rises from 0 to a maximum "
        "of 2 at z = 1, then falls to 0.04."
    )
    cube = Activation(
        "cube", lambda z: z**3, lambda z: 3 * z**2, text="z^3", derivative_text="3 z^2"
    )
    text = alt_text(FigureSpec(activations=[cube], xlim=(-2, 2)))
    assert "of z^3 and its derivative 3 z^2 for z from -2 to 2" in text
    assert "cube rises from -8 to 8" in text
    assert (
        "its derivative falls from 12 to a minimum of 0 at z = 0, then rises to 12"
        in text
    )


def test_falling_constant_and_wavy_curves() -> None:
    down = Activation("down", lambda z: -z)
    flat = Activation("flat", lambda z: np.full_like(z, 0.5))
    wave = Activation("wave", np.sin)
    text = alt_text(FigureSpec(activations=[down, flat, wave], xlim=(-6, 6)))
    assert text.startswith(
        "Line plot of down(z), flat(z) and wave(z) with their derivatives "
        "down'(z), flat'(z) and wave'(z) for z from -6 to 6; "
    )
    assert "down falls from 6 to -6 and its derivative is constant at -1" in text
    assert "flat is constant at 0.5 and its derivative is constant at 0" in text
    assert "wave ranges from -1 to 1" in text


def test_several_activations_title_and_no_derivative() -> None:
    text = alt_text(FigureSpec(activations=["tanh", "sigmoid"], title="Two"))
    assert text.startswith(
        'Line plot titled "Two" of tanh(z) and sigmoid(z) with their derivatives '
        "1 - tanh(z)^2 and sigmoid(z) (1 - sigmoid(z)) for z from -4 to 4; "
    )
    assert (
        "sigmoid rises from 0.02 to 0.98 and its derivative peaks at 0.25 at z = 0"
        in text
    )
    plain = alt_text(FigureSpec(activations=["sigmoid"], derivative=False))
    assert "derivative" not in plain


def test_undefined_values() -> None:
    nothing = Activation("nothing", lambda z: np.full_like(z, np.nan))
    assert "nothing is undefined on this range" in alt_text(
        FigureSpec(activations=[nothing], derivative=False)
    )


def _svg_title_desc(path: Path) -> tuple[str, str]:
    root = ET.parse(path).getroot()
    first, second = list(root)[:2]
    assert (first.tag, second.tag) == (f"{SVG}title", f"{SVG}desc")
    return first.text or "", second.text or ""


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"/Title ({escaped})".encode()


def test_svg_and_pdf_carry_the_alt_text(tmp_path: Path) -> None:
    spec = FigureSpec(activations=["sigmoid"], title="A & <B>")
    fig = tanhplot.figure(spec=spec)
    expected = alt_text(spec)
    assert "&" in expected and "<B>" in expected  # escaping is exercised
    assert _svg_title_desc(tanhplot.save(fig, tmp_path / "a.svg")) == (
        expected,
        expected,
    )
    assert _pdf_string(expected) in tanhplot.save(fig, tmp_path / "a.pdf").read_bytes()


def test_alt_text_argument(tmp_path: Path) -> None:
    fig = tanhplot.figure()
    svg = tanhplot.save(fig, tmp_path / "a.svg", alt_text="My own words")
    assert _svg_title_desc(svg) == ("My own words", "My own words")
    assert (
        _pdf_string("My own words")
        in tanhplot.save(fig, tmp_path / "a.pdf", alt_text="My own words").read_bytes()
    )
    bare = tanhplot.save(fig, tmp_path / "b.svg", alt_text=False).read_bytes()
    assert b"<title>" not in bare and b"<desc>" not in bare
    assert (
        b"/Title"
        not in tanhplot.save(fig, tmp_path / "b.pdf", alt_text=False).read_bytes()
    )
    # PNG files carry no alt text: the bytes do not depend on it.
    png = [
        tanhplot.save(fig, tmp_path / f"{i}.png", alt_text=a).read_bytes()
        for i, a in enumerate([True, False, "words"])
    ]
    assert png[0] == png[1] == png[2]


def test_figures_not_made_by_tanhplot_have_none(tmp_path: Path) -> None:
    from matplotlib.figure import Figure

    fig = Figure()
    fig.subplots().plot([0, 1])
    assert b"<desc>" not in tanhplot.save(fig, tmp_path / "a.svg").read_bytes()


def test_render_prints_and_embeds_it(tmp_path: Path) -> None:
    out = tmp_path / "s.svg"
    result = CliRunner().invoke(
        app, ["render", "sigmoid", "-o", str(out), "--alt-text"]
    )
    assert result.exit_code == 0, result.output
    expected = alt_text(FigureSpec(activations=["sigmoid"]))
    assert result.stdout == f"wrote {out}\n{expected}\n"
    assert _svg_title_desc(out) == (expected, expected)


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_render_without_the_flag_still_embeds_it(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"t.{fmt}"
    result = CliRunner().invoke(app, ["render", "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == f"wrote {out}\n"
    assert b"its derivative peaks at 1 at z = 0." in out.read_bytes()
