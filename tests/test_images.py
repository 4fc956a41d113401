"""Image comparisons against baseline_images/ (pytest-mpl, always on).

Regenerate a baseline only for a change you meant, and look at it first:
    pytest tests/test_images.py --mpl-generate-path=baseline_images
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from images import compare
from matplotlib.figure import Figure

import tanhplot

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"


@compare()
def test_default() -> Figure:
    return tanhplot.figure()


@compare()
def test_sigmoid() -> Figure:
    return tanhplot.figure("sigmoid")


@compare()
def test_tanh_and_sigmoid() -> Figure:
    return tanhplot.figure("tanh", "sigmoid")


def test_image_tests_keep_no_figures(pytestconfig: pytest.Config) -> None:
    """The image tests above ran first (file order): conftest.py has let go of
    their figures, which pytest-mpl would keep for the whole session."""
    from conftest import kept_figures

    assert kept_figures(pytestconfig) == {}
    assert any(
        type(p).__module__ == "pytest_mpl.plugin"
        for p in pytestconfig.pluginmanager.get_plugins()
    )


def test_comparison_is_on(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.getoption("--mpl"), "--mpl must be in addopts"
    assert pytestconfig.getini("mpl-default-style") == "tanhplot.light"


def test_comparison_is_exact(request: pytest.FixtureRequest) -> None:
    for item in request.session.items:
        mark = item.get_closest_marker("mpl_image_compare")
        if mark is not None:
            assert mark.kwargs["tolerance"] == 0, item.nodeid
    with pytest.raises(TypeError, match="exact"):
        compare(tolerance=1)


# The probe runs the shared `compare` (tests/images.py) against a copy of the
# default figure's baseline. A one-hex-digit change of the function colour
# (#307EC7 -> #307EC8) is RMS ~0.05: it fails the exact comparison and would
# pass the RMS tolerance 2 these tests used before.
_PROBE = textwrap.dedent(
    """
    import pytest
    from images import compare

    import tanhplot

    default = compare(filename="test_images.test_default.png")
    loose = pytest.mark.mpl_image_compare(
        tolerance=2, filename="test_images.test_default.png"
    )


    def _one_digit_off():
        fig = tanhplot.figure()
        function = fig.axes[0].get_lines()[0]
        assert function.get_color().upper() == "#307EC7"
        function.set_color("#307EC8")
        return fig


    @default
    def test_unchanged():
        return tanhplot.figure()


    @default
    def test_function_colour_one_digit_off():
        return _one_digit_off()


    @loose
    def test_function_colour_one_digit_off_passes_rms_2():
        return _one_digit_off()


    @default
    def test_derivative_colour_changed():
        fig = tanhplot.figure()
        fig.axes[0].get_lines()[1].set_color("#C72130")
        return fig


    @default
    def test_curve_missing():
        fig = tanhplot.figure()
        fig.axes[0].get_lines()[0].remove()
        return fig
    """
)


@pytest.mark.slow
def test_an_altered_figure_fails_the_comparison(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    baselines = pytester.path / "baselines"
    baselines.mkdir()
    shutil.copy(ROOT / "baseline_images" / "test_images.test_default.png", baselines)
    pytester.makepyfile(test_probe=_PROBE)
    monkeypatch.setenv("PYTHONPATH", str(TESTS))  # for `from images import compare`
    result = pytester.runpytest_subprocess(
        "-p",
        "no:cacheprovider",
        "--mpl",
        f"--mpl-baseline-path={baselines}",
        "-o",
        "mpl-default-style=tanhplot.light",
        "-o",
        "mpl-default-backend=agg",
        "-rA",
    )
    result.assert_outcomes(passed=2, failed=3)
    result.stdout.fnmatch_lines(
        [
            "PASSED *::test_unchanged",
            "PASSED *::test_function_colour_one_digit_off_passes_rms_2",
        ],
        consecutive=False,
    )
    for name in (
        "test_function_colour_one_digit_off",
        "test_derivative_colour_changed",
        "test_curve_missing",
    ):
        result.stdout.fnmatch_lines([f"FAILED *::{name} - *"])
    # each failure says so (the summary may repeat it on a wide terminal)
    assert result.stdout.str().count("Error: Image files did not match.") >= 3
