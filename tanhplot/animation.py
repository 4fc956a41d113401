"""Parameter sweeps: one activation's parameter moving over a range.

``"leaky_relu(negative_slope=0..0.3)"`` is a sweep: the activation with one
keyword parameter written as a range ``START..STOP``. `animate` turns a
sweep (and any other activations drawn beside it) into an `Animation`: the
frames' specs, every one a real tanhplot figure with the same axes (limits
from all frames), the legend naming the current value and annotations
computed for that value. `tanhplot.animexport` writes it as GIF, animated SVG
or an HTML page with a slider.
"""

from __future__ import annotations

import gc
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import TanhplotError
from .options import check_fps, check_frames

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .activations import Activation
    from .spec import FigureSpec

__all__ = [
    "Animation",
    "Sweep",
    "animate",
    "find_sweep",
    "parse_sweep",
]


#: Frames between two runs of the garbage collector (see `_collected`).
COLLECT_EVERY = 5

_CALL = re.compile(r"^\s*([A-Za-z_]\w*)\s*\((.*)\)\s*$", re.DOTALL)
_ARG = re.compile(r"^\s*([A-Za-z_]\w*)\s*=\s*(.*?)\s*$", re.DOTALL)


@dataclass(frozen=True)
class Sweep:
    """An activation whose parameter *parameter* runs from *start* to
    *stop*; the other parameters are *fixed*."""

    text: str
    name: str
    parameter: str
    start: float
    stop: float
    fixed: tuple[tuple[str, float], ...] = ()

    def values(self, frames: int) -> tuple[float, ...]:
        """*frames* evenly spaced values, both ends included."""
        step = (self.stop - self.start) / (frames - 1)
        inner = tuple(self.start + step * i for i in range(1, frames - 1))
        return (self.start, *inner, self.stop)

    def activation(self, value: float) -> Activation:
        """The activation at *value*, labelled with it (the legend shows
        the current value, default or not)."""
        from .activations import get

        try:
            act = get(self.name, **dict(self.fixed), **{self.parameter: value})
        except TanhplotError as exc:
            raise TanhplotError(f"sweep {self.text!r}: {exc}") from None
        args = ", ".join(
            f"{k}={v:.3g}" for k, v in (*self.fixed, (self.parameter, value))
        )
        return act.replace(label=f"{self.name}({args})")

    def describe(self) -> str:
        """``leaky_relu with negative_slope from 0 to 0.3``."""
        return f"{self.name} with {self.parameter} from {self.start:g} to {self.stop:g}"


def _number(text: str, sweep: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not math.isfinite(value):
        raise TanhplotError(
            f"sweep {sweep!r}: {what} must be a finite number, got {text!r}"
        )
    return value


def parse_sweep(text: str) -> Sweep | None:
    """The sweep *text* writes, or None when it holds no range (``..``).

    Raises `TanhplotError` for a range that is not two numbers, several
    ranges, or a parameter the activation does not have (checked when the
    sweep's values are drawn, see `Sweep.activation`).
    """
    if ".." not in text:
        return None
    call = _CALL.match(text)
    if call is None:
        raise TanhplotError(
            f"invalid sweep {text!r}: expected 'name(parameter=START..STOP)', "
            "e.g. 'leaky_relu(negative_slope=0..0.3)'"
        )
    name, body = call.groups()
    swept: tuple[str, float, float] | None = None
    fixed: list[tuple[str, float]] = []
    for part in body.split(","):
        arg = _ARG.match(part)
        if arg is None:
            raise TanhplotError(
                f"invalid sweep {text!r}: {part.strip()!r} is not 'parameter=value'"
            )
        key, value = arg.groups()
        if ".." not in value:
            fixed.append((key, _number(value, text, f"{key}'s value")))
            continue
        if swept is not None:
            raise TanhplotError(
                f"invalid sweep {text!r}: one parameter moves at a time, got "
                f"ranges for {swept[0]!r} and {key!r}"
            )
        start, _, stop = value.partition("..")
        swept = (
            key,
            _number(start.strip(), text, f"{key}'s start"),
            _number(stop.strip(), text, f"{key}'s stop"),
        )
    assert swept is not None  # ".." is in the text, so in one value
    key, start, stop = swept
    if start == stop:
        raise TanhplotError(
            f"sweep {text!r}: the range of {key!r} is empty ({start:g}..{stop:g})"
        )
    sweep = Sweep(text.strip(), name, key, start, stop, tuple(fixed))
    # Unknown activation or parameter, and both ends in the valid domain:
    # checked now, before anything is drawn.
    sweep.activation(start)
    sweep.activation(stop)
    return sweep


def find_sweep(activations: tuple[str | Activation, ...]) -> tuple[int, Sweep]:
    """The position and sweep of the one activation written as a sweep."""
    found = [
        (i, sweep)
        for i, text in enumerate(activations)
        if isinstance(text, str) and (sweep := parse_sweep(text)) is not None
    ]
    if not found:
        names = ", ".join(repr(a) for a in activations) or "none"
        raise TanhplotError(
            f"nothing to animate in {names}: write one parameter as a range, "
            "e.g. 'leaky_relu(negative_slope=0..0.3)'"
        )
    if len(found) > 1:
        raise TanhplotError(
            f"one sweep at a time, got {len(found)}: "
            + ", ".join(repr(s.text) for _, s in found)
        )
    return found[0]


@dataclass(frozen=True)
class Animation:
    """A sweep drawn as frames: ``spec_at(i)`` is frame *i*'s FigureSpec."""

    sweep: Sweep
    values: tuple[float, ...]
    spec: FigureSpec
    position: int
    fps: float

    def __len__(self) -> int:
        return len(self.values)

    def spec_at(self, index: int) -> FigureSpec:
        """The spec of frame *index*: the swept activation at its value."""
        acts = list(self.spec.activations)
        acts[self.position] = self.sweep.activation(self.values[index])
        return self.spec.replace(activations=tuple(acts))

    def frame(self, index: int) -> Figure:
        """Frame *index*, a tanhplot figure."""
        from .figures import figure

        return figure(spec=self.spec_at(index))

    @property
    def reuses_figure(self) -> bool:
        """Whether the frames are one figure whose curves and legend change
        (nothing else depends on the value: no annotations, no formula
        labels); otherwise each frame is built afresh."""
        spec = self.spec
        return not (
            spec.mark_max_slope
            or spec.asymptotes
            or spec.saturation
            or spec.labels == "formula"
        )

    def frames(self) -> Iterator[Figure]:
        """Each frame in turn, one figure alive at a time: where
        `reuses_figure`, the first frame's figure with its swept curves and
        legend entry updated, else a new figure per frame."""
        return _collected(self._frames())

    def _frames(self) -> Iterator[Figure]:
        if not self.reuses_figure:
            for index in range(len(self)):
                yield self.frame(index)
            return
        fig = self.frame(0)
        yield fig
        import numpy as np

        from .place import place_axes
        from .plotting import sample
        from .record import in_style

        spec = self.spec
        per = 1 + spec.derivative + spec.second_derivative
        ax = fig.axes[0]
        lines = ax.lines[self.position * per : (self.position + 1) * per]
        z = np.linspace(spec.xlim[0], spec.xlim[1], spec.samples)
        curves = ax.lines[: len(spec.activations) * per]
        label = self.sweep.activation(self.values[0]).label
        for value in self.values[1:]:
            act = self.sweep.activation(value)
            fns = [act]
            if spec.derivative:
                fns.append(act.derivative)  # type: ignore[arg-type]
            if spec.second_derivative:
                fns.append(act.second_derivative)  # type: ignore[arg-type]
            for line, fn in zip(lines, fns, strict=True):
                line.set_data(*sample(fn, z))
                line.set_label(str(line.get_label()).replace(label, act.label))
            label = act.label
            # the texts placed again, clear of the curves as they now are, in
            # the figure's style (the legend and tick labels read rcParams)
            with in_style(spec.styles):
                place_axes(ax, spec, curves)
            yield fig

    @property
    def alt_text(self) -> str:
        """``leaky_relu with negative_slope from 0 to 0.3, in 7 frames ...``."""
        others = [
            a.label for i, a in enumerate(self.spec.activations) if i != self.position
        ]
        beside = f", drawn beside {', '.join(others)}" if others else ""
        what = "and its derivative" if self.spec.derivative else "alone"
        return (
            f"Animation of {self.sweep.describe()} {what}{beside}, in "
            f"{len(self)} frames on fixed axes from z = {self.spec.xlim[0]:g} to "
            f"{self.spec.xlim[1]:g}."
        )


def _limits(spec: FigureSpec, acts: list[list[Activation]]) -> tuple[float, float]:
    """Vertical limits holding every frame's curves, with a margin."""
    import numpy as np

    z = np.linspace(spec.xlim[0], spec.xlim[1], spec.samples)
    lo, hi = np.inf, -np.inf
    for frame in acts:
        for act in frame:
            fns = [act]
            if spec.derivative:
                fns.append(act.derivative)  # type: ignore[arg-type]
            if spec.second_derivative:
                fns.append(act.second_derivative)  # type: ignore[arg-type]
            for fn in fns:
                # the values at the samples are enough for the limits: no
                # need for `sample`'s search for jumps
                y = np.broadcast_to(np.asarray(fn(z), dtype=float), z.shape)
                y = y[np.isfinite(y)]
                if y.size:
                    lo, hi = min(lo, float(y.min())), max(hi, float(y.max()))
    if not np.isfinite(lo):
        return (-1.0, 1.0)
    pad = 0.08 * max(hi - lo, 1e-9)
    return (lo - pad, hi + pad)


def animate(
    *activations: str | Activation,
    frames: int = 30,
    fps: float = 10,
    spec: FigureSpec | None = None,
    **options: Any,
) -> Animation:
    """Sweep one parameter of an activation: the frames of an animation.

    Parameters
    ----------
    *activations : str or Activation
        Exactly one written as a sweep, ``"leaky_relu(negative_slope=0..0.3)"``;
        the others are drawn unchanged in every frame.
    frames : int, default 30
        Frames, 2 to 240: one per value, both ends included.
    fps : float, default 10
        Frames per second of GIF, SVG and HTML.
    spec : FigureSpec, optional
        The figure's other options; *options* are applied on top of it.
    **options
        Any option of `FigureSpec` (``derivative=False``, ``xlim=...``).

    Returns
    -------
    Animation
        Save it with `tanhplot.save_animation` (``.gif``, ``.svg``, ``.html``).
    """
    from .spec import FigureSpec

    frames = check_frames("frames", frames)
    fps = check_fps("fps", fps)
    position, sweep = find_sweep(activations)
    values = sweep.values(frames)
    acts: list[str | Activation] = list(activations)
    acts[position] = sweep.activation(values[0])
    base = {} if spec is None else spec.options()
    base.update(options)
    base["activations"] = tuple(acts)
    first = FigureSpec.from_options(base)
    if first.grid:
        raise TanhplotError("animations draw one plot, not a grid")
    if first.ylim is None:
        frame_acts = []
        for value in values:
            row = list(first.activations)
            row[position] = sweep.activation(value)
            frame_acts.append(row)
        first = first.replace(ylim=_limits(first, frame_acts))
    return Animation(sweep, values, first, position, fps)


def _collected(frames: Iterator[Figure]) -> Iterator[Figure]:
    """*frames*, with the garbage collector run after every `COLLECT_EVERY`th.

    Each frame leaves reference cycles behind (a figure of its own, or the
    reused figure's previous legend and texts), and the CLI runs with the
    collector off: collected now and then, memory stays flat over the frames
    (without, 8 MB a frame for figures of their own). With the collector
    off and nothing frozen, the objects alive before the first frame
    (~77,000 after matplotlib's import) are frozen meanwhile (`gc.freeze`),
    so each collection looks only at what the frames made: ~2 ms, not ~30.
    """
    freeze = not gc.isenabled() and gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    try:
        for index, fig in enumerate(frames, start=1):
            yield fig
            if index % COLLECT_EVERY == 0:
                gc.collect()
    finally:
        if freeze:
            gc.unfreeze()
