"""Alt text: a plain-language description of a figure, generated from its spec.

The facts (range of each function, whether it rises or falls, where its
derivative peaks) are computed from the same sampled values the figure draws,
so the text is right for any activation, built-in or your own. This module does
not import matplotlib.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from .activations import Activation
from .spec import FigureSpec, panel_letter

__all__ = ["card_alt_text", "spec_alt_text"]

# Relative size of a step that still counts as "flat" when deciding whether a
# sampled curve rises or falls (absorbs rounding noise of numerical derivatives).
_FLAT = 1e-9


def _num(value: float) -> str:
    """A number as a reader would say it: two decimals at most, no ``-0``."""
    rounded = round(float(value), 2)
    return f"{rounded + 0.0:g}"  # + 0.0 turns -0.0 into 0.0


def _formula(text: str) -> str:
    """The left-hand side of a plain-text formula: ``tanh(z) = ...`` -> ``tanh(z)``."""
    return text.split(" = ", 1)[0].strip()


def _join(items: Sequence[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + f" and {items[-1]}"


def _runs(y: NDArray[np.float64]) -> list[int]:
    """The directions of the monotone runs of a sampled curve, in order:
    +1 rising, -1 falling, 0 constant (flat steps join the run they touch)."""
    scale = float(np.max(np.abs(y))) if y.size else 0.0
    steps = np.diff(y)
    signs = np.where(np.abs(steps) <= _FLAT * max(scale, 1.0), 0, np.sign(steps))
    runs: list[int] = []
    for sign in signs.astype(int).tolist():
        if not runs:
            runs.append(sign)
        elif runs[-1] == 0:
            runs[-1] = sign
        elif sign not in (0, runs[-1]):
            runs.append(sign)
    return runs


def _shape(  # noqa: PLR0911 - one return per shape of curve
    subject: str, z: NDArray[np.float64], y: NDArray[np.float64], *, peak: bool
) -> str:
    """Describe one sampled curve: ``"tanh rises from -1 to 1"``.

    With *peak*, a curve that rises then falls is described by its maximum
    (``"peaks at 1 at z = 0"``), the natural fact about a derivative.
    """
    finite = np.isfinite(y)
    if not finite.any():
        return f"{subject} is undefined on this range"
    z, y = z[finite], y[finite]
    directions = _runs(y)
    first, last = y[0], y[-1]
    if directions in ([], [0]):
        return f"{subject} is constant at {_num(first)}"
    if directions == [1]:
        return f"{subject} rises from {_num(first)} to {_num(last)}"
    if directions == [-1]:
        return f"{subject} falls from {_num(first)} to {_num(last)}"
    top, bottom = int(np.argmax(y)), int(np.argmin(y))
    if peak and directions == [1, -1]:
        return f"{subject} peaks at {_num(y[top])} at z = {_num(z[top])}"
    if directions == [1, -1]:
        return (
            f"{subject} rises from {_num(first)} to a maximum of {_num(y[top])} "
            f"at z = {_num(z[top])}, then falls to {_num(last)}"
        )
    if directions == [-1, 1]:
        return (
            f"{subject} falls from {_num(first)} to a minimum of {_num(y[bottom])} "
            f"at z = {_num(z[bottom])}, then rises to {_num(last)}"
        )
    if peak:
        return (
            f"{subject} ranges from {_num(y[bottom])} to {_num(y[top])}, "
            f"largest at z = {_num(z[top])}"
        )
    return f"{subject} ranges from {_num(y[bottom])} to {_num(y[top])}"


def _facts(
    act: Activation,
    z: NDArray[np.float64],
    derivative: bool,
    own: str,
    second: bool = False,
) -> str:
    with np.errstate(all="ignore"):
        values = np.asarray(act(z), dtype=np.float64)
        text = _shape(act.label, z, values, peak=False)
        if derivative:
            slopes = np.asarray(act.derivative(z), dtype=np.float64)
            joint = ", and " if "," in text else " and "
            text += joint + _shape(f"{own} derivative", z, slopes, peak=True)
        if second:
            curvature = np.asarray(act.second_derivative(z), dtype=np.float64)
            shape = _shape(f"{own} second derivative", z, curvature, peak=False)
            text += f"; {shape}" if derivative else f" and {shape}"
    return text


def card_alt_text(act: Activation) -> str:
    """Describe the formula card of *act*: its lines as plain text, e.g.
    ``Formulas of sigmoid: f(z) = sigmoid(z) = 1 / (1 + e^-z); f'(z) =
    e^-z / (1 + e^-z)^2; f' = sigmoid(z) (1 - sigmoid(z)).``"""
    lines = [f"f(z) = {act.text}", f"f'(z) = {act.derivative_text}"]
    if act.derivative_in_terms_of_f_text:
        lines.append(f"f' = {act.derivative_in_terms_of_f_text}")
    return f"Formulas of {act.label}: " + "; ".join(lines) + "."


def _derivative_words(act: Activation) -> str:
    """The derivative as a reader knows it: through the function itself where
    that form names it (``1 - tanh(z)^2``), else the first form given."""
    return _formula(act.derivative_short_text)


def spec_alt_text(spec: FigureSpec) -> str:
    """Describe the figure *spec* draws, in one or two sentences (see
    `tanhplot.alt_text`, which also takes a figure)."""
    acts = spec.activations
    z = np.linspace(spec.xlim[0], spec.xlim[1], spec.samples)
    functions = _join([_formula(a.text) for a in acts])
    second = spec.second_derivative
    if spec.derivative and len(acts) == 1:
        words = f"its derivative {_derivative_words(acts[0])}"
        what = (
            f"{functions}, {words} and its second derivative"
            if second
            else f"{functions} and {words}"
        )
    elif spec.derivative:
        slopes = _join([_derivative_words(a) for a in acts])
        what = f"{functions} with their derivatives {slopes}"
        if second:
            what += " and their second derivatives"
    elif second:
        what = f"{functions} with {'its' if len(acts) == 1 else 'their'} second "
        what += "derivative" if len(acts) == 1 else "derivatives"
    else:
        what = functions
    titled = f' titled "{spec.title}"' if spec.title else ""
    span = f"for z from {_num(spec.xlim[0])} to {_num(spec.xlim[1])}"
    facts = [_facts(a, z, spec.derivative, "its", spec.second_derivative) for a in acts]
    if spec.saturation_fraction is not None:
        from .saturation import describe, saturated

        regions = [
            describe(a, saturated(a, spec.xlim, spec.saturation_fraction), spec.xlim)
            for a in acts
        ]
        facts.append("shaded: " + "; ".join(regions))
    kind = "Line plot"
    if spec.grid and len(acts) > 1:
        kind = f"{len(acts)} line plots, one per activation,"
        if spec.panel_labels:
            letters = [f"{panel_letter(i)} {a.label}" for i, a in enumerate(acts)]
            kind += f" lettered {_join(letters)},"
    return f"{kind}{titled} of {what} {span}; " + "; ".join(facts) + "."
