"""The one declaration of how image tests compare with baseline_images/.

Every image test uses `compare` (never `pytest.mark.mpl_image_compare`
directly); conftest.py refuses to run an image test whose comparison is not
exact.

Exact: tolerance 0, so pytest-mpl (through matplotlib's `compare_images`)
passes a figure only when its pixels equal the baseline's. With matplotlib
pinned in the test extra the baselines reproduce bit for bit, so any
tolerance only hides changes: RMS tolerance 2 let a one-hex-digit background
colour (RMS 1.75), the legend frame turned on (1.16) and a marker moved by
8 px (2.03) pass. `test_images.py` proves that a one-hex-digit colour change
fails.
"""

from __future__ import annotations

from typing import Any

import pytest

TOLERANCE = 0


def compare(**kwargs: Any) -> pytest.MarkDecorator:
    """pytest-mpl's `mpl_image_compare` mark, exact.

    Keyword arguments (`style=`, `filename=`, ...) go to the mark; a
    `tolerance` is refused.
    """
    if "tolerance" in kwargs:
        raise TypeError("image comparisons are exact: do not pass a tolerance")
    return pytest.mark.mpl_image_compare(tolerance=TOLERANCE, **kwargs)


def is_exact(item: pytest.Item) -> bool:
    """Whether *item* is no image test, or one that compares exactly."""
    mark = item.get_closest_marker("mpl_image_compare")
    # pytest-mpl's default tolerance, when none is given, is 2.
    return mark is None or mark.kwargs.get("tolerance", 2) == TOLERANCE
