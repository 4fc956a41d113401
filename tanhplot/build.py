"""``tanhplot build``: render every figure of a spec file, in parallel, skipping
the ones that are already up to date.

The spec file is validated completely first (`tanhplot.specfile`); only then
are figures drawn, each by the code behind ``tanhplot render``, in a pool of
worker processes (started with "forkserver" or "spawn", never "fork"). A small
JSON manifest next to the spec file (`MANIFEST`) records, per output, a hash of
the figure's canonical spec, the tanhplot and matplotlib versions and the
sha256 of the file written; a figure whose record still matches is skipped.

matplotlib is imported only when figures are drawn: the CLI imports this
module at start-up.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Protocol

import typer

from .errors import TanhplotError, captured_warnings, suggest

if TYPE_CHECKING:
    from concurrent.futures import Future

    from .specfile import FigureEntry

__all__ = ["MANIFEST", "Outcome", "Reporter", "build", "build_command"]

#: File name of the manifest, written next to the spec file.
MANIFEST = ".tanhplot-build.json"

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


_GC_EVERY = 8  # figures; a full collection costs ~15 ms, a figure ~100 ms
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
    raises: a failure comes back as one line in `Outcome.message`."""
    try:
        from .alttext import alt_text
        from .export import save, write_atomic
        from .figures import figure
        from .spec import FigureSpec

        spec = FigureSpec.from_options(job.options)
        with captured_warnings() as warned:
            fig = figure(spec=spec)
            text = alt_text(spec)
            data_path = save(fig, job.output, format=job.format, alt_text=text)
        fig.clear()  # break the figure's reference cycles early: flat memory
        del fig
        _collect_now_and_then()
        sidecar_sha = None
        if job.sidecar is not None:
            data = (text + "\n").encode()
            write_atomic(job.sidecar, data)
            sidecar_sha = _sha256(data)
        return Outcome(
            job.output,
            "written",
            sha256=_file_sha256(data_path),
            alt_text_sha256=sidecar_sha,
            warnings=tuple(warned),
        )
    except Exception as exc:
        return Outcome(job.output, "failed", _one_line(exc))


#: Environment variables that change the files written; workers get the
#: parent's values (a fork server keeps those it was started with).
_ENVIRONMENT = ("SOURCE_DATE_EPOCH",)


def _start_worker(folder: str, environment: dict[str, str | None]) -> None:
    """Worker initializer: the parent's folder and environment, and the
    drawing code loaded once."""
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
        initargs=(os.getcwd(), {name: os.environ.get(name) for name in _ENVIRONMENT}),
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


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    from . import __version__

    return {"tanhplot": __version__, "matplotlib": version("matplotlib")}


def _read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """The manifest's records by output; empty when missing or unreadable
    (then every figure is simply drawn again)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _MANIFEST_VERSION:
        return {}
    figures = data.get("figures")
    if not isinstance(figures, dict):
        return {}
    return {k: v for k, v in figures.items() if isinstance(v, dict)}


def _write_manifest(path: Path, records: dict[str, dict[str, Any]]) -> None:
    from .export import write_atomic

    data = {"version": _MANIFEST_VERSION, "figures": dict(sorted(records.items()))}
    write_atomic(path, (json.dumps(data, indent=2, sort_keys=True) + "\n").encode())


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
        hits = [
            e.index
            for e in entries
            if name in (e.output, str(e.path)) or os.path.abspath(e.path) == target
        ]
        if not hits:
            outputs = [e.output for e in entries]
            raise TanhplotError(
                f"--only {name!r} is not an output of the spec file"
                f"{suggest(name, outputs)} (outputs: {', '.join(outputs)})"
            )
        chosen.update(hits)
    return [e for e in entries if e.index in chosen]


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
    from .export import source_date
    from .specfile import load

    if jobs is not None and (isinstance(jobs, bool) or jobs < 1):
        raise TanhplotError(f"jobs must be at least 1, got {jobs!r}")
    reporter = reporter or _Silent()
    source_date()  # an invalid SOURCE_DATE_EPOCH fails every figure: say so now
    spec_path = Path(spec_file)
    entries = _select(load(spec_path), only)
    manifest_path = spec_path.parent / MANIFEST
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
            todo.append(_Job(output, entry.options, entry.format, sidecar))

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


# --------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------


class _Lines:
    """Plain lines: one per figure as it finishes (unless quiet), failures on
    stderr."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet

    def start(self, total: int) -> None:
        pass

    def done(self, outcome: Outcome) -> None:
        if outcome.status == "failed":
            typer.echo(_failure(outcome), err=True)
        elif not self.quiet:
            verb = "wrote" if outcome.status == "written" else "unchanged"
            typer.echo(f"{verb} {outcome.output}")
        for line in _warnings(outcome):
            typer.echo(line, err=True)

    def finish(self) -> None:
        pass


class _Bar(_Lines):
    """A rich progress bar on the terminal, with the lines printed above it."""

    def __init__(self) -> None:
        super().__init__(quiet=False)
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(
            TextColumn("building"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = self.progress.add_task("figures", total=None)

    def start(self, total: int) -> None:
        self.progress.update(self.task, total=total)
        self.progress.start()

    def done(self, outcome: Outcome) -> None:
        if outcome.status == "failed":
            self.progress.console.print(
                _failure(outcome), markup=False, highlight=False
            )
        else:
            verb = "wrote" if outcome.status == "written" else "unchanged"
            self.progress.console.print(
                f"{verb} {outcome.output}", markup=False, highlight=False
            )
        for line in _warnings(outcome):
            self.progress.console.print(line, markup=False, highlight=False)
        self.progress.advance(self.task)

    def finish(self) -> None:
        self.progress.stop()


def _warnings(outcome: Outcome) -> list[str]:
    return [f"tanhplot: warning: {outcome.output}: {w}" for w in outcome.warnings]


def _failure(outcome: Outcome) -> str:
    return f"tanhplot: error: {outcome.output} failed: {outcome.message}"


def _on_terminal() -> bool:
    from rich.console import Console

    return Console(stderr=True).is_terminal


def build_command(
    spec: Annotated[
        str,
        typer.Argument(
            metavar="SPEC",
            help="TOML spec file: a [defaults] table and one [[figure]] per "
            "output, with the options of 'tanhplot render'.",
            show_default=False,
        ),
    ],
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            metavar="OUTPUT",
            help="Build only this output; repeat for more. Default: all.",
            show_default=False,
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Figures drawn in parallel. Default: the number of CPUs.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Draw every figure, even unchanged ones."),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print failures only.")
    ] = False,
) -> None:
    """Draw every figure of a spec file; unchanged figures are skipped."""
    from .specfile import SpecFileError

    reporter: Reporter = _Bar() if not quiet and _on_terminal() else _Lines(quiet)
    try:
        outcomes = build(
            spec, only=only or (), jobs=jobs, force=force, reporter=reporter
        )
    except SpecFileError as exc:
        for line in exc.errors:
            typer.echo(f"tanhplot: error: {line}", err=True)
        raise typer.Exit(2) from None
    counts = {
        s: sum(o.status == s for o in outcomes)
        for s in ("written", "unchanged", "failed")
    }
    if not quiet:
        typer.echo(", ".join(f"{n} {status}" for status, n in counts.items()))
    if counts["failed"]:
        raise typer.Exit(1)
