"""Figure-level: the default figure, options, and no global state."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections import Counter
from collections.abc import Callable

import matplotlib
import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.text import Text

import tanhplot
from tanhplot import FigureSpec, TanhplotError


def test_default_figure_is_the_seed_figure() -> None:
    fig = tanhplot.figure()
    assert isinstance(fig, Figure)
    assert tuple(fig.get_size_inches()) == (9.0, 5.0)
    (ax,) = fig.axes
    function, derivative = ax.get_lines()
    assert to_hex(function.get_color()) == "#307ec7"
    assert to_hex(derivative.get_color()) == "#9621e2"
    assert function.get_linewidth() == derivative.get_linewidth() == 3
    assert function.get_label() == "tanh" and derivative.get_label() == "derivative"
    assert function.get_xdata()[0] == -4 and function.get_xdata()[-1] == 4
    assert not ax.get_legend().get_frame_on()


@pytest.mark.parametrize(
    "build",
    [
        lambda: tanhplot.figure(title="tanh"),
        lambda: tanhplot.grid("tanh", "sigmoid", "relu", "gelu"),
    ],
    ids=["figure with a title", "grid"],
)
def test_a_draw_measures_each_tick_label_once(
    build: Callable[[], Figure], monkeypatch: pytest.MonkeyPatch
) -> None:
    # matplotlib places an automatic title or axis label by measuring the
    # tick labels again (at every layout pass and draw); tanhplot fixes
    # both, so a draw measures each tick label once, for the offset text.
    fig = build()
    measured: Counter[int] = Counter()
    measure = Text.get_window_extent

    def counted(text: Text, *args: object, **kwargs: object) -> object:
        measured[id(text)] += 1
        return measure(text, *args, **kwargs)

    monkeypatch.setattr(Text, "get_window_extent", counted)
    fig.canvas.draw()
    labels = [
        label
        for ax in fig.axes
        for axis in (ax.xaxis, ax.yaxis)
        for label in axis.get_ticklabels()
        if label.get_visible() and label.get_text()
    ]
    assert labels and all(measured[id(label)] == 1 for label in labels)


def test_options() -> None:
    fig = tanhplot.figure(
        "sigmoid",
        derivative=False,
        xlim=(-6, 6),
        ylim=(-0.5, 1.5),
        samples=101,
        size=(4, 3),
        dpi=150,
        title="Sigmoid",
        legend=False,
    )
    (ax,) = fig.axes
    assert len(ax.get_lines()) == 1
    assert len(ax.get_lines()[0].get_xdata()) == 101
    assert ax.get_ylim() == (-0.5, 1.5)
    assert tuple(fig.get_size_inches()) == (4.0, 3.0) and fig.dpi == 150
    assert ax.get_title() == "Sigmoid"
    assert ax.get_legend() is None


def test_spec_and_overrides() -> None:
    spec = FigureSpec(activations=("sigmoid",), title="a")
    fig = tanhplot.figure(spec=spec, title="b")
    assert fig.axes[0].get_title() == "b"
    assert fig.axes[0].get_lines()[0].get_label() == "sigmoid"


def test_unknown_option_is_a_clear_error() -> None:
    with pytest.raises(
        TanhplotError, match="unknown option 'xlims'; did you mean 'xlim'"
    ):
        tanhplot.figure(xlims=(0, 1))


def test_figure_is_not_registered_with_pyplot() -> None:
    before = plt.get_fignums()
    tanhplot.figure("tanh", "sigmoid")
    assert plt.get_fignums() == before


def test_rcparams_unchanged_after_figure_and_save(tmp_path) -> None:
    before = dict(matplotlib.rcParams)
    fig = tanhplot.figure(title="x")
    tanhplot.save(fig, tmp_path / "a.svg")
    assert dict(matplotlib.rcParams) == before


def test_style_is_usable_from_matplotlib() -> None:
    with matplotlib.style.context("tanhplot.light"):
        assert matplotlib.rcParams["lines.linewidth"] == 3
        assert matplotlib.rcParams["legend.frameon"] is False


_BATCH = textwrap.dedent(
    """
    import resource, sys, copy
    import matplotlib
    import matplotlib.pyplot as plt
    import tanhplot

    def rss_mb():
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024

    out = sys.argv[1]
    rc = copy.deepcopy(dict(matplotlib.rcParams))
    for _ in range(50):  # warm-up: fonts, caches and the allocator settle (~11 MB)
        tanhplot.save(tanhplot.figure("tanh", "sigmoid"), out)
    start = rss_mb()
    for _ in range(200):
        tanhplot.save(tanhplot.figure("tanh", "sigmoid"), out)
    print(rss_mb() - start, len(plt.get_fignums()), dict(matplotlib.rcParams) == rc)
    """
)


@pytest.mark.slow
def test_200_figures_leak_nothing(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _BATCH, str(tmp_path / "f.png")],
        capture_output=True,
        text=True,
        check=True,
    )
    growth, open_figures, rc_same = result.stdout.split()
    assert int(open_figures) == 0
    assert rc_same == "True"
    assert float(growth) < 5.0, f"resident memory grew by {growth} MB"
