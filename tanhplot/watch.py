"""``tanhplot build --watch`` and ``tanhplot render --watch``: one warm
process that redraws each time a file is saved.

The spec file is polled every `INTERVAL` seconds (its modification time,
size and inode: cheap ``os.stat`` calls, no extra dependency, and it works
the same on every platform and for editors that save by writing a new file
and renaming it). A change is read once the file has stayed the same for
`SETTLE` seconds: an editor that empties the file and then writes it is
read when it is done, not empty. When it changed, `tanhplot.build.build`
runs in this process (``jobs=1``): its manifest skips every figure whose
options did not change, so only the edited figures are drawn, and
matplotlib stays imported between saves. A spec file with errors is
reported and the watch goes on; the figures are rebuilt at the next save
that fixes it.

``render --watch FILE`` uses the same loop with another *action*: FILE
holds one figure's options, and each save redraws that figure.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .build import Outcome, Reporter, build
from .errors import TanhplotError

__all__ = ["INTERVAL", "SETTLE", "watch"]

#: Seconds between two looks at the spec file.
INTERVAL = 0.01
#: Seconds a changed file stays unchanged before it is read.
SETTLE = 0.002


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What changes when the file is saved; None while it does not exist
    (an editor between removing and renaming)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def watch(
    spec_file: str | os.PathLike[str],
    *,
    reporter: Reporter | None = None,
    error: Callable[[str], None],
    stop: threading.Event | None = None,
    interval: float = INTERVAL,
    on_round: Callable[[Any], None] | None = None,
    action: Callable[[Path], Any] | None = None,
) -> None:
    """Build *spec_file* now and again after every change, until *stop* is
    set (or, without one, until KeyboardInterrupt, which is left to the
    caller). With *action*, run that on the file instead of a build.

    Parameters
    ----------
    spec_file : str or os.PathLike
        The TOML spec file, as for `tanhplot.build.build` (or the file
        *action* reads).
    reporter : Reporter, optional
        Told each figure's outcome, as in a build.
    error : callable
        Called with one line per problem of a spec file that cannot be built
        (`SpecFileError` lines, or a `TanhplotError` that *action* raised).
    stop : threading.Event, optional
        Set it to end the watch (checked every *interval* seconds).
    interval : float, default `INTERVAL`
        Seconds between two looks at the file.
    on_round : callable, optional
        Called with the outcomes of each build that ran (for a summary line),
        or with what *action* returned.
    action : callable, optional
        Called with the file's path on each change instead of building it
        (``render --watch``); its `TanhplotError` is reported and the watch
        goes on.
    """
    from .specfile import SpecFileError

    path = Path(spec_file)
    if action is None:

        def action(path: Path) -> list[Outcome]:
            return build(path, jobs=1, reporter=reporter)

    stop = stop or threading.Event()
    gc.enable()  # a long-lived process: the CLI turns the collector off
    seen: tuple[int, int, int] | bool | None = False  # False: never looked
    while not stop.is_set():
        stamp = _stamp(path)
        if stamp != seen and stamp is not None:
            if stop.wait(SETTLE):
                break
            if _stamp(path) != stamp:
                continue  # still being written: look again
            seen = stamp
            try:
                outcomes = action(path)
            except SpecFileError as exc:
                for line in exc.errors:
                    error(line)
            except TanhplotError as exc:
                error(str(exc))
            else:
                if on_round is not None:
                    on_round(outcomes)
            gc.collect()
        elif stamp is None and seen is False:
            error(f"{path}: no such file; waiting for it")
            seen = None
        stop.wait(interval)
