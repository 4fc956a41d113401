"""Image comparisons against baseline_images/ (pytest-mpl, always on).

Regenerate a baseline only for a change you meant, and look at it first:
    pytest tests/test_images.py --mpl-generate-path=baseline_images
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from matplotlib.figure import Figure

import tanhplot

ROOT = Path(__file__).resolve().parent.parent
compare = pytest.mark.mpl_image_compare(tolerance=2)


@compare
def test_default() -> Figure:
    return tanhplot.figure()


@compare
def test_sigmoid() -> Figure:
    return tanhplot.figure("sigmoid")


@compare
def test_tanh_and_sigmoid() -> Figure:
    return tanhplot.figure("tanh", "sigmoid")


def test_comparison_is_on(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.getoption("--mpl"), "--mpl must be in addopts"
    assert pytestconfig.getini("mpl-default-style") == "tanhplot.light"


_PROBE = textwrap.dedent(
    """
    import pytest
    import tanhplot

    compare = pytest.mark.mpl_image_compare(
        tolerance=2, filename="test_images.test_default.png"
    )

    @compare
    def test_unchanged():
        return tanhplot.figure()

    @compare
    def test_derivative_colour_changed():
        fig = tanhplot.figure()
        fig.axes[0].get_lines()[1].set_color("#C72130")
        return fig

    @compare
    def test_curve_missing():
        fig = tanhplot.figure()
        fig.axes[0].get_lines()[0].remove()
        return fig
    """
)


def test_an_altered_figure_fails_the_comparison(pytester: pytest.Pytester) -> None:
    baselines = pytester.path / "baselines"
    baselines.mkdir()
    shutil.copy(ROOT / "baseline_images" / "test_images.test_default.png", baselines)
    pytester.makepyfile(test_probe=_PROBE)
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider",
        "--mpl",
        f"--mpl-baseline-path={baselines}",
        "-o", "mpl-default-style=tanhplot.light",
        "-o", "mpl-default-backend=agg",
    )
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["*test_derivative_colour_changed*", "*RMS*"])
