"""Saturation: where an activation's derivative is nearly zero.

Textbooks explain vanishing gradients with the region where |f'| is below a
small fraction of its peak (tanh at 5%: |z| > 2.18). `saturated` finds that
region on a z range with its boundaries root-found on the exact derivative
(not read off samples); `tanhplot.plotting` shades it and `tanhplot.alttext`
states it. This module does not import matplotlib.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .activations import Activation

__all__ = ["Saturation", "describe", "saturated"]

#: Samples of |f'| that bracket the boundaries (each then root-found).
_GRID = 4001


@dataclass(frozen=True)
class Saturation:
    """Where |f'| < *fraction* x *peak* on a z range.

    Attributes
    ----------
    fraction : float
        The share of the peak, e.g. 0.05.
    peak : float
        The largest |f'| on the range.
    intervals : tuple of (float, float)
        The saturated stretches of the range, left to right.
    """

    fraction: float
    peak: float
    intervals: tuple[tuple[float, float], ...]


def _peak(act: Activation, z: np.ndarray, slopes: np.ndarray) -> float:
    """The largest |f'| on the range: the largest sample, refined by a
    bounded search between its neighbours (a smooth peak between samples)."""
    finite = np.where(np.isfinite(slopes), slopes, -np.inf)
    i = int(np.argmax(finite))
    best = float(finite[i])
    if 0 < i < len(z) - 1:
        from scipy.optimize import minimize_scalar

        found = minimize_scalar(
            lambda x: -abs(float(act.derivative(x))),
            bounds=(float(z[i - 1]), float(z[i + 1])),
            method="bounded",
            options={"xatol": 1e-13},
        )
        best = max(best, -float(found.fun))
    return best


def saturated(
    act: Activation, xlim: tuple[float, float], fraction: float
) -> Saturation:
    """The stretches of *xlim* where ``|f'(z)| < fraction * peak``: the
    ends of the range and dead zones, not the places where f' only passes
    through 0 (gelu's, silu's and mish's minima).

    Each boundary is a root of ``|f'(z)| - fraction * peak`` found by
    `scipy.optimize.brentq` on the activation's own derivative, to ~1e-12,
    between samples that bracket it; at a jump of f' (relu at 0) the root is
    the jump. An activation whose derivative is 0 everywhere has no peak and
    no saturated region.
    """
    from scipy.optimize import brentq

    low, high = xlim
    z = np.linspace(low, high, _GRID)
    with np.errstate(all="ignore"):
        slopes = np.abs(np.asarray(act.derivative(z), dtype=float))
    peak = _peak(act, z, slopes)
    if not math.isfinite(peak) or peak <= 0:
        return Saturation(fraction, 0.0 if peak <= 0 else peak, ())
    level = fraction * peak

    def gap(x: float) -> float:
        return abs(float(act.derivative(x))) - level

    below = np.isfinite(slopes) & (slopes < level)
    intervals: list[tuple[float, float]] = []
    start = low if below[0] else None
    for i in np.flatnonzero(below[1:] != below[:-1]):
        a, b = float(z[i]), float(z[i + 1])
        edge = brentq(gap, a, b, xtol=1e-13, rtol=4 * np.finfo(float).eps)
        if below[i]:  # leaving the region
            intervals.append((start if start is not None else low, edge))
            start = None
        else:
            start = edge
    if start is not None:
        intervals.append((start, high))
    step = 1e-6 * (high - low)
    kept = [
        (start, end)
        for start, end in intervals
        if start == low
        or end == high
        # inside the range: a dead zone (softshrink's |z| < lambd), where f'
        # has the same sign either side; not f' passing through 0 (gelu's
        # minimum), which is no saturation
        or np.sign(float(act.derivative(start - step)))
        == np.sign(float(act.derivative(end + step)))
    ]
    return Saturation(fraction, peak, tuple(kept))


def _num(value: float) -> str:
    """Two decimals at most, no ``-0`` (as the alt text writes numbers)."""
    return f"{round(value, 2) + 0.0:g}"


def describe(act: Activation, region: Saturation, xlim: tuple[float, float]) -> str:
    """The saturated region in words, e.g. ``tanh saturates (|f'| below 5% of
    its peak 1) where |z| > 2.18``."""
    share = f"{region.fraction * 100:g}%"
    if region.peak <= 0:
        return f"{act.label} has no slope to compare with (f' is 0 on this range)"
    of_peak = f"{share} of its peak {_num(region.peak)}"
    head = f"{act.label} saturates (|f'| below {of_peak})"
    low, high = xlim
    parts = []
    spans = list(region.intervals)
    if not spans:
        return (
            f"{act.label} does not saturate on this range (|f'| stays at or "
            f"above {of_peak})"
        )
    symmetric = (
        len(spans) == 2
        and spans[0][0] == low
        and spans[1][1] == high
        and math.isclose(-spans[0][1], spans[1][0], abs_tol=1e-9)
        and math.isclose(-low, high)
    )
    if symmetric:
        return f"{head} where |z| > {_num(spans[1][0])}"
    for start, end in spans:
        if start == low and end == high:
            parts.append("everywhere on this range")
        elif start == low:
            parts.append(f"z < {_num(end)}")
        elif end == high:
            parts.append(f"z > {_num(start)}")
        else:
            parts.append(f"{_num(start)} < z < {_num(end)}")
    joined = " and ".join(parts) if len(parts) <= 2 else ", ".join(parts)
    return f"{head} where {joined}"
