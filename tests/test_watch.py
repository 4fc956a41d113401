"""`tanhplot build --watch`: rebuilds only what changed on each save, lives
through a broken spec file, stops cleanly."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tanhplot.report import Changes
from tanhplot.watch import watch

WAIT = 60.0  # seconds before a test gives up (a guard, not a timing goal)

TWO = '[[figure]]\noutput = "a.png"\n[[figure]]\noutput = "b.png"\n'


class _Watch:
    """`watch` in a thread; each build's outcomes or errors on a queue."""

    def __init__(self, spec: Path) -> None:
        self.events: queue.Queue[tuple[str, object]] = queue.Queue()
        self.stop = threading.Event()
        self.thread = threading.Thread(
            target=watch,
            args=(spec,),
            kwargs={
                "reporter": Changes(),
                "error": lambda line: self.events.put(("error", line)),
                "stop": self.stop,
                "interval": 0.01,
                "on_round": lambda outs: self.events.put(("round", outs)),
            },
            daemon=True,
        )
        self.thread.start()

    def next(self) -> tuple[str, object]:
        return self.events.get(timeout=WAIT)


@pytest.fixture
def watching(tmp_path: Path) -> Iterator[tuple[Path, _Watch]]:
    spec = tmp_path / "figures.toml"
    spec.write_text(TWO)
    w = _Watch(spec)
    yield spec, w
    w.stop.set()
    w.thread.join(WAIT)
    assert not w.thread.is_alive()


def _save(spec: Path, text: str) -> None:
    """Write *text* and make sure the stamp changes even on a coarse clock."""
    before = spec.stat().st_mtime_ns
    spec.write_text(text)
    os.utime(spec, ns=(before + 10**9, before + 10**9))


def _statuses(event: tuple[str, object]) -> dict[str, str]:
    kind, outcomes = event
    assert kind == "round", outcomes
    return {Path(o.output).name: o.status for o in outcomes}  # type: ignore[attr-defined]


def test_rebuilds_only_the_changed_figure(
    watching: tuple[Path, _Watch], capsys: pytest.CaptureFixture[str]
) -> None:
    spec, w = watching
    assert _statuses(w.next()) == {"a.png": "written", "b.png": "written"}
    first = (spec.parent / "a.png").read_bytes()
    _save(spec, TWO + 'activations = ["relu"]\n')
    assert _statuses(w.next()) == {"a.png": "unchanged", "b.png": "written"}
    assert (spec.parent / "a.png").read_bytes() == first
    out = capsys.readouterr().out.splitlines()
    # one line per figure drawn; the unchanged one says nothing
    assert out == ["wrote " + str(spec.parent / n) for n in ("a.png", "b.png", "b.png")]


@pytest.mark.slow
def test_survives_a_broken_spec(watching: tuple[Path, _Watch]) -> None:
    spec, w = watching
    w.next()
    b = (spec.parent / "b.png").read_bytes()
    _save(spec, TWO + 'activations = ["nope"]\n')
    kind, line = w.next()
    assert kind == "error" and "unknown activation 'nope'" in str(line)
    assert (spec.parent / "b.png").read_bytes() == b  # nothing written
    _save(spec, TWO + 'activations = ["sigmoid"]\n')
    assert _statuses(w.next()) == {"a.png": "unchanged", "b.png": "written"}
    assert w.thread.is_alive()


@pytest.mark.slow
def test_waits_for_a_missing_file(tmp_path: Path) -> None:
    spec = tmp_path / "later.toml"
    w = _Watch(spec)
    try:
        kind, line = w.next()
        assert kind == "error" and "no such file" in str(line)
        spec.write_text('[[figure]]\noutput = "a.png"\n')
        assert _statuses(w.next()) == {"a.png": "written"}
    finally:
        w.stop.set()
        w.thread.join(WAIT)


#: ``python -m tanhplot`` with Ctrl-C's usual handler: a shell's background
#: job ignores SIGINT, and a child started from it would too.
_MAIN = (
    "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from tanhplot.cli import main; main()"
)


@pytest.mark.slow
def test_ctrl_c_exits_cleanly(tmp_path: Path) -> None:
    spec = tmp_path / "figures.toml"
    spec.write_text('[[figure]]\noutput = "a.png"\n')
    proc = subprocess.Popen(
        [sys.executable, "-c", _MAIN, "build", "--watch", str(spec)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    lines = [proc.stdout.readline(), proc.stdout.readline()]
    assert lines[0].startswith("wrote ") and "watching" in lines[1]
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=WAIT)
    assert proc.returncode == 0, err
    assert out == "stopped watching\n" and "Traceback" not in err
