"""Parameter sweeps: frames, GIF/SVG/HTML bytes, the animate command."""

from __future__ import annotations

import io
import itertools
import re
import tracemalloc
from pathlib import Path

import pytest
from images import compare
from matplotlib.figure import Figure
from PIL import Image
from typer.testing import CliRunner

import tanhplot
from tanhplot.animation import parse_sweep
from tanhplot.animexport import gif_bytes, html_bytes, svg_bytes
from tanhplot.cli import app

runner = CliRunner()
SWEEP = "leaky_relu(negative_slope=0..0.3)"


def _small(frames: int = 3) -> tanhplot.animation.Animation:  # type: ignore[name-defined]
    return tanhplot.animate(SWEEP, frames=frames, size=(3, 2), dpi=50)


def test_sweep_values_and_labels() -> None:
    anim = tanhplot.animate(SWEEP, "relu", frames=4)
    assert anim.values == (0.0, 0.1, 0.2, 0.30000000000000004) or anim.values[
        -1
    ] == pytest.approx(0.3)
    assert anim.values[0] == 0.0 and anim.values[-1] == 0.3
    labels = [anim.spec_at(i).activations[0].label for i in range(4)]
    assert labels[0] == "leaky_relu(negative_slope=0)"
    assert labels[-1] == "leaky_relu(negative_slope=0.3)"
    assert anim.spec_at(2).activations[1].name == "relu"
    assert "leaky_relu with negative_slope from 0 to 0.3" in anim.alt_text
    assert "relu" in anim.alt_text.split("beside")[1]


def test_axes_fixed_across_frames() -> None:
    anim = tanhplot.animate(SWEEP, frames=5)
    limits = set()
    lowest = []
    for fig in anim.frames():
        ax = fig.axes[0]
        limits.add((ax.get_xlim(), ax.get_ylim()))
        lowest.append(min(min(line.get_ydata()) for line in ax.lines[:1]))
    assert len(limits) == 1
    # the curve moves: leaky_relu(-4) = -4 * slope
    assert lowest[0] == 0 and lowest[-1] == pytest.approx(-1.2)
    (ylim,) = {lim[1] for lim in limits}
    assert ylim[0] < -1.2 and ylim[1] > 4


def test_legend_shows_current_value() -> None:
    texts = []
    for fig in tanhplot.animate(SWEEP, frames=3).frames():
        legend = fig.axes[0].get_legend() or fig.legends[0]
        texts.append(legend.texts[0].get_text())
    assert texts == [
        "leaky_relu(negative_slope=0)",
        "leaky_relu(negative_slope=0.15)",
        "leaky_relu(negative_slope=0.3)",
    ]


def test_frames_keep_the_theme() -> None:
    """Every frame's legend is placed in the figure's style, as the first
    frame's is: no frame, the theme's colours (the caller's rcParams, here
    matplotlib's defaults with a legend frame, do not leak in)."""
    from matplotlib.colors import to_hex

    anim = tanhplot.animate(SWEEP, frames=3, theme="dark")
    colours = set()
    for fig in anim.frames():
        legend = fig.axes[0].get_legend()
        assert not legend.get_frame_on()
        colours.add(to_hex(legend.texts[0].get_color()))
    assert len(colours) == 1 and colours != {"#000000"}, colours


def test_annotations_follow_the_parameter() -> None:
    anim = tanhplot.animate("elu(alpha=0.5..2)", frames=2, mark_max_slope=True)
    assert not anim.reuses_figure
    first, last = ([t.get_text() for t in fig.axes[0].texts] for fig in anim.frames())
    assert first != last


@compare()
def test_first_frame_image() -> Figure:
    return next(iter(tanhplot.animate(SWEEP, "tanh", frames=7).frames()))


@compare()
def test_last_frame_image() -> Figure:
    *_, last = tanhplot.animate(SWEEP, "tanh", frames=7).frames()
    return last


@pytest.mark.slow
def test_gif_loops_forever_one_frame_per_value() -> None:
    data = gif_bytes(_small(4))
    with Image.open(io.BytesIO(data)) as gif:
        assert gif.n_frames == 4
        assert gif.info["loop"] == 0
        assert gif.size == (150, 100)


@pytest.mark.slow
def test_gif_keeps_no_frame_pixels(monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory stays flat over a GIF's frames: each frame is encoded when it
    is drawn, and no frame's pixels (the array drawn, its Pillow images)
    outlive the next frame (Pillow's ``save_all`` would hold them all: ~4 MB
    a frame at the default size)."""
    import gc
    import weakref

    import tanhplot.export

    draw = tanhplot.export.figure_pixels
    drawn: list[weakref.ref[object]] = []
    alive: list[tuple[int, int]] = []

    def counting(fig: Figure, dpi: float | None = None) -> object:
        gc.collect()
        arrays = sum(ref() is not None for ref in drawn)
        images = sum(isinstance(o, Image.Image) for o in gc.get_objects())
        alive.append((arrays, images))
        rgba = draw(fig, dpi)
        drawn.append(weakref.ref(rgba))
        return rgba

    monkeypatch.setattr(tanhplot.export, "figure_pixels", counting)
    gif_bytes(_small(6))
    assert len(alive) == 6
    assert max(arrays for arrays, _ in alive) <= 2, alive
    assert max(images for _, images in alive) - alive[0][1] <= 2, alive


@pytest.mark.slow
@pytest.mark.parametrize("write", [gif_bytes, svg_bytes, html_bytes])
def test_same_bytes_every_run(write: object) -> None:
    assert write(_small()) == write(_small())  # type: ignore[operator]


@pytest.mark.slow
def test_animated_svg() -> None:
    svg = svg_bytes(_small(3)).decode()
    assert "<title>leaky_relu with negative_slope from 0 to 0.3</title>" in svg
    assert "<desc>Animation of leaky_relu" in svg
    assert "@keyframes" in svg
    assert "@media (prefers-reduced-motion: reduce)" in svg
    assert svg.count('class="frame') == 3 and 'class="frame still"' in svg
    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert len(ids) == len(set(ids))  # frames inlined without collisions
    for ref in re.findall(r'(?:url\(|href=")#([^)"]+)', svg):
        assert ref in ids


@pytest.mark.slow
def test_html_is_self_contained() -> None:
    html = html_bytes(_small(3)).decode()
    assert '<input id="value" type="range" min="0" max="2"' in html
    assert html.count("data:image/png;base64,") == 4  # 3 frames + the first shown
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert 'alt="Animation of leaky_relu' in html
    assert '<label for="value">' in html


@pytest.mark.slow
def test_frames_reuse_one_figure_memory_flat() -> None:
    anim = tanhplot.animate(SWEEP, frames=62, size=(3, 2), dpi=50)
    figures = set()
    sizes = []
    tracemalloc.start()
    try:
        for index, fig in enumerate(anim.frames()):
            fig.canvas.draw()
            figures.add(id(fig))
            if index % 10 == 1:  # just after frames() collected
                sizes.append(tracemalloc.get_traced_memory()[0])
    finally:
        tracemalloc.stop()
    assert len(figures) == 1
    # No growth per frame: a leak grows every ten frames alike, so the median
    # of the six steps stays under 64 kB (a leak of 7 kB a frame fails). A
    # cache that fills once (seen after some other tests ran: 1.9 MB between
    # frames 11 and 21, then flat over 80 more) moves one step only.
    steps = sorted(b - a for a, b in itertools.pairwise(sizes))
    assert len(steps) == 6
    assert (steps[2] + steps[3]) / 2 < 64 * 1024, sizes


@pytest.mark.slow
@pytest.mark.parametrize("mark", [False, True])
def test_frames_leave_no_figures_behind_with_the_collector_off(mark: bool) -> None:
    """With the collector off, as the CLI runs, frames drawn on figures of
    their own (here: marked maximum slopes) or on the first frame's figure
    leave at most `COLLECT_EVERY` figures alive (without collecting: one per
    frame, 8 MB each); what was alive before is frozen only meanwhile."""
    import gc

    from tanhplot.animation import COLLECT_EVERY

    anim = tanhplot.animate(SWEEP, frames=16, size=(3, 2), dpi=50, mark_max_slope=mark)
    assert anim.reuses_figure is not mark
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        alive, frozen = [], []
        for fig in anim.frames():
            fig.canvas.draw()
            alive.append(sum(isinstance(o, Figure) for o in gc.get_objects()))
            frozen.append(gc.get_freeze_count() > 0)
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()
    assert len(alive) == 16
    assert max(alive) <= COLLECT_EVERY + 1, alive
    assert all(frozen)
    # a collector that runs, or objects frozen already: nothing more is
    # frozen, nor unfrozen after
    for disable in (False, True):
        if disable:
            gc.disable()
            gc.freeze()
        before = gc.get_freeze_count()  # objects freed leave it, none join
        try:
            for _ in anim.frames():
                assert gc.get_freeze_count() <= before
            assert gc.get_freeze_count() > before / 2 if disable else before == 0
        finally:
            gc.unfreeze()
            if enabled:
                gc.enable()


@pytest.mark.slow
def test_save_animation_by_suffix(tmp_path: Path) -> None:
    anim = _small(2)
    for suffix, start in (("gif", b"GIF89a"), ("svg", b"<?xml"), ("html", b"<!DOC")):
        path = tanhplot.save_animation(anim, tmp_path / f"a.{suffix}")
        assert path.read_bytes().startswith(start)
    with pytest.raises(tanhplot.TanhplotError, match=r"must end in \.gif"):
        tanhplot.save_animation(anim, tmp_path / "a.png")


@pytest.mark.slow
def test_cli_writes_gif(tmp_path: Path) -> None:
    out = tmp_path / "sweep.gif"
    result = runner.invoke(
        app,
        ["animate", SWEEP, "relu", "--frames", "3", "--size", "3x2", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    with Image.open(out) as gif:
        assert gif.n_frames == 3


BAD_SWEEPS = [
    (["leaky_relu(negative_slope=a..0.3)"], "must be a finite number, got 'a'"),
    (["leaky_relu(slope=0..0.3)"], "unknown parameter 'slope'"),
    (["elu(alpha=-1..1)"], "must be > 0, got -1"),
    (["leaky_relu(negative_slope=0..0.3)", "--frames", "1"], "from 2 to 240, got 1"),
    (["leaky_relu(negative_slope=0..0.3)", "--frames", "241"], "from 2 to 240"),
    (["leaky_relu(negative_slope=0.1)"], "nothing to animate"),
    (["tanh", "relu"], "nothing to animate"),
    (["leaky_relu(negative_slope=0..0)"], "is empty"),
    (["elu(alpha=1..2, scale=0..1)"], "one parameter moves at a time"),
]


@pytest.mark.parametrize("args, message", BAD_SWEEPS, ids=str)
def test_bad_sweep_exit_2_file_untouched(
    tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "sweep.gif"
    out.write_bytes(b"precious")
    result = runner.invoke(app, ["animate", *args, "-o", str(out)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tanhplot: error: ")
    assert message in lines[0]
    assert out.read_bytes() == b"precious"
    assert [p.name for p in tmp_path.iterdir()] == ["sweep.gif"]


def test_bad_suffix(tmp_path: Path) -> None:
    result = runner.invoke(app, ["animate", SWEEP, "-o", str(tmp_path / "a.png")])
    assert result.exit_code == 2
    assert "must end in .gif" in result.stderr


def test_parse_sweep_none_without_range() -> None:
    assert parse_sweep("leaky_relu(negative_slope=0.1)") is None
    sweep = parse_sweep("elu(alpha=0.5..2)")
    assert sweep is not None and sweep.describe() == "elu with alpha from 0.5 to 2"


SPEC = """
[defaults]
size = [3, 2]
dpi = 50

[[figure]]
output = "tanh.png"

[[animation]]
output = "sweep.gif"
activations = ["leaky_relu(negative_slope=0..0.3)", "tanh"]
frames = 3
alt_text = true

[[animation]]
output = "sweep.svg"
activations = ["elu(alpha=0.5..2)"]
frames = FRAMES
"""


@pytest.mark.slow
def test_spec_file_animations_built_in_parallel_and_incrementally(
    tmp_path: Path,
) -> None:
    from tanhplot.build import build

    spec = tmp_path / "spec.toml"
    spec.write_text(SPEC.replace("FRAMES", "2"))
    outcomes = build(spec, jobs=2)
    assert [(o.output, o.status) for o in outcomes] == [
        (str(tmp_path / "tanh.png"), "written"),
        (str(tmp_path / "sweep.gif"), "written"),
        (str(tmp_path / "sweep.svg"), "written"),
    ]
    with Image.open(tmp_path / "sweep.gif") as gif:
        assert gif.n_frames == 3
    assert (tmp_path / "sweep.gif.txt").read_text().startswith("Animation of")
    assert (tmp_path / "sweep.svg").read_bytes() == svg_bytes(
        tanhplot.animate("elu(alpha=0.5..2)", frames=2, size=(3, 2), dpi=50)
    )
    assert {o.status for o in build(spec, jobs=2)} == {"unchanged"}
    spec.write_text(SPEC.replace("FRAMES", "4"))
    assert [o.status for o in build(spec, jobs=1)] == [
        "unchanged",
        "unchanged",
        "written",
    ]


@pytest.mark.parametrize(
    "table, message",
    [
        ('output = "a.png"\nactivations = ["elu(alpha=1..2)"]', "must end in .gif"),
        ('output = "a.gif"\nactivations = ["tanh"]', "nothing to animate"),
        ('output = "a.gif"\nactivations = ["elu(alpha=1..2)"]\nframes = 1', "2 to 240"),
        ('output = "a.gif"\nactivations = ["elu(alpha=-1..2)"]', "must be > 0"),
        ('output = "a.gif"\nactivations = ["elu(alpha=1..2)"]\ncard = true', "'card'"),
    ],
)
def test_bad_animation_tables(tmp_path: Path, table: str, message: str) -> None:
    from tanhplot.specfile import SpecFileError, loads

    with pytest.raises(SpecFileError) as caught:
        loads(f"[[animation]]\n{table}\n", source="s.toml", base=tmp_path)
    (line,) = caught.value.errors
    assert line.startswith("s.toml:") and "animation 1 (a." in line
    assert message in line


def test_only_an_animation(tmp_path: Path) -> None:
    """--only names one output, though figure 1 and animation 1 share an index."""
    from tanhplot.build import build

    spec = tmp_path / "spec.toml"
    spec.write_text(SPEC.replace("FRAMES", "2"))
    outcomes = build(spec, only=["sweep.gif"], jobs=1)
    assert [o.output for o in outcomes] == [str(tmp_path / "sweep.gif")]
    assert not (tmp_path / "tanh.png").exists()


@pytest.mark.parametrize(
    "sweep, others",
    [
        (SWEEP, ("tanh",)),
        ("elu(alpha=0.2..2)", ()),
        ("softplus(beta=0.5..4)", ("relu",)),
    ],
)
def test_every_frame_is_legible(sweep: str, others: tuple[str, ...]) -> None:
    """Each frame of a reused figure passes the still figures' checks: the
    legend, placed for the first frame, stays clear of later frames' curves."""
    from legibility import assert_legible, theme_background

    for fig in tanhplot.animate(sweep, *others, frames=4).frames():
        assert_legible(fig, theme_background("light"))
