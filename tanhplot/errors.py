"""User-facing errors: one sentence that names the bad value and the valid
ones; and warnings collected as one message each."""

from __future__ import annotations

import contextlib
import difflib
import logging
import warnings
from collections.abc import Iterable, Iterator

__all__ = ["TanhplotError", "captured_warnings", "check_choice", "suggest"]


class TanhplotError(ValueError):
    """An input tanhplot cannot use; the message says what would be valid.

    The CLI prints the message as one line on stderr and exits with code 2.
    """


def suggest(value: str, choices: Iterable[str]) -> str:
    """Return ``"; did you mean 'x'?"`` for the closest choice, or ``""``."""
    matches = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {matches[0]!r}?" if matches else ""


def check_choice(kind: str, value: str, choices: Iterable[str]) -> str:
    """Return *value* if it is one of *choices*, else raise a `TanhplotError`.

    The message names the bad value, suggests the closest valid one and lists
    all of them, e.g. ``unknown activation 'tahn'; did you mean 'tanh'?
    (valid: sigmoid, tanh)``.
    """
    options = list(choices)
    if isinstance(value, str) and value in options:
        return value
    listing = ", ".join(options)
    if not isinstance(value, str):  # a number where a name belongs
        raise TanhplotError(f"unknown {kind} {value!r} (valid: {listing})")
    raise TanhplotError(
        f"unknown {kind} {value!r}{suggest(value, options)} (valid: {listing})"
    )


@contextlib.contextmanager
def captured_warnings() -> Iterator[list[str]]:
    """Collect the warnings raised inside the block, and matplotlib's logged
    warnings (e.g. a glyph missing from the font), as messages, each once, in
    order. The list is filled when the block ends, also when it raises."""
    messages: list[str] = []
    logged: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: logged.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("matplotlib")
    logger.addHandler(handler)
    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as recorded:
            warnings.simplefilter("always")
            caught = recorded
            yield messages
    finally:
        logger.removeHandler(handler)
        raised = [str(w.message) for w in caught]
        messages.extend(dict.fromkeys([*raised, *logged]))
