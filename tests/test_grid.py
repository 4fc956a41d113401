"""Panel grids: one centered-spine panel per activation, one shared legend."""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.figure import Figure
from typer.testing import CliRunner

import tanhplot
from tanhplot import TanhplotError
from tanhplot.cli import app
from tanhplot.spec import auto_shape


@pytest.mark.mpl_image_compare(tolerance=2)
def test_two_panels() -> Figure:
    return tanhplot.grid("tanh", "sigmoid", mark_max_slope=True, asymptotes=True)


def test_grid_of_everything_by_default() -> None:
    fig = tanhplot.grid()
    names = tanhplot.available()
    assert [ax.get_title(loc="left") for ax in fig.axes] == list(names)
    assert len(fig.legends) == 1 and all(ax.get_legend() is None for ax in fig.axes)
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["function", "derivative"]
    for ax in fig.axes:
        assert ax.spines["left"].get_position() == ("data", 0.0)


@pytest.mark.parametrize("count, shape", [(1, (1, 1)), (2, (1, 2)), (3, (1, 3)), (5, (2, 3)), (24, (4, 6)), (26, (4, 7))])
def test_automatic_shape(count: int, shape: tuple[int, int]) -> None:
    rows, cols = auto_shape(count)
    assert (rows, cols) == shape and rows * cols >= count and cols >= rows


def test_given_shape_and_size() -> None:
    fig = tanhplot.grid("tanh", "sigmoid", grid_shape=(2, 1))
    first, second = fig.axes
    assert first.get_position().y0 > second.get_position().y1
    assert tuple(fig.get_size_inches()) == pytest.approx((3.2, 2 * 3.2 * 0.75))
    fig = tanhplot.figure("tanh", "sigmoid", grid=True, grid_shape="1x3", size=(9, 3))
    assert len(fig.axes) == 2 and tuple(fig.get_size_inches()) == (9.0, 3.0)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"grid_shape": (1, 1)}, "grid_shape 1x1 has no room for 2 panels"),
        ({"grid_shape": "2by2"}, "grid shape must be ROWSxCOLUMNS"),
        ({"grid_shape": (0, 3)}, "no room"),
    ],
)
def test_bad_shapes(options: dict[str, object], message: str) -> None:
    with pytest.raises(TanhplotError, match=message):
        tanhplot.grid("tanh", "sigmoid", **options)


def test_shape_needs_grid() -> None:
    with pytest.raises(TanhplotError, match="grid_shape needs grid=True"):
        tanhplot.figure(grid_shape=(1, 2))


def test_formula_labels_in_a_grid() -> None:
    fig = tanhplot.grid("tanh", "sigmoid", labels="formula")
    assert [ax.get_title(loc="left") for ax in fig.axes] == [r"$\tanh(z)$", r"$\sigma(z)$"]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["$f(z)$", "$f'(z)$"]


def test_cheatsheet_is_one_pdf_page(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["render", "--grid", "--all", "-o", "cheatsheet.pdf"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote cheatsheet.pdf\n"
    data = (tmp_path / "cheatsheet.pdf").read_bytes()
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(
        b"/Type /Page>"
    ) == 1 or data.count(b"/Type /Pages") == 1


def test_all_and_names_conflict(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["render", "tanh", "--all", "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 2
    assert "give activation names or --all, not both" in result.stderr
