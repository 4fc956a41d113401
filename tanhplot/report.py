"""Terminal reporting of ``tanhplot build``: a line per figure, or a rich
progress bar on a terminal. `tanhplot.build` does the work and tells a
`~tanhplot.build.Reporter`; these are the two the command uses."""

from __future__ import annotations

import sys

import typer

from .build import Outcome, Reporter

__all__ = ["Changes", "Lines", "ProgressBar", "reporter", "summary"]


class Lines:
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


class Changes(Lines):
    """For ``build --watch``: a line per figure drawn or failed; the figures
    that stayed as they were say nothing (the round's summary counts them)."""

    def __init__(self) -> None:
        super().__init__(quiet=False)

    def done(self, outcome: Outcome) -> None:
        if outcome.status != "unchanged":
            super().done(outcome)


class ProgressBar(Lines):
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
    """Whether standard error is a terminal (rich is imported only then)."""
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed
        return False


def reporter(quiet: bool) -> Reporter:
    """The progress bar on a terminal (unless *quiet*), else plain lines."""
    return ProgressBar() if not quiet and _on_terminal() else Lines(quiet)


def summary(outcomes: list[Outcome]) -> tuple[str, int]:
    """``2 written, 1 unchanged, 0 failed`` and the exit code (1 if any
    figure failed)."""
    counts = {
        s: sum(o.status == s for o in outcomes)
        for s in ("written", "unchanged", "failed")
    }
    line = ", ".join(f"{n} {status}" for status, n in counts.items())
    return line, 1 if counts["failed"] else 0
