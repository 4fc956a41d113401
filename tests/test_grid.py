"""Panel grids: one centered-spine panel per activation, one shared legend."""

from __future__ import annotations

from pathlib import Path

import pytest
from images import compare
from legibility import overlapping_texts
from matplotlib.figure import Figure
from matplotlib.text import Text
from typer.testing import CliRunner

import tanhplot
from tanhplot import TanhplotError
from tanhplot.activations import alias_of
from tanhplot.cli import app
from tanhplot.place import drawn_tick_labels
from tanhplot.spec import auto_shape


@compare()
def test_two_panels() -> Figure:
    return tanhplot.grid("tanh", "sigmoid", mark_max_slope=True, asymptotes=True)


def test_titles_clear_the_power_of_ten_of_their_y_axis() -> None:
    # A panel whose y axis shows "1e-7" or "1e7" at its top keeps
    # matplotlib's automatic title, which moves up to clear it; the others
    # have theirs fixed at the top of the Axes.
    fig = tanhplot.grid("tanh", "tiny=1e-7*tanh(z)", "big=1e7 + tanh(z)")
    assert overlapping_texts(fig) == []
    offsets = [ax.yaxis.offsetText.get_text() for ax in fig.axes]
    assert offsets == ["", "1e\N{MINUS SIGN}7", "1e7"]
    tops = [ax._left_title.get_position()[1] for ax in fig.axes]
    assert tops[0] == 1.0 and tops[1] > 1.0 and tops[2] > 1.0


@pytest.mark.slow
def test_grid_of_everything_by_default() -> None:
    fig = tanhplot.grid()
    names = [n for n in tanhplot.available() if alias_of(n) is None]
    assert [ax.get_title(loc="left") for ax in fig.axes] == names
    assert len(fig.legends) == 1 and all(ax.get_legend() is None for ax in fig.axes)
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [
        "function",
        "derivative",
    ]
    for ax in fig.axes:
        assert ax.spines["left"].get_position() == ("data", 0.0)


@pytest.mark.parametrize(
    "count, shape",
    [(1, (1, 1)), (2, (1, 2)), (3, (1, 3)), (5, (2, 3)), (24, (4, 6)), (26, (4, 7))],
)
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
    assert [ax.get_title(loc="left") for ax in fig.axes] == [
        r"$\tanh(z)$",
        r"$\sigma(z)$",
    ]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["$f(z)$", "$f'(z)$"]


@pytest.mark.slow
def test_cheatsheet_is_one_pdf_page(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app, ["render", "--grid", "--all", "-o", "cheatsheet.pdf"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote cheatsheet.pdf\n"
    data = (tmp_path / "cheatsheet.pdf").read_bytes()
    assert (
        data.count(b"/Type /Page\n")
        + data.count(b"/Type /Page ")
        + data.count(b"/Type /Page>")
        == 1
        or data.count(b"/Type /Pages") == 1
    )


def test_all_and_names_conflict(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["render", "tanh", "--all", "-o", str(tmp_path / "x.png")]
    )
    assert result.exit_code == 2
    assert "give activation names or all (--all), not both" in result.stderr


@pytest.fixture(scope="module")
def annotated_cheatsheet() -> Figure:
    # identity and step have no maximum slope to mark, and say so
    with pytest.warns(UserWarning, match="no point of maximum slope"):
        fig = tanhplot.grid(mark_max_slope=True, asymptotes=True)
    fig.draw_without_rendering()
    return fig


def _marks_and_labels(ax):  # type: ignore[no-untyped-def]
    from tanhplot.annotate import ANNOTATION_GID, MARK_GID

    marks = [line for line in ax.get_lines() if line.get_gid() == MARK_GID]
    labels = [t for t in ax.texts if t.get_gid() == ANNOTATION_GID and t.get_visible()]
    return marks, labels


@pytest.mark.slow
def test_panel_labels_keep_off_the_other_panels(annotated_cheatsheet: Figure) -> None:
    fig = annotated_cheatsheet
    unlabelled = set()
    for ax in fig.axes:
        _, labels = _marks_and_labels(ax)
        if not labels:
            unlabelled.add(ax.get_title(loc="left"))
        for label in labels:
            box = Text.get_window_extent(label)  # the text, without its leader
            for other in fig.axes:
                if other is ax:
                    continue
                # what is there: the Axes, its tick labels, title and labels
                texts = [*drawn_tick_labels(other), *other.texts, other._left_title]
                areas = [other.bbox] + [
                    Text.get_window_extent(t)
                    for t in texts
                    if t.get_visible() and t.get_text()
                ]
                for area in areas:
                    assert not box.overlaps(area), (
                        label.get_text(),
                        other.get_title(loc="left"),
                    )
    # identity and step have no mark, nor have softplus, logsigmoid and
    # tanhshrink (their slope still rises at the panel's edge); every other
    # panel's mark is labelled (relu6's since the 30/60-degree candidates)
    assert unlabelled == {"identity", "step", "softplus", "logsigmoid", "tanhshrink"}
    assert overlapping_texts(fig) == []


@pytest.mark.slow
def test_no_tick_label_under_a_marked_point(annotated_cheatsheet: Figure) -> None:
    from tanhplot.annotate import MARK_GID
    from tanhplot.place import marker_boxes

    emptied = {}
    for ax in annotated_cheatsheet.axes:
        marks = list(marker_boxes(ax, gid=MARK_GID))
        for label in drawn_tick_labels(ax):
            if label.get_text():
                box = label.get_window_extent()
                assert not any(box.overlaps(m) for m in marks), label.get_text()
        texts = [t.get_text() for t in drawn_tick_labels(ax, "y")]
        emptied[ax.get_title(loc="left")] = "1.0" not in texts
    # hardtanh's (-1, 1) lies on the "1.0" left of its y axis: that label is
    # left out (the mark's label says 1); sigmoid's (0, 0.25) is on the axis,
    # clear of its labels, which stay
    assert emptied["hardtanh"]
    assert [t.get_text() for t in drawn_tick_labels(annotated_cheatsheet.axes[1], "y")]


@pytest.mark.slow
def test_cheat_sheet_draws_each_activation_once_and_what_defines_it() -> None:
    fig = tanhplot.grid()
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert "silu" in titles and "swish" not in titles  # swish is silu
    from tanhplot.activations import alias_of, available

    canonical = {name for name in available() if not alias_of(name)}
    assert len(titles) == len(set(titles)) and set(titles) == canonical
    ranges = dict(zip(titles, (ax.get_xlim() for ax in fig.axes), strict=True))
    assert ranges["relu6"][1] > 6.5  # its clamp at 6 shows: (-4, 8)
    assert -5 < ranges["relu6"][0] < -4  # from -4 as the others, plus margin
    assert ranges["tanh"][1] < 4.5  # nothing hidden, the shared range


def test_panel_titles_show_parameters_that_differ_from_the_defaults() -> None:
    fig = tanhplot.grid("leaky_relu(negative_slope=0.1)", "elu(alpha=1)")
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == ["leaky_relu(negative_slope=0.1)", "elu"]


def test_tick_refresh_falls_back_to_public_matplotlib(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`place.refresh_ticks` uses matplotlib's private ``Axis._update_ticks``;
    without it, the public way gives the same picture."""
    import tanhplot.place
    from tanhplot.export import figure_bytes

    def drawn() -> bytes:
        fig = tanhplot.grid("tanh", "relu", "step", "softplus", dpi=50)
        return figure_bytes(fig, "g.png")

    fast = drawn()
    monkeypatch.setattr(tanhplot.place, "_AXIS_UPDATE_TICKS", "_no_such_method")
    assert drawn() == fast
