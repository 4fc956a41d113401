"""``tanhplot build``: render every figure of a spec file, in parallel, skipping
the ones that are already up to date.

The spec file is validated completely first (`tanhplot.specfile`); only then
are figures drawn, each by the code behind ``tanhplot render``, in a pool of
worker processes (started with "forkserver" or "spawn", never "fork") that
exit when the build does. A small JSON manifest next to the spec file
(`MANIFEST`) records, per output, a hash of the figure's canonical spec, the
versions of everything that changes the bytes (`_versions`) and the sha256 of
the file written; a figure whose record still matches is skipped. A figure
and its alt text file are written together or not at all.

This is the library; `tanhplot.report` prints progress and the command is
in `tanhplot.cli`. matplotlib is imported only when a figure is drawn, so a
build with nothing to do does not load it.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from .errors import TanhplotError, captured_warnings, suggest
from .export import (
    process_alive,
    remove_stale_temporary_files,
    source_date,
    write_files,
)
from .specfile import MANIFEST

if TYPE_CHECKING:
    from concurrent.futures import Future

    from .specfile import FigureEntry

__all__ = ["MANIFEST", "Outcome", "Reporter", "build"]

_MANIFEST_VERSION = 1

Status = Literal["written", "unchanged", "failed"]


@dataclass(frozen=True)
class Outcome:
    """What became of one figure.

    Attributes
    ----------
    output : str
        The output path (relative to the current folder when the spec file's
        path was).
    status : {"written", "unchanged", "failed"}
    message : str
        For failures: one line saying why.
    warnings : tuple of str
        What drawing it warned about (e.g. a glyph missing from the font),
        one message each.
    """

    output: str
    status: Status
    message: str = ""
    sha256: str | None = None
    alt_text_sha256: str | None = None
    warnings: tuple[str, ...] = ()


class Reporter(Protocol):
    """Receives progress: the number of figures, then each outcome."""

    def start(self, total: int) -> None: ...  # pragma: no cover

    def done(self, outcome: Outcome) -> None: ...  # pragma: no cover

    def finish(self) -> None: ...  # pragma: no cover


@dataclass(frozen=True)
class _Job:
    """One figure to draw; plain data, so it can be sent to a worker."""

    output: str
    options: dict[str, Any]
    format: str
    sidecar: str | None
    card: bool = False
    #: An animation's frames and frames per second.
    animation: tuple[int, float] | None = None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: str | os.PathLike[str]) -> str | None:
    try:
        return _sha256(Path(path).read_bytes())
    except OSError:
        return None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if isinstance(exc, TanhplotError):
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


_GC_EVERY = 8  # figures: a full collection costs far less than 8 figures
_rendered = 0


def _collect_now_and_then() -> None:
    """Collect garbage after every few figures: matplotlib figures are
    reference cycles, and a long build should not pile them up."""
    global _rendered  # noqa: PLW0603 - one counter per process
    _rendered += 1
    if _rendered % _GC_EVERY == 0:
        gc.collect()


def _render(job: _Job) -> Outcome:
    """Draw and write one figure (in a worker or in this process). Never
    raises: a failure comes back as one line in `Outcome.message`. The figure
    and its alt text file are written together or not at all."""
    try:
        from .export import figure_bytes
        from .figures import figure
        from .formula import formula_card
        from .record import alt_text
        from .spec import FigureSpec

        if job.animation is not None:
            return _render_animation(job)
        spec = FigureSpec.from_options(job.options)
        with captured_warnings() as warned:
            if job.card:
                fig = formula_card(spec.activations[0], spec=spec)
            else:
                fig = figure(spec=spec)
            text = alt_text(fig)
            data = figure_bytes(fig, job.output, format=job.format, alt_text=text)
        fig.clear()  # break the figure's reference cycles early: flat memory
        del fig
        _collect_now_and_then()
        return _written(job, data, text, warned)
    except Exception as exc:
        return Outcome(job.output, "failed", _one_line(exc))


def _written(job: _Job, data: bytes, alt_text: str, warned: list[str]) -> Outcome:
    """Write *data* and, when the job has one, its alt text file, together or
    not at all; the outcome that says so."""
    files = {job.output: data}
    if job.sidecar is not None:
        files[job.sidecar] = (alt_text + "\n").encode()
    write_files(files)
    return Outcome(
        job.output,
        "written",
        sha256=_sha256(data),
        alt_text_sha256=(
            _sha256(files[job.sidecar]) if job.sidecar is not None else None
        ),
        warnings=tuple(warned),
    )


def _render_animation(job: _Job) -> Outcome:
    """Draw and write one animation (as `_render`, which catches)."""
    from .animation import animate
    from .animexport import animation_bytes

    assert job.animation is not None
    frames, fps = job.animation
    options = dict(job.options)
    acts = options.pop("activations")
    with captured_warnings() as warned:
        anim = animate(*acts, frames=frames, fps=fps, **options)
        data = animation_bytes(anim, job.output)
    return _written(job, data, anim.alt_text, warned)


#: Environment variables that change the files written; workers get the
#: parent's values (a fork server keeps those it was started with).
_ENVIRONMENT = ("SOURCE_DATE_EPOCH",)


#: Seconds between a worker's checks that the build is still running.
_WATCH_EVERY = 0.25


def _exit_with(parent: int) -> None:
    """End this worker as soon as process *parent* (the build) is gone, so a
    killed build does not leave workers drawing and writing files."""
    import threading
    import time

    first = os.getppid()

    def watch() -> None:
        while os.getppid() == first and process_alive(parent):
            time.sleep(_WATCH_EVERY)
        os._exit(1)

    threading.Thread(target=watch, name="tanhplot-watchdog", daemon=True).start()


def _start_worker(folder: str, environment: dict[str, str | None], parent: int) -> None:
    """Worker initializer: exit with the build (`_exit_with`), the parent's
    folder and environment, and the drawing code loaded once."""
    _exit_with(parent)
    os.chdir(folder)
    for name, value in environment.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    from . import export, figures  # noqa: F401


def _default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _run(jobs: Sequence[_Job], workers: int, reporter: Reporter) -> list[Outcome]:
    """Render *jobs*, in this process for one worker, else in a process pool."""
    if workers <= 1 or len(jobs) <= 1:
        results = []
        for job in jobs:
            outcome = _render(job)
            reporter.done(outcome)
            results.append(outcome)
        return results

    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # "fork" copies matplotlib's state and threads into the child; never use it.
    method = (
        "forkserver"
        if "forkserver" in multiprocessing.get_all_start_methods()
        else "spawn"
    )
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        # The fork server imports the drawing code once; workers fork from it.
        context.set_forkserver_preload(["tanhplot.export", "tanhplot.figures"])
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)),
        mp_context=context,
        initializer=_start_worker,
        initargs=(
            os.getcwd(),
            {name: os.environ.get(name) for name in _ENVIRONMENT},
            os.getpid(),
        ),
    )
    results = []
    try:
        futures: dict[Future[Outcome], _Job] = {
            pool.submit(_render, job): job for job in jobs
        }
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except Exception as exc:  # the worker process died
                outcome = Outcome(
                    futures[future].output,
                    "failed",
                    f"worker process failed: {_one_line(exc)}",
                )
            reporter.done(outcome)
            results.append(outcome)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return results


# --------------------------------------------------------------------------
# Manifest
# --------------------------------------------------------------------------


#: Distributions whose version can change a figure's bytes: drawing and text
#: (matplotlib, with its FreeType), the numbers (numpy, scipy; sympy for the
#: derivatives of expressions), GIF encoding (pillow), PDF font subsets
#: (fonttools).
_VERSIONED = ("matplotlib", "numpy", "scipy", "sympy", "pillow", "fonttools")


@functools.cache
def _versions() -> dict[str, str | None]:
    """Versions of everything besides the spec that decides the bytes of a
    file: tanhplot, `_VERSIONED` and zlib (PNG and PDF streams). The look comes from
    tanhplot's own complete style, so a matplotlibrc changes nothing. Read
    once per process: ``build --watch`` builds many times, and the code this
    process draws with does not change while it runs. Callers must not
    change the dict."""
    import zlib
    from importlib.metadata import PackageNotFoundError, version

    from . import __version__

    versions: dict[str, str | None] = {"tanhplot": __version__}
    for name in _VERSIONED:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:  # pragma: no cover - a required dependency
            versions[name] = None
    versions["zlib"] = zlib.ZLIB_RUNTIME_VERSION
    return versions


def _read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """The manifest's records by output; empty when there is none.

    A manifest that is not one (garbage, JSON nested too deep to read, another
    layout) is renamed to ``<name>.corrupt`` with a warning, and every figure
    is drawn again.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        return _set_aside(path, _reason(exc))
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return _set_aside(path, _reason(exc))
    figures = data.get("figures") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or data.get("version") != _MANIFEST_VERSION
        or not isinstance(figures, dict)
    ):
        return _set_aside(path, "not a tanhplot build manifest")
    return {k: v for k, v in figures.items() if isinstance(v, dict)}


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return _one_line(exc)


def _set_aside(path: Path, reason: str) -> dict[str, dict[str, Any]]:
    import warnings

    aside = path.with_name(path.name + ".corrupt")
    try:
        os.replace(path, aside)
    except OSError as exc:
        warnings.warn(
            f"ignoring the unreadable build manifest {str(path)!r} ({reason}); "
            f"it could not be set aside ({exc.strerror or exc})",
            stacklevel=3,
        )
    else:
        warnings.warn(
            f"set aside the unreadable build manifest {str(path)!r} as "
            f"{aside.name!r} ({reason}); every figure is drawn again",
            stacklevel=3,
        )
    return {}


def _write_manifest(path: Path, records: dict[str, dict[str, Any]]) -> None:
    data = {"version": _MANIFEST_VERSION, "figures": dict(sorted(records.items()))}
    write_files({path: (json.dumps(data, indent=2, sort_keys=True) + "\n").encode()})


def _record_key(entry: FigureEntry) -> str:
    """The entry's output relative to the spec file's folder, normalized."""
    return Path(os.path.normpath(entry.output)).as_posix()


def _sidecar(entry: FigureEntry) -> Path:
    return entry.path.with_name(entry.path.name + ".txt")


def _up_to_date(
    entry: FigureEntry, record: dict[str, Any] | None, expected: dict[str, Any]
) -> bool:
    if record is None or any(record.get(k) != v for k, v in expected.items()):
        return False
    if _file_sha256(entry.path) != record.get("sha256"):
        return False
    return not entry.alt_text or (
        _file_sha256(_sidecar(entry)) == record.get("alt_text_sha256")
    )


# --------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------


class _Silent:
    def start(self, total: int) -> None:
        pass

    def done(self, outcome: Outcome) -> None:
        pass

    def finish(self) -> None:
        pass


def _select(entries: list[FigureEntry], only: Iterable[str]) -> list[FigureEntry]:
    wanted = list(only)
    if not wanted:
        return entries
    chosen: set[int] = set()
    for name in wanted:
        target = os.path.abspath(name)
        # by position: a figure and an animation may share an index
        hits = [
            position
            for position, e in enumerate(entries)
            if name in (e.output, str(e.path)) or os.path.abspath(e.path) == target
        ]
        if not hits:
            outputs = [e.output for e in entries]
            raise TanhplotError(
                f"--only {name!r} is not an output of the spec file"
                f"{suggest(name, outputs)} (outputs: {', '.join(outputs)})"
            )
        chosen.update(hits)
    return [e for position, e in enumerate(entries) if position in chosen]


def build(
    spec_file: str | os.PathLike[str],
    *,
    only: Iterable[str] = (),
    jobs: int | None = None,
    force: bool = False,
    reporter: Reporter | None = None,
) -> list[Outcome]:
    """Render the figures of a spec file.

    Parameters
    ----------
    spec_file : str or os.PathLike
        The TOML spec file; outputs are relative to its folder, and the
        manifest `MANIFEST` is kept there.
    only : iterable of str, optional
        Outputs to build (as written in the file, or as paths); default all.
    jobs : int, optional
        Worker processes; default the number of CPUs. With 1, figures are
        drawn in this process.
    force : bool, default False
        Draw every figure, even those that are up to date.
    reporter : Reporter, optional
        Told the number of figures and each outcome as it happens.

    Returns
    -------
    list of Outcome
        One per selected figure, in file order.

    Raises
    ------
    SpecFileError
        For an invalid spec file, before anything is written.
    TanhplotError
        For an unknown ``--only`` output or an invalid ``SOURCE_DATE_EPOCH``.

    Notes
    -----
    Worker processes know the built-in activations and those the spec file
    names by string; activations registered at run time with
    `tanhplot.register` exist only in this process, so use ``jobs=1`` for them.
    """
    from .specfile import load

    if jobs is not None and (isinstance(jobs, bool) or jobs < 1):
        raise TanhplotError(f"jobs must be at least 1, got {jobs!r}")
    reporter = reporter or _Silent()
    source_date()  # an invalid SOURCE_DATE_EPOCH fails every figure: say so now
    spec_path = Path(spec_file)
    entries = _select(load(spec_path), only)
    manifest_path = spec_path.parent / MANIFEST
    for folder in dict.fromkeys([spec_path.parent, *(e.path.parent for e in entries)]):
        remove_stale_temporary_files(folder)  # left by a build that was killed
    records = _read_manifest(manifest_path)
    versions = _versions()

    reporter.start(len(entries))
    outcomes: dict[str, Outcome] = {}
    expected: dict[str, dict[str, Any]] = {}
    todo: list[_Job] = []
    by_output: dict[str, FigureEntry] = {}
    for entry in entries:
        output = str(entry.path)
        by_output[output] = entry
        expected[output] = {"spec": entry.digest(), **versions}
        if not force and _up_to_date(
            entry, records.get(_record_key(entry)), expected[output]
        ):
            outcomes[output] = Outcome(output, "unchanged")
            reporter.done(outcomes[output])
        else:
            sidecar = str(_sidecar(entry)) if entry.alt_text else None
            todo.append(
                _Job(
                    output,
                    entry.options,
                    entry.format,
                    sidecar,
                    entry.card,
                    entry.animation,
                )
            )

    try:
        for outcome in _run(todo, jobs or _default_jobs(), reporter):
            outcomes[outcome.output] = outcome
            key = _record_key(by_output[outcome.output])
            if outcome.status == "written":
                record = {**expected[outcome.output], "sha256": outcome.sha256}
                if outcome.alt_text_sha256 is not None:
                    record["alt_text_sha256"] = outcome.alt_text_sha256
                records[key] = record
            else:
                records.pop(key, None)
    finally:
        reporter.finish()
        if todo:
            _write_manifest(manifest_path, records)
    return [outcomes[str(entry.path)] for entry in entries]
