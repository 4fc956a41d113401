"""tanhplot.explore: the sliders drive the figure."""

from __future__ import annotations

import pytest

import tanhplot
from tanhplot.export import figure_bytes
from tanhplot.record import figure_spec

pytest.importorskip("ipywidgets")


def _legend(fig: object) -> str:
    ax = fig.axes[0]  # type: ignore[attr-defined]
    legend = ax.get_legend() or fig.legends[0]  # type: ignore[attr-defined]
    return legend.texts[0].get_text()


def test_sliders_drive_the_figure() -> None:
    ex = tanhplot.explore("leaky_relu", derivative=False)
    assert set(ex.sliders) == {"negative_slope"}
    assert _legend(ex.figure) == "leaky_relu(negative_slope=0.01)"
    first = ex.image.value
    ex.sliders["negative_slope"].value = 0.2
    assert _legend(ex.figure) == "leaky_relu(negative_slope=0.2)"
    line = ex.figure.axes[0].lines[0]
    assert min(line.get_ydata()) == pytest.approx(-0.8)
    assert ex.image.value == figure_bytes(ex.figure, "x.png") != first
    ex.z_range.value = (-2.0, 3.0)
    spec = figure_spec(ex.figure)
    assert spec is not None and spec.xlim == (-2.0, 3.0)
    assert spec.derivative is False


def test_invalid_value_keeps_the_figure_and_says_why() -> None:
    ex = tanhplot.explore("elu")
    assert ex.sliders["alpha"].min > 0  # 0 is not a valid alpha
    shown = ex.figure
    ex.z_range.value = (1.0, 1.0)  # an empty z range cannot be drawn
    assert ex.figure is shown
    assert "cannot draw" in ex.message.value
    ex.z_range.value = (-1.0, 1.0)
    assert ex.message.value == "" and ex.figure is not shown


def test_widget_displays() -> None:
    ex = tanhplot.explore("tanh")
    assert ex.sliders == {}
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
