"""Shared test setup: the Agg backend, and guards that no test leaks state."""

from __future__ import annotations

import copy
import warnings
from collections.abc import Iterator
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from consumers import NOT_CHECKED
from images import is_exact

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
BASELINE_DIR = ROOT / "baseline_images"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Image tests compare exactly, through `images.compare` (tests/images.py)."""
    loose = [item.nodeid for item in items if not is_exact(item)]
    if loose:
        raise pytest.UsageError(
            "image tests must compare exactly (use images.compare): " + ", ".join(loose)
        )


def kept_figures(config: pytest.Config) -> dict[str, object]:
    """pytest-mpl's store of image tests' returned figures, by test name.

    pytest-mpl 0.19 keeps every image test's figure in this dict for the
    whole session (it only reads it right after the test): with all image
    tests in one run that is every figure with its artists, which the cyclic
    garbage collector then walks again and again.
    """
    for plugin in config.pluginmanager.get_plugins():
        if type(plugin).__module__ == "pytest_mpl.plugin":
            kept = getattr(plugin, "return_value", None)
            if isinstance(kept, dict):
                return kept
    return {}


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    """Let go of an image test's figure once pytest-mpl has compared it."""
    kept_figures(item.config).clear()


def _rc_snapshot() -> dict[str, object]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecated rcParams warn on access
        return {key: copy.deepcopy(value) for key, value in matplotlib.rcParams.items()}


@pytest.fixture(autouse=True)
def _no_leaked_state(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test leaves no pyplot figure open and rcParams as they were.

    pytest-mpl's image tests run inside a style context that it resets after
    the test, so they are compared against the state inside that context.
    """
    before_figs = set(plt.get_fignums())
    before_rc = _rc_snapshot()
    yield
    leaked = set(plt.get_fignums()) - before_figs
    plt.close("all")
    assert not leaked, f"test left pyplot figures open: {sorted(leaked)}"
    after_rc = _rc_snapshot()
    changed = sorted(k for k in before_rc if before_rc[k] != after_rc.get(k))
    assert not changed, f"test changed rcParams: {changed}"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say loudly which checks a run skipped for want of a renderer
    (tests/consumers.py): their skip reasons begin with "NOT CHECKED:"."""
    missing: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else ""
        if NOT_CHECKED in reason:
            text = reason[reason.index(NOT_CHECKED) :]
            missing[text] = missing.get(text, 0) + 1
    for text, count in sorted(missing.items()):
        terminalreporter.write_line(
            f"{text} ({count} tests skipped)", red=True, bold=True
        )
