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


@pytest.mark.slow
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


@pytest.mark.slow
def test_any_action_can_be_watched(tmp_path: Path) -> None:
    """`render --watch` runs its own action in the same loop; an action's
    TanhplotError is reported and the watch goes on."""
    from tanhplot.errors import TanhplotError

    spec = tmp_path / "opts.toml"
    spec.write_text("ok")
    events: queue.Queue[tuple[str, object]] = queue.Queue()
    stop = threading.Event()

    def action(path: Path) -> str:
        text = path.read_text()
        if text != "ok":
            raise TanhplotError(f"bad: {text}")
        return text

    thread = threading.Thread(
        target=watch,
        args=(spec,),
        kwargs={
            "error": lambda line: events.put(("error", line)),
            "stop": stop,
            "interval": 0.01,
            "on_round": lambda result: events.put(("round", result)),
            "action": action,
        },
        daemon=True,
    )
    thread.start()
    try:
        assert events.get(timeout=WAIT) == ("round", "ok")
        _save(spec, "no")
        assert events.get(timeout=WAIT) == ("error", "bad: no")
        _save(spec, "ok")
        assert events.get(timeout=WAIT) == ("round", "ok")
    finally:
        stop.set()
        thread.join(WAIT)
    assert not thread.is_alive()


@pytest.mark.slow
def test_render_watch_redraws_on_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``tanhplot render --watch FILE`` in this process: the first draw, a
    save with an error (reported, nothing written), a save that changes the
    picture, one that changes no option (nothing drawn), then Ctrl-C."""
    from typer.testing import CliRunner

    import tanhplot.watch
    from tanhplot.cli import app

    monkeypatch.chdir(tmp_path)
    opts = tmp_path / "fig.toml"
    opts.write_text('title = "one"\n')
    out = tmp_path / "t.png"
    events: queue.Queue[tuple[str, object]] = queue.Queue()
    real = tanhplot.watch.watch

    def spy(file: str, *, error, on_round, **how):  # type: ignore[no-untyped-def]
        def reported(line: str) -> None:
            error(line)
            events.put(("error", line))

        def done(result: object) -> None:
            on_round(result)
            events.put(("round", out.read_bytes()))

        real(file, error=reported, on_round=done, **{**how, "interval": 0.01})

    monkeypatch.setattr(tanhplot.watch, "watch", spy)
    seen: list[object] = []

    def edit() -> None:
        try:
            seen.append(events.get(timeout=WAIT))
            _save(opts, 'titel = "two"\n')
            seen.append(events.get(timeout=WAIT))
            _save(opts, 'title = "two"\nxlim = [-6, 6]\n')
            seen.append(events.get(timeout=WAIT))
            _save(opts, 'title = "two"\nxlim = [-6, 6]  # wider\n')
            seen.append(events.get(timeout=WAIT))
        finally:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C

    editor = threading.Thread(target=edit, daemon=True)
    editor.start()
    result = CliRunner().invoke(
        app, ["render", "tanh", "--watch", "fig.toml", "-o", "t.png"]
    )
    editor.join(WAIT)
    assert result.exit_code == 0, result.output
    assert [kind for kind, _ in seen] == ["round", "error", "round", "round"]
    assert "unknown option 'titel'; did you mean 'title'?" in str(seen[1][1])
    first, second, third = seen[0][1], seen[2][1], seen[3][1]
    assert first != second and second == third
    assert result.stdout.splitlines() == [
        "wrote t.png",
        "watching fig.toml (Ctrl-C stops)",
        "wrote t.png",
        "unchanged t.png",
        "stopped watching",
    ]


def test_render_watch_refuses_standard_output() -> None:
    from typer.testing import CliRunner

    from tanhplot.cli import app

    result = CliRunner().invoke(
        app, ["render", "--watch", "f.toml", "-o", "-", "--format", "png"]
    )
    assert result.exit_code == 2
    assert "--watch writes a file on every save" in result.output


def test_help_gives_the_polling_interval() -> None:
    # --help states how often the watched file is looked at: the one in watch
    from typer.testing import CliRunner

    from tanhplot.cli import app
    from tanhplot.watch import INTERVAL

    said = f"looked at every {INTERVAL:g} s"
    for command in ("build", "render"):
        result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "400"})
        assert said in " ".join(result.output.split()), command


def test_a_save_in_progress_is_read_when_it_is_done(tmp_path: Path) -> None:
    """An editor that empties the file and then writes it: the watch sees
    the empty file, waits `SETTLE`, sees it change again and reads it when
    it stays the same: one round, which reads the whole file (neither the
    empty file nor the file twice). (The stop event
    plays the editor: its waits are where the watch waits.)"""
    from tanhplot.watch import SETTLE

    spec = tmp_path / "options.toml"
    spec.write_text("first")
    read: list[str] = []
    stamp = [spec.stat().st_mtime_ns]

    def save(text: str) -> None:
        stamp[0] += 10**9  # a new stamp even on a coarse clock
        spec.write_text(text)
        os.utime(spec, ns=(stamp[0], stamp[0]))

    class Editor(threading.Event):
        emptied = written = False
        looks_after = waits = 0

        def wait(self, timeout: float | None = None) -> bool:
            self.waits += 1
            if self.waits > 100:  # a guard: the watch never settled
                self.set()
            elif read == ["first"] and not self.emptied:
                self.emptied = True
                save("")  # the save starts between two looks
            elif self.emptied and not self.written and timeout == SETTLE:
                self.written = True
                save("second")  # and ends while the watch settles
            elif self.written:
                self.looks_after += 1
                if self.looks_after == 5:  # a few more looks: nothing new
                    self.set()
            return self.is_set()

    errors: list[str] = []
    watch(
        spec,
        error=errors.append,
        stop=Editor(),
        action=lambda path: read.append(path.read_text()),
    )
    assert read == ["first", "second"]
    assert errors == []
